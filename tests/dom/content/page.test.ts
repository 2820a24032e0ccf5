// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import type { NameEntry } from '../../../core/knowledge/names';
import type { CompiledMatcher, Mention } from '../../../core/matcher';
import { DEFAULT_SETTINGS } from '../../../core/settings';
import type { HighlightRules } from '../../../entrypoints/content/highlights';
import { ContentPage } from '../../../entrypoints/content/page';

/**
 * The first walk over a page runs in slices, and the page runs between them. What it does there (remove, replace
 * or move blocks) must not make the walk miss text or count a block twice. The matcher here finds "Putin" and
 * spends 3 ms per text, so a walk of 30 paragraphs spans many 8 ms slices.
 */
const MS_PER_TEXT = 3;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function start(paragraphs: number) {
  document.body.innerHTML = Array.from({ length: paragraphs }, (_, i) => `<p id="p${i}">Putin ${i}</p>`).join(
    '',
  );
  let calls = 0;
  const matcher: CompiledMatcher = {
    match(text: string): Mention[] {
      calls++;
      const until = performance.now() + MS_PER_TEXT;
      while (performance.now() < until) {
        // busy: a slice holds only a few texts
      }
      const out: Mention[] = [];
      for (const m of text.matchAll(/Putin/g))
        out.push({ entity: 'putin', start: m.index, end: m.index + 5 });
      return out;
    },
    size: 1,
  };
  const rules: HighlightRules = { write() {}, ensure() {}, remove() {} };
  const putin: NameEntry = { id: 'putin', type: 'person', name: 'Vladimir Putin' };
  const page = new ContentPage(
    {
      doc: document,
      names: { byId: new Map([['putin', putin]]) },
      matcher,
      host: document.createElement('div'),
      rules,
      alive: () => true,
      setTimer: (fn, ms) => setTimeout(fn, ms) as unknown as number,
      clearTimer: (id) => clearTimeout(id),
      onCount() {},
    },
    DEFAULT_SETTINGS,
    { show() {}, hide() {} },
  );
  page.start();
  return {
    page,
    /** Resolves in a pause of the walk (a task between its slices), once it has read `n` texts. */
    async afterTexts(n: number) {
      while (calls < n) await sleep(0);
      expect(page.scanning).toBe(true);
    },
    /** Resolves once the walk and the rescans the changes queued are over. */
    async settled() {
      for (let quiet = 0, waited = 0; quiet < 4 && waited < 5_000; waited += 100) {
        await sleep(100);
        quiet = page.scanning ? 0 : quiet + 1;
      }
    },
    /** The paragraph numbers of the mentions the page holds, in its order. */
    found: () =>
      page.index.blocksInOrder().flatMap((r) => r.mentions.map(() => Number(r.block.text.slice(6)))),
  };
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

afterEach(() => {
  document.body.innerHTML = '';
});

describe('the first walk, while the page changes between its slices', () => {
  it('the blocks it would read next removed: the rest of the page is still read', async () => {
    const t = start(30);
    await t.afterTexts(3);
    const read = t.found().length;
    document.getElementById(`p${read}`)?.remove();
    document.getElementById(`p${read + 1}`)?.remove();
    await t.settled();
    expect(t.found()).toEqual(range(0, 30).filter((i) => i !== read && i !== read + 1));
  });

  it('the block it read last and the next one removed: the rest is read by a rescan', async () => {
    const t = start(30);
    await t.afterTexts(3);
    // The walk has read p0…p2 at least; remove the last one it read and the one it would read next.
    const read = t.found().length;
    document.getElementById(`p${read - 1}`)?.remove();
    document.getElementById(`p${read}`)?.remove();
    await t.settled();
    expect(t.found()).toEqual(range(0, 30).filter((i) => i !== read - 1 && i !== read));
  });

  it('a block moved from behind it to ahead of it: counted once, where it now is', async () => {
    const t = start(30);
    await t.afterTexts(3);
    document.body.append(document.getElementById('p0') as HTMLElement);
    await t.settled();
    expect(t.found()).toEqual([...range(1, 30), 0]);
    expect(t.page.index.totalMentions()).toBe(30);
  });
});
