/**
 * The highlight window: which records have their ranges registered with the highlight registry. Chromium
 * revalidates every registered range after each DOM change of the page, so the count is kept bounded: a short page
 * is registered whole, a long one only near the viewport, fitted again as the reader scrolls.
 */
import type { NameEntry } from '@/core/matcher/names/format';
import type { Mention } from '@/core/matcher/types';
import type { HighlightStyle } from '@/core/settings';
import { aimRange, toRange } from '@/dom/text-blocks';
import type { MentionFilter } from './filter';
import type { HighlightRules, Highlights } from './highlights';
import type { Rec } from './mention';
import type { MentionStore } from './store';

/**
 * At most this many ranges registered for one block: a multi-megabyte text node with tens of thousands of names
 * would otherwise make every later DOM change of the page pay for revalidating them all.
 */
const MAX_RANGES_PER_BLOCK = 300;
/**
 * A block of at most this many text nodes is measured whole; a longer one (a page of inline elements in one
 * block) by its first and last nodes. A paragraph with links and emphasis stays well under it.
 */
const MEASURED_WHOLE = 64;
/**
 * Most ranges registered at any time. Each registered range costs the page time on every DOM change it makes
 * (Chromium revalidates them all); this bound keeps a ticker's change within the few milliseconds it may lose. A
 * page with up to this many mentions is highlighted whole: what is in the window as the first walk finds it, the
 * rest in one change once the walk is over (see `showsNow`).
 */
export const MAX_REGISTERED = 200;
/** A longer page has its ranges registered for what is near the viewport: half a screen above, one and a half below. */
export const WINDOW_ABOVE = 0.5;
export const WINDOW_BELOW = 1.5;
/**
 * Re-fit the registered window at most this often while the reader scrolls: often enough that names are marked
 * before they are read, rarely enough to cost nothing (one fit is two binary searches of layout reads).
 */
const WINDOW_MS = 100;

type Rect = { top: number; bottom: number; width: number; height: number };

export interface WindowDeps {
  doc: Document;
  store: MentionStore;
  filter: MentionFilter;
  /** Null where the browser has no CSS Custom Highlight API. */
  registry: Highlights<Rec> | null;
  rules: HighlightRules;
  names: Pick<ReadonlyMap<string, NameEntry>, 'get'>;
  style(): HighlightStyle;
  isOn(): boolean;
  /** True while the first walk over the page is under way. */
  firstWalk(): boolean;
  setTimer(fn: () => void, ms: number): number;
  clearTimer(id: number): void;
  /** Runs `fn` as a background-priority task, after a frame the page is waiting for. */
  afterRendering(fn: () => void): void;
  /** Runs `fn` as a background-priority task after the next frame is rendered. */
  afterFrame(fn: () => void): void;
}

export class HighlightWindow {
  /** Records whose mentions are meant to be registered now (near the viewport, or within the budget). */
  private readonly shown = new Set<Rec>();
  /** The first walk has reached a block below the window: the rest waits for the fit after the walk. */
  private pastWindow = false;
  private timer = 0;
  /** Records a change of the page added (the rescan's, out of document order) that no fit has placed yet. */
  private fresh: Rec[] = [];
  /** Records registered without reading where they are (`showFresh`): the next fit reads them as any other. */
  private readonly unchecked = new Set<Rec>();
  /** The fit `showFresh` asked for after the next frame, until it runs; a reset drops it. */
  private frameFit: object | null = null;

  constructor(private readonly deps: WindowDeps) {
    deps.store.onRemoved((rec) => this.hide(rec));
  }

  /** A fit is scheduled and has not run yet. */
  get fitPending(): boolean {
    return this.timer !== 0;
  }

  /** A new page, or the same page started again. */
  reset(): void {
    this.cancelFit();
    this.shown.clear();
    this.fresh = [];
    this.unchecked.clear();
    this.frameFit = null;
    this.pastWindow = false;
    this.deps.registry?.clear();
  }

  /**
   * The scanner added a record: register it now if it belongs in the window, else let the next fit decide. One the
   * page's change made (out of document order) is registered without reading layout, where all the page's ranges
   * fit in the budget, or by `showFresh`; the fit after the pass, or after the frame, places it.
   */
  added(rec: Rec, inOrder: boolean): void {
    if (inOrder) {
      if (this.showsNow(rec)) this.show(rec);
      else this.scheduleFit();
    } else if (this.deps.store.totalMentions() <= MAX_REGISTERED) this.show(rec, false);
    else {
      this.fresh.push(rec);
      this.scheduleFit();
    }
  }

  /**
   * Register what a change of the page has just added (the records its rescan made), in the task that rescanned
   * them, so that the frame drawing the change draws their marks too; but without reading layout, which the change
   * has made stale: a read now would lay the page out in this task, ahead of the frame, and on a long page that
   * layout and the fit's reads after it cost each change of a live ticker more than the repaint of its marks
   * does. The window is fitted once that frame is drawn, when reading where blocks are costs only the reads: it
   * unregisters what is out of the window or drawn nowhere. Returns false, registering nothing, where the new
   * ranges would take the registered ones past MAX_REGISTERED: the caller fits the window now instead.
   */
  showFresh(): boolean {
    const fresh = this.fresh.filter((rec) => this.deps.store.has(rec) && !this.shown.has(rec));
    this.fresh = [];
    let ranges = 0;
    for (const rec of [...this.shown, ...fresh]) ranges += rec.mentions.length;
    if (ranges > MAX_REGISTERED) return false;
    this.deps.registry?.restore();
    for (const rec of fresh) this.show(rec, false);
    this.cancelFit();
    // One fit however many changes come before that frame (a hidden tab draws none, and its changes wait for it).
    if (!this.frameFit) {
      const asked = {};
      this.frameFit = asked;
      this.deps.afterFrame(() => {
        if (this.frameFit !== asked) return;
        this.frameFit = null;
        this.fit();
      });
    }
    return true;
  }

  /** Fit the registered window to the viewport soon (scroll, resize, scan progress); at most every WINDOW_MS. */
  scheduleFit(): void {
    if (this.timer || !this.deps.isOn()) return;
    this.timer = this.deps.setTimer(() => {
      this.timer = 0;
      this.deps.afterRendering(() => this.fit());
    }, WINDOW_MS);
  }

  cancelFit(): void {
    if (this.timer) this.deps.clearTimer(this.timer);
    this.timer = 0;
  }

  /**
   * Register the blocks near the viewport and unregister the rest, keeping at most MAX_REGISTERED ranges. Blocks
   * are in document order, which is top-to-bottom order on screen for the flow of an article, so the first block
   * near the viewport is found by binary search over a handful of layout reads, not by watching every block.
   */
  fit(): void {
    const { store, registry } = this.deps;
    this.fresh = [];
    if (!this.deps.isOn() || !registry) return;
    this.deps.rules.ensure();
    registry.restore();
    const order = store.blocksInOrder();
    // A fit during the first walk (scrolled, or the walk found a block below the window) fits the window only: the
    // blocks found so far below it wait for the fit after the walk, like those still to come (see showsNow). Else a
    // long walk would register them in one more change of the highlights mid-walk.
    if (store.totalMentions() <= MAX_REGISTERED && !this.deps.firstWalk()) {
      for (const rec of order) if (!this.shown.has(rec) || this.unchecked.has(rec)) this.show(rec);
      return;
    }
    const bounds = this.bounds();
    const { top, bottom } = bounds;
    const rect = this.rectReader();
    // The window's blocks are a run of the document order, [lo, end): found by searching for its two ends, a
    // dozen layout reads each, not by reading every block in it (a page's live ticker has the window fitted after
    // each of its changes).
    let lo = 0;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (rect(order[mid] as Rec).bottom < top) lo = mid + 1;
      else hi = mid;
    }
    const end = firstAfter(order, lo, (rec) => rect(rec).top > bottom);
    const next = new Set<Rec>();
    let ranges = 0;
    for (const rec of store.loose()) {
      if (ranges >= MAX_REGISTERED) break;
      if (!inWindow(rect(rec), bounds)) continue;
      next.add(rec);
      ranges += rec.mentions.length;
    }
    let inRun = 0;
    for (let i = lo; i < end; i++) inRun += (order[i] as Rec).mentions.length;
    // Within the budget, the run is taken whole, a block hidden since the scan with the rest (show registers none
    // of its ranges: none is drawn). Over it, each block is read, so hidden ones do not spend it.
    const whole = ranges + inRun <= MAX_REGISTERED;
    for (let i = lo; i < end && ranges < MAX_REGISTERED; i++) {
      const rec = order[i] as Rec;
      if (next.has(rec)) continue;
      if (!whole) {
        const r = rect(rec);
        if (r.width === 0 && r.height === 0) continue;
      }
      next.add(rec);
      ranges += rec.mentions.length;
    }
    for (const rec of [...this.shown]) if (!next.has(rec)) this.hide(rec);
    for (const rec of next) if (!this.shown.has(rec) || this.unchecked.has(rec)) this.show(rec);
  }

  /**
   * Re-register after a filter changed: the same blocks, with the new filter. The active and flash marks stay: they
   * mark what the reader is looking at, whatever the filter.
   */
  reregister(): void {
    if (!this.deps.registry) return;
    const again = [...this.shown];
    this.deps.registry.clearOwned();
    this.shown.clear();
    for (const rec of again) if (this.deps.store.has(rec)) this.show(rec);
  }

  /** Re-register the given records where they are registered now (their first mentions moved). */
  refresh(records: Iterable<Rec>): void {
    for (const rec of records) if (this.shown.has(rec) && this.deps.store.has(rec)) this.show(rec);
  }

  private hide(rec: Rec): void {
    this.shown.delete(rec);
    this.unchecked.delete(rec);
    this.deps.registry?.hide(rec);
  }

  /** Registers `rec`'s ranges; with `placed` false, without reading where they are drawn (`showFresh`). */
  private show(rec: Rec, placed = true): void {
    this.shown.add(rec);
    if (placed) this.unchecked.delete(rec);
    else this.unchecked.add(rec);
    const { registry, filter, names } = this.deps;
    if (!registry || this.deps.style() === 'none') return;
    const ranges: { type: NameEntry['type']; range: AbstractRange }[] = [];
    const onPage = placed ? this.onPageTest() : () => true;
    for (let i = 0; i < rec.mentions.length && ranges.length < MAX_RANGES_PER_BLOCK; i++) {
      if (!filter.marks(rec, i)) continue;
      const m = rec.mentions[i] as Mention;
      const range = toRange(rec.block, m.start, m.end);
      if (!onPage(range)) continue;
      ranges.push({ type: names.get(m.entity)?.type ?? 'person', range });
    }
    // Registered as they are already (a fit placing what `showFresh` registered, mostly): registering them again
    // would make the browser repaint the page for nothing.
    if (registry.holds(rec, ranges)) return;
    registry.show(rec, ranges);
  }

  /**
   * Whether a block the first walk found is registered at once: only while the walk is in the window. Chromium
   * repaints the page for each change of its highlights, seen or not, so blocks below the viewport wait for the
   * fit after the walk, which registers them in one change.
   */
  private showsNow(rec: Rec): boolean {
    if (this.pastWindow || this.deps.store.totalMentions() > MAX_REGISTERED) return false;
    const bounds = this.bounds();
    const r = this.rectReader()(rec);
    // Blocks in document order run down the page: once one is below the window, so (nearly) are the rest.
    if (r.top > bounds.bottom) this.pastWindow = true;
    return inWindow(r, bounds);
  }

  /** The registered window, in viewport coordinates. */
  private bounds(): { top: number; bottom: number } {
    const height = this.deps.doc.defaultView?.innerHeight ?? 800;
    return { top: -height * WINDOW_ABOVE, bottom: height * (1 + WINDOW_BELOW) };
  }

  /**
   * Whether a range is drawn somewhere on the page. Text the visibility check lets through can still be placed
   * where no one sees it (off-screen "visually hidden" labels, zero-size boxes); marking it would register a range
   * for nothing.
   */
  private onPageTest(): (range: AbstractRange) => boolean {
    const doc = this.deps.doc;
    const win = doc.defaultView;
    const root = doc.documentElement;
    const width = root.scrollWidth;
    const height = root.scrollHeight;
    const x = win?.scrollX ?? 0;
    const y = win?.scrollY ?? 0;
    const live = doc.createRange();
    return (range) => {
      try {
        aimRange(live, range.startContainer, range.startOffset, range.endContainer, range.endOffset);
      } catch {
        return false;
      }
      for (const r of live.getClientRects()) {
        if (
          r.width > 0 &&
          r.height > 0 &&
          r.right + x > 0 &&
          r.bottom + y > 0 &&
          r.left + x < width &&
          r.top + y < height
        )
          return true;
      }
      return false;
    };
  }

  /** Where blocks' text is on screen now (empty when the page removed it), many in a row through one Range. */
  private rectReader(): (rec: Rec) => Rect {
    const range = this.deps.doc.createRange();
    return (rec) => {
      const { nodes } = rec.block;
      const first = nodes[0];
      const last = nodes[nodes.length - 1];
      if (!first?.isConnected || !last?.isConnected) return { top: 0, bottom: 0, width: 0, height: 0 };
      if (nodes.length <= MEASURED_WHOLE) {
        aimRange(range, first, 0, last, last.data.length);
        return range.getBoundingClientRect();
      }
      // A range's box is the union of every box it holds: over a block of many nodes, one read would cost a pass
      // over all of them, and a fit reads a block several times. Its two ends say where it starts and ends.
      aimRange(range, first, 0, first, first.data.length);
      const a = range.getBoundingClientRect();
      aimRange(range, last, 0, last, last.data.length);
      return spanOf(a, range.getBoundingClientRect());
    };
  }
}

/**
 * The first index from `from` at which `past` holds, for a `past` that holds from some point on (blocks below the
 * window, in document order): galloping from `from`, then a binary search, so it costs about 2·log2 of the
 * distance in reads, not the distance. Where `past` is not monotonic (a sidebar at the end of the document, drawn
 * at the top), it finds the first run of blocks below the window unless a stride jumps over that whole run; then
 * it answers later, and the window takes more blocks (never more than MAX_REGISTERED ranges), never fewer.
 */
export function firstAfter<T>(list: readonly T[], from: number, past: (x: T) => boolean): number {
  let lo = from; // every index below lo is known not past
  let step = 1;
  let hi = from;
  while (hi < list.length && !past(list[hi] as T)) {
    lo = hi + 1;
    hi = from + step;
    step *= 2;
  }
  hi = Math.min(hi, list.length);
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (past(list[mid] as T)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The box from one rect to another, down the page; a rect with no size (text drawn nowhere) adds nothing. */
export function spanOf(a: Rect, b: Rect): Rect {
  const none = (r: Rect) => r.width === 0 && r.height === 0;
  if (none(b)) return a;
  if (none(a)) return b;
  const top = Math.min(a.top, b.top);
  const bottom = Math.max(a.bottom, b.bottom);
  return { top, bottom, width: Math.max(a.width, b.width), height: bottom - top };
}

/** Whether a block's box is drawn and overlaps the registered window. */
function inWindow(r: Rect, w: { top: number; bottom: number }): boolean {
  return r.bottom >= w.top && r.top <= w.bottom && (r.width > 0 || r.height > 0);
}
