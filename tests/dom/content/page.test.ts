// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HoverController } from '@/content/hover-controller';
import type { Target } from '@/content/mention';
import { ContentPage } from '@/content/page';
import type { CompiledMatcher, Mention } from '@/core/matcher';
import type { NameEntry } from '@/core/matcher/names/format';
import { DEFAULT_SETTINGS, type Settings } from '@/core/settings';
import { controllerDeps, pageDeps } from './fixtures';

/**
 * The first walk over a page runs in slices, and the page runs between them. What it does there (remove, replace
 * or move blocks) must not make the walk miss text or count a block twice. The matcher here finds "Putin" and
 * spends 3 ms per text, so a walk of 30 paragraphs spans many 8 ms slices.
 */
const MS_PER_TEXT = 3;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function start(
  paragraphs: number,
  settings: Settings = DEFAULT_SETTINGS,
  {
    msPerText = MS_PER_TEXT,
    names = 1,
    requestFrame,
  }: { msPerText?: number; names?: number; requestFrame?: (fn: () => void) => void } = {},
) {
  document.body.innerHTML = paragraphsHtml(0, paragraphs, names);
  let calls = 0;
  const matcher: CompiledMatcher = {
    match(text: string): Mention[] {
      calls++;
      const until = performance.now() + msPerText;
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
  const putin: NameEntry = { id: 'putin', type: 'person', name: 'Vladimir Putin' };
  const page = new ContentPage(
    pageDeps({
      names: new Map([['putin', putin]]),
      matcher,
      onStop: () => controller.reset(),
      ...(requestFrame ? { requestFrame } : {}),
    }),
    settings,
  );
  const controller = new HoverController(
    controllerDeps(page, {
      nameOf: () => 'Vladimir Putin',
      // No card opens on a reveal here: the marks and flashes are the tests' subject.
      hasEntity: () => false,
      dwellMs: () => settings.dwellMs,
      fetchDetails: async () => null,
      // Never arrives: no card is shown here.
      loadCardUi: () => new Promise(() => {}),
    }),
  );
  page.start();
  running.push(page);
  return {
    page,
    controller,
    /** Whether the mention is marked (unless the style is "none"). */
    isHighlighted: (target: Target) => page.filter.marksTarget(target),
    /** Whether resting on the mention opens its card. */
    opens: (target: Target) => page.filter.opens(target),
    /** Resolves in a pause of the walk (a task between its slices), once it has read `n` texts. */
    async afterTexts(n: number) {
      while (calls < n) await sleep(0);
      expect(page.scanning).toBe(true);
    },
    /** Resolves once a pass has begun (the rescan of a change), then once it is over. */
    async scanBegins() {
      while (!page.scanning) await sleep(0);
    },
    async scanEnds() {
      while (page.scanning) await sleep(0);
    },
    /** Paragraph `n`'s (first) mention. */
    target(n: number): Target {
      const record = page.store.blocksInOrder().find((r) => r.block.nodes[0]?.parentElement?.id === `p${n}`);
      if (!record) throw new Error(`p${n} has no record`);
      return { record, i: 0 };
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
      page.store.blocksInOrder().flatMap((r) => r.mentions.map(() => Number(r.block.text.slice(6)))),
  };
}

/** Paragraphs p`from`…p`to - 1`, each with `names` mentions of Putin and then its number. */
function paragraphsHtml(from: number, to: number, names = 1): string {
  let html = '';
  for (let i = from; i < to; i++) html += `<p id="p${i}">${'Putin '.repeat(names)}${i}</p>`;
  return html;
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

/** Pages started by a test, stopped after it: else they would go on observing (and rescanning) the next test's DOM. */
const running: ContentPage[] = [];

afterEach(() => {
  for (const page of running.splice(0)) page.destroy();
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
    expect(t.page.store.totalMentions()).toBe(30);
  });
});

/**
 * A stand-in for the CSS Custom Highlight API, which happy-dom lacks, and a layout in which every text is drawn at
 * the top of the page: whatever the page registers can be read back.
 */
function fakeHighlightsAndLayout() {
  const registry = new Map<string, Set<AbstractRange>>();
  const g = window as unknown as Record<string, unknown>;
  g.Highlight = class extends Set<AbstractRange> {};
  const scrollY = Object.getOwnPropertyDescriptor(window, 'scrollY'); // stackedLayout replaces it
  // happy-dom's CSS is a getter that makes a new object on each read.
  const css = Object.getOwnPropertyDescriptor(window, 'CSS');
  Object.defineProperty(window, 'CSS', { configurable: true, value: { highlights: registry } });
  const rect = { top: 10, bottom: 30, left: 0, right: 100, width: 100, height: 20, x: 0, y: 10 } as DOMRect;
  vi.spyOn(window.Range.prototype, 'getBoundingClientRect').mockReturnValue(rect);
  vi.spyOn(window.Range.prototype, 'getClientRects').mockReturnValue([rect] as unknown as DOMRectList);
  for (const key of ['scrollWidth', 'scrollHeight'] as const)
    Object.defineProperty(document.documentElement, key, { configurable: true, value: 1000 });
  /** The ids of the paragraphs whose ranges are registered under `name`, in registration order. */
  const marked = (name: string) =>
    [...(registry.get(`reader-context-${name}`) ?? [])].map(
      (r) => (r.startContainer as Text).parentElement?.id ?? '?',
    );
  return {
    marked,
    ranges: (name: string) => [...(registry.get(`reader-context-${name}`) ?? [])],
    undo() {
      vi.restoreAllMocks();
      if (scrollY) Object.defineProperty(window, 'scrollY', scrollY);
      else delete (window as unknown as { scrollY?: number }).scrollY;
      delete g.Highlight;
      if (css) Object.defineProperty(window, 'CSS', css);
      else delete g.CSS;
      for (const key of ['scrollWidth', 'scrollHeight'] as const)
        delete (document.documentElement as never)[key];
    },
  };
}

describe('"first mention only" while the page changes', () => {
  let fake: ReturnType<typeof fakeHighlightsAndLayout>;
  beforeEach(() => {
    fake = fakeHighlightsAndLayout();
  });
  afterEach(() => fake.undo());
  const firstOnly: Settings = { ...DEFAULT_SETTINGS, firstMentionOnly: true };

  it('a rescan keeps the first mention marked, and the active and flash marks, throughout', async () => {
    const t = start(5, firstOnly);
    await t.settled();
    expect(fake.marked('person')).toEqual(['p0']);
    t.controller.markActive(t.target(2));
    t.controller.reveal(t.target(3), false);
    expect([fake.marked('active'), fake.marked('flash')]).toEqual([['p2'], ['p3']]);
    const [p0Range] = fake.ranges('person');

    document.body.insertAdjacentHTML('beforeend', paragraphsHtml(5, 15));
    await t.scanBegins();
    // The first mention is still the first, and the reader resting on it still gets its card.
    expect(t.isHighlighted(t.target(0))).toBe(true);
    expect(fake.marked('person')).toEqual(['p0']);
    await t.scanEnds();
    expect(fake.marked('person')).toEqual(['p0']);
    expect([fake.marked('active'), fake.marked('flash')]).toEqual([['p2'], ['p3']]);
    // Not re-registered: only blocks whose first mentions moved are (each change of the highlights costs a repaint).
    expect(fake.ranges('person')).toHaveLength(1);
    expect(fake.ranges('person')[0]).toBe(p0Range);
  });

  it('a block rescanned, the page and the settings changing mid-pass: no other mention takes the mark', async () => {
    const t = start(5, firstOnly);
    await t.settled();
    t.controller.markActive(t.target(2));
    // A pass long enough that a change made during it is flushed (MUTATION_BATCH_MS) while it still runs.
    document.body.insertAdjacentHTML('beforeend', paragraphsHtml(5, 105));
    await t.scanBegins();
    // An inline change to p0: the batch drops its record and queues its rescan behind the pass's other blocks.
    document.getElementById('p0')?.append(document.createElement('b'));
    const p0Record = () =>
      t.page.store.blocksInOrder().some((r) => r.block.nodes[0]?.parentElement?.id === 'p0');
    const seen = new Set<string>();
    let changed = false;
    while (t.page.scanning) {
      const has = p0Record();
      seen.add(`${fake.marked('person').join()}:${has && t.isHighlighted(t.target(0))}`);
      if (!has && !changed) {
        // In the gap before p0 is rescanned: a filter change (which re-registers what is shown), and a removal.
        changed = true;
        t.page.apply({ ...firstOnly, types: { ...firstOnly.types, place: false } });
        document.getElementById('p3')?.remove();
      }
      await sleep(0);
    }
    expect(changed).toBe(true);
    // p0 marked and hovered as a first mention, or (between dropping its record and rescanning it) nothing marked.
    expect([...seen].sort()).toEqual([':false', 'p0:true']);
    await t.settled();
    expect(fake.marked('person')).toEqual(['p0']);
    // The filter change kept the active mark.
    expect(fake.marked('active')).toEqual(['p2']);
  });

  it('a block holding a first mention rescanned: it keeps its mark throughout the pass', async () => {
    const t = start(5, firstOnly);
    await t.settled();
    // An inline change to p0 in the same batch as new blocks: p0 is rescanned first, in the change's own task.
    document.getElementById('p0')?.append(document.createElement('b'));
    document.body.insertAdjacentHTML('beforeend', paragraphsHtml(5, 25));
    await t.scanBegins();
    const seen = new Set<string>();
    while (t.page.scanning) {
      seen.add(`${fake.marked('person').join()}:${t.isHighlighted(t.target(0))}`);
      await sleep(0);
    }
    expect([...seen]).toEqual(['p0:true']);
  });

  it('later mentions are not marked, and still open their card', async () => {
    const t = start(5, firstOnly);
    await t.settled();
    expect(fake.marked('person')).toEqual(['p0']);
    expect([t.isHighlighted(t.target(3)), t.opens(t.target(3))]).toEqual([false, true]);
    // Known entities open nothing, first mention or not.
    t.page.apply({ ...firstOnly, knownEntities: ['putin'] });
    expect([t.opens(t.target(0)), t.opens(t.target(3))]).toEqual([false, false]);
  });

  it('the first mention removed: the next one is marked', async () => {
    const t = start(5, firstOnly);
    await t.settled();
    expect(fake.marked('person')).toEqual(['p0']);
    document.getElementById('p0')?.remove();
    await t.settled();
    expect(fake.marked('person')).toEqual(['p1']);
    expect(t.isHighlighted(t.target(1))).toBe(true);
  });

  it('a new first mention added above: it takes the mark', async () => {
    const t = start(5, firstOnly);
    await t.settled();
    document.body.insertAdjacentHTML('afterbegin', '<p id="p9">Putin 9</p>');
    await t.settled();
    expect(fake.marked('person')).toEqual(['p9']);
    expect(t.isHighlighted(t.target(0))).toBe(false);
  });
});

describe('stepping from a mention whose block a rescan replaced', () => {
  let fake: ReturnType<typeof fakeHighlightsAndLayout>;
  beforeEach(() => {
    fake = fakeHighlightsAndLayout();
  });
  afterEach(() => fake.undo());

  it("goes on from where the card was, not from the entity's first mention", async () => {
    const t = start(5, DEFAULT_SETTINGS);
    const shown: string[] = [];
    const flashed = () => shown.push(...fake.marked('flash'));
    await t.settled();
    const pinned = t.target(2);
    // Text put before the name: the rescan makes a new record of p2, with the name further along its text.
    document.getElementById('p2')?.prepend('Mr ');
    await t.settled();
    expect(t.page.store.has(pinned.record)).toBe(false);
    t.controller.stepFrom(pinned, 1);
    flashed();
    t.controller.stepFrom(pinned, -1);
    flashed();
    expect(shown).toEqual(['p3', 'p1']);
    // The keyboard's step goes on from the card's last reveal in the same way.
    t.controller.reveal(t.target(4), false);
    document.getElementById('p4')?.prepend('Mr ');
    await t.settled();
    expect(t.controller.step(-1)?.index).toBe(3);
  });
});

/**
 * A layout for the window's fit: paragraph `pN` drawn at top N × 20 px (minus the scroll), 20 px tall; those in
 * `hidden` not drawn at all. Counts the block rectangles read, and the ranges' boxes.
 */
function stackedLayout() {
  const hidden = new Set<string>();
  let scroll = 0;
  let reads = 0;
  let clientReads = 0;
  const rectOf = (range: Range) => {
    const id = (range.startContainer as Text).parentElement?.id ?? '';
    const n = Number(id.slice(1));
    if (hidden.has(id) || !id.startsWith('p'))
      return { top: 0, bottom: 0, left: 0, right: 0, width: 0, height: 0 };
    const top = n * 20 - scroll;
    return { top, bottom: top + 20, left: 0, right: 100, width: 100, height: 20, x: 0, y: top } as DOMRect;
  };
  vi.spyOn(window.Range.prototype, 'getBoundingClientRect').mockImplementation(function (this: Range) {
    reads++;
    return rectOf(this) as DOMRect;
  });
  vi.spyOn(window.Range.prototype, 'getClientRects').mockImplementation(function (this: Range) {
    clientReads++;
    const r = rectOf(this);
    return (r.width > 0 ? [r] : []) as unknown as DOMRectList;
  });
  for (const key of ['scrollWidth', 'scrollHeight'] as const)
    Object.defineProperty(document.documentElement, key, { configurable: true, value: 1e7 });
  // Where ranges are in the document (the on-page test) is their viewport position plus the scroll.
  Object.defineProperty(window, 'scrollY', { configurable: true, get: () => scroll });
  return {
    hidden,
    scrollTo(y: number) {
      scroll = y;
    },
    reads: () => reads,
    /** Every read of layout: block rectangles and the ranges' own boxes (the on-page test). */
    layoutReads: () => reads + clientReads,
  };
}

describe("the registered window's fit on a long page", () => {
  let fake: ReturnType<typeof fakeHighlightsAndLayout>;
  beforeEach(() => {
    fake = fakeHighlightsAndLayout();
  });
  afterEach(() => fake.undo());
  const registered = () => new Set(['person'].flatMap((t) => fake.marked(t)));
  // innerHeight 768: the window runs from half a screen above the viewport (-384) to one and a half below (1920).
  const inWindow = (from: number) =>
    range(Math.max(0, Math.ceil((from - 384 - 19) / 20)), Math.floor((from + 1920) / 20) + 1);

  it('registers exactly the blocks in the window, reading a few of their rectangles, and follows a scroll', async () => {
    const layout = stackedLayout();
    const t = start(400, DEFAULT_SETTINGS, { msPerText: 0 });
    await t.settled();
    expect([...registered()].sort()).toEqual(
      inWindow(0)
        .map((i) => `p${i}`)
        .sort(),
    );
    layout.scrollTo(3000);
    const before = layout.reads();
    t.page.window.scheduleFit();
    await t.settled();
    const ids = inWindow(3000);
    expect(ids.length).toBeGreaterThan(100);
    expect([...registered()].sort()).toEqual(ids.map((i) => `p${i}`).sort());
    // Not one read per block in the window: two searches, about 2·log2 of the page and of the window.
    expect(layout.reads() - before).toBeLessThan(40);
  });

  it("marks a change's names in the task that rescans it, reading no layout; the window is fitted after", async () => {
    const layout = stackedLayout();
    const t = start(400, DEFAULT_SETTINGS, { msPerText: 0 });
    await t.settled();
    const window0 = inWindow(0).map((i) => `p${i}`);
    const before = layout.layoutReads();
    // A name added to a paragraph in the window, and a paragraph far below it, in one change.
    document.getElementById('p2')?.append(' Putin again');
    document.body.append(Object.assign(document.createElement('p'), { id: 'p1000', textContent: 'Putin' }));
    // The observer's callback, a microtask: the frame after this task draws what it registered.
    await Promise.resolve();
    const p2 = () =>
      fake.ranges('person').filter((r) => (r.startContainer as Text).parentElement?.id === 'p2');
    const marks = p2();
    expect(marks).toHaveLength(2);
    expect(layout.layoutReads()).toBe(before);
    // Once drawn, the window is fitted: what is out of it goes; what is in it stays as it was registered (each
    // change of the highlights costs the browser a repaint of the page).
    await t.settled();
    expect([...registered()].sort()).toEqual(window0.sort());
    expect(p2()).toEqual(marks);
    expect(p2().every((r, i) => r === marks[i])).toBe(true);
  });

  it('changes that come before a frame (a hidden tab draws none) wait for one fit, not one each', async () => {
    const layout = stackedLayout();
    const frames: (() => void)[] = [];
    const t = start(400, DEFAULT_SETTINGS, { msPerText: 0, requestFrame: (fn) => frames.push(fn) });
    await t.settled();
    frames.length = 0;
    for (const id of ['p2', 'p4']) {
      document.getElementById(id)?.append(' Putin again');
      // Each the first change of its batch interval, rescanned and marked at once.
      await sleep(150);
      expect(fake.marked('person').filter((m) => m === id)).toHaveLength(2);
    }
    expect(frames).toHaveLength(1);
    const before = layout.reads();
    for (const run of frames.splice(0)) run();
    await t.settled();
    expect(layout.reads()).toBeGreaterThan(before);
  });

  it('on a page of few names too, a change is marked reading no layout, and placed after', async () => {
    const layout = stackedLayout();
    // 50 names: all of them registered, wherever they are.
    const t = start(50, DEFAULT_SETTINGS, { msPerText: 0 });
    await t.settled();
    layout.hidden.add('p3');
    const before = layout.layoutReads();
    document.getElementById('p2')?.append(' Putin again');
    document.getElementById('p3')?.append(' Putin again');
    await Promise.resolve();
    expect(fake.marked('person').filter((id) => id === 'p2' || id === 'p3')).toHaveLength(4);
    expect(layout.layoutReads()).toBe(before);
    // Placed once drawn: p3 is drawn nowhere.
    await t.settled();
    expect(fake.marked('person').filter((id) => id === 'p2' || id === 'p3')).toEqual(['p2', 'p2']);
  });

  it('over the budget, blocks hidden since the scan do not spend it', async () => {
    const layout = stackedLayout();
    // 5 names a paragraph: the window's ~115 paragraphs hold more than the 200 ranges registered at most.
    const t = start(400, DEFAULT_SETTINGS, { msPerText: 0, names: 5 });
    await t.settled();
    for (let i = 0; i < 30; i++) layout.hidden.add(`p${i}`);
    layout.scrollTo(20);
    t.page.window.scheduleFit();
    await t.settled();
    // 40 paragraphs of 5 names, the first 40 drawn ones in the window: p30…p69.
    expect([...registered()].sort()).toEqual(
      range(30, 70)
        .map((i) => `p${i}`)
        .sort(),
    );
  });
});
