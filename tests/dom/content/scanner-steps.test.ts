// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import type { MentionFilter } from '@/content/filter';
import type { HighlightWindow } from '@/content/highlight-window';
import { Scanner } from '@/content/scanner';
import { MentionStore } from '@/content/store';
import type { CompiledMatcher, Mention } from '@/core/matcher';

const matcher: CompiledMatcher = {
  match(text: string): Mention[] {
    const out: Mention[] = [];
    for (const m of text.matchAll(/Lukashenko/g))
      out.push({ entity: 'lukashenko', start: m.index, end: m.index + 10 });
    return out;
  },
  size: 1,
};

/**
 * Scans `root` with a clock that runs out after every step, so each step is one slice: the number of slices is the
 * number of steps the scan took.
 */
function scanInSteps(root: Node): { steps: number; mentions: string[] } {
  const store = new MentionStore(document);
  const queue: (() => void)[] = [];
  let clock = 0;
  let done = false;
  const scanner = new Scanner({
    matcher,
    store,
    filter: { inherit() {} } as unknown as MentionFilter,
    window: { added() {} } as unknown as HighlightWindow,
    env: { now: () => (clock += 1_000), post: (fn) => queue.push(fn) },
    options: () => ({}),
    onPassEnd: () => {
      done = true;
    },
    timing: false,
  });
  scanner.startPage(root);
  let steps = 0;
  while (!done && queue.length > 0) {
    (queue.shift() as () => void)();
    steps++;
  }
  const mentions = store
    .blocksInOrder()
    .flatMap((r) => r.mentions.map((m) => `${r.block.text.slice(m.start, m.end)}@${m.start}`));
  return { steps, mentions };
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('the scanner on one block of many inline elements', () => {
  it('reads it over many steps, and finds the same mentions as in one step', () => {
    const div = document.createElement('div');
    for (let i = 0; i < 3_000; i++) {
      const span = document.createElement('span');
      span.textContent = i % 100 === 0 ? 'Alexander Lukashenko ' : `w${i} `;
      div.appendChild(span);
    }
    document.body.appendChild(div);
    const { steps, mentions } = scanInSteps(document.body);
    // 6,000 nodes in one block: no step may hold them all.
    expect(steps).toBeGreaterThan(5);
    expect(mentions).toHaveLength(30);
    // The same text read as one block, as blocks made of elements would be: the same mentions at the same places.
    let text = '';
    const expected: string[] = [];
    for (const span of div.children) text += span.textContent;
    for (const m of matcher.match(text)) expected.push(`${text.slice(m.start, m.end)}@${m.start}`);
    expect(mentions).toEqual(expected);
  });
});
