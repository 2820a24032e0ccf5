// @vitest-environment happy-dom
/**
 * One block of thousands of inline elements (the hostile-pages issue's "200,000 spans in one div"): no step may
 * cost in proportion to the whole block. The store maps the block's text nodes to its record a step at a time, and
 * the highlight window measures such a block by its two ends, never by one range over all of its nodes.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Rec } from '@/content/mention';
import { ContentPage } from '@/content/page';
import { MentionStore, NODES_MAPPED_PER_STEP } from '@/content/store';
import type { CompiledMatcher, Mention } from '@/core/matcher';
import type { NameEntry } from '@/core/matcher/names/format';
import { DEFAULT_SETTINGS } from '@/core/settings';
import { collectBlocks } from '@/dom/text-blocks';
import { pageDeps } from './fixtures';

const SPANS = 10_000;

/** One div of `spans` spans, every `every`th naming Putin. */
function hugeBlock(spans = SPANS, every = 500): HTMLElement {
  const div = document.createElement('div');
  let html = '';
  for (let i = 0; i < spans; i++) html += `<span>${i % every === 0 ? 'Putin' : 'word'} </span>`;
  div.innerHTML = html;
  document.body.replaceChildren(div);
  return div;
}

const putinMatcher: CompiledMatcher = {
  match(text: string): Mention[] {
    return [...text.matchAll(/Putin/g)].map((m) => ({ entity: 'putin', start: m.index, end: m.index + 5 }));
  },
  size: 1,
};

afterEach(() => {
  vi.restoreAllMocks();
  document.body.replaceChildren();
});

describe('MentionStore: a block of many text nodes', () => {
  function storeWithHugeBlock() {
    hugeBlock();
    const [block] = collectBlocks(document.body, { isHidden: () => false });
    if (!block) throw new Error('no block');
    expect(block.nodes.length).toBe(SPANS);
    const rec: Rec = { block, mentions: putinMatcher.match(block.text) };
    const store = new MentionStore(document);
    store.put(rec, true);
    return { store, rec, block };
  }

  it('maps its text nodes a step at a time after the put, then says there is nothing left', () => {
    const { store } = storeWithHugeBlock();
    let steps = 0;
    while (store.mapSome()) steps++;
    // The put mapped one step's worth; each later step at most as many.
    expect(steps).toBe(Math.ceil((SPANS - NODES_MAPPED_PER_STEP) / NODES_MAPPED_PER_STEP));
    expect(store.mapSome()).toBe(false);
  });

  it('answers for a node not mapped yet: a question of the map finishes it first', () => {
    const { store, rec, block } = storeWithHugeBlock();
    const last = rec.mentions.at(-1) as Mention;
    const i = block.starts.findLastIndex((s) => s <= last.start);
    const node = block.nodes[i] as Text;
    expect(store.mentionAt(node, 1)).toEqual({ record: rec, i: rec.mentions.length - 1 });
    expect(store.mapSome()).toBe(false);
    expect(store.recordsOfNodes(block)).toEqual(new Set([rec]));
  });
});

describe('the highlight window on a block of many text nodes', () => {
  it('never measures one range over more than a few dozen of its nodes', { timeout: 30_000 }, async () => {
    // Mentions over the window's budget (MAX_REGISTERED), so the fit reads where blocks are.
    const div = hugeBlock(1_500, 5);
    const index = new Map<Node, number>();
    const walker = document.createTreeWalker(div, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(), i = 0; n; n = walker.nextNode(), i++) index.set(n, i);
    let widest = 0;
    const rect = { top: 10, bottom: 30, left: 0, right: 100, width: 100, height: 20, x: 0, y: 10 } as DOMRect;
    vi.spyOn(window.Range.prototype, 'getBoundingClientRect').mockImplementation(function (this: Range) {
      const from = index.get(this.startContainer) ?? 0;
      const to = index.get(this.endContainer) ?? 0;
      widest = Math.max(widest, to - from + 1);
      return rect;
    });
    vi.spyOn(window.Range.prototype, 'getClientRects').mockReturnValue([rect] as unknown as DOMRectList);
    const g = window as unknown as Record<string, unknown>;
    g.Highlight = class extends Set<AbstractRange> {};
    const css = Object.getOwnPropertyDescriptor(window, 'CSS');
    const registry = new Map<string, Set<AbstractRange>>();
    Object.defineProperty(window, 'CSS', { configurable: true, value: { highlights: registry } });
    try {
      const putin: NameEntry = { id: 'putin', type: 'person', name: 'Vladimir Putin' };
      const page = new ContentPage(
        pageDeps({ names: new Map([['putin', putin]]), matcher: putinMatcher, onStop() {} }),
        DEFAULT_SETTINGS,
      );
      page.start();
      while (page.scanning) await new Promise((r) => setTimeout(r, 10));
      await new Promise((r) => setTimeout(r, 300)); // the fit after the pass
      expect(page.store.totalMentions()).toBeGreaterThan(0);
      expect(widest).toBeGreaterThan(0);
      expect(widest).toBeLessThanOrEqual(64);
      page.destroy();
    } finally {
      delete g.Highlight;
      if (css) Object.defineProperty(window, 'CSS', css);
      else delete g.CSS;
    }
  });
});
