/**
 * The content script's model of one page: scan its text in time slices, keep what the matcher found, keep
 * highlights registered for what is near the viewport, follow the page's changes, and answer the popup.
 * It knows nothing about Preact: the card is reached through the `CardPort` it is given.
 */
import type { NameEntry } from '@/core/matcher/names/format';
import type { CompiledMatcher, Mention } from '@/core/matcher/types';
import type { PageSummary } from '@/core/messages';
import { type BlockMentions, PageIndex, type PageMention } from '@/core/page-index';
import type { Scheme } from '@/core/scheme';
import { isHostSwitchedOff, type Settings, switchedOffSite } from '@/core/settings';
import { defaultSliceEnv, type SliceEnv, SliceRunner } from '@/core/slices';
import { FLASH_MS, MUTATION_BATCH_MS, SYNC_RESCAN_MS } from '@/core/timing';
import {
  aimRange,
  blockRootOf,
  boundaryPoints,
  type ScanOptions,
  type TextBlock,
  toRange,
  walkBlocks,
} from '@/dom/text-blocks';
import { type HighlightRules, Highlights, highlightApi, highlightCss, pageScheme } from './highlights';

type Rec = BlockMentions<TextBlock>;
export type Target = PageMention<TextBlock>;

/**
 * A block longer than this is matched in pieces so one step of the sliced scan stays short even for a single
 * multi-megabyte text node (≈ 6 ms per MB for the matcher: 64 KB is well under a millisecond).
 */
const CHUNK = 64 * 1024;
/**
 * At most this many ranges registered for one block: a multi-megabyte text node with tens of thousands of
 * names would otherwise make every later DOM change of the page pay for revalidating them all.
 */
const MAX_RANGES_PER_BLOCK = 300;
/**
 * Most ranges registered at any time. Chromium revalidates every registered range after each DOM change of the
 * page; on this project's 2-core test machine that measured about 13 µs per range per change (4,519 ranges: +61 ms
 * per change of a ticker), so 300 ranges cost the page about 4 ms per change of its own: under the 5 ms it may
 * lose. A page with up to this many mentions is highlighted whole: what is in the window as the first scan finds
 * it, the rest in one change once the scan is over (see `showsNow`).
 */
const MAX_REGISTERED = 200;
/** A longer page has its ranges registered for what is near the viewport: half a screen above, one and a half below. */
const WINDOW_ABOVE = 0.5;
const WINDOW_BELOW = 1.5;
/**
 * Re-fit the registered window at most this often while the reader scrolls: often enough that names are marked
 * before they are read, rarely enough to cost nothing. One fit is a binary search of ~15 layout reads.
 */
const WINDOW_MS = 100;
/**
 * Blocks the page added after the first scan, checked by position on every fit, the most recent this many. Live
 * content (a breaking-news bar, a live blog's newest entry, a dialog) is often fixed or placed out of the
 * document's order, where the binary search over document order cannot find it.
 */
const LOOSE_MAX = 64;

export interface CardPort {
  show(target: Target, opts: { focus: boolean }): void;
  hide(): void;
}

export interface PageDeps {
  doc: Document;
  /** Every entity the matcher knows (id, type, display name); cards fetch the rest on demand. */
  names: Pick<ReadonlyMap<string, NameEntry>, 'get' | 'has'>;
  matcher: CompiledMatcher;
  host: HTMLElement;
  /** Where the ::highlight() rules live (highlights.ts, `highlightRules`); the caller removes them. */
  rules: HighlightRules;
  /**
   * False once the extension's context is gone (disabled, updated). Timers check it themselves (`setTimer`); work
   * done straight from an observer's callback asks.
   */
  alive(): boolean;
  setTimer(fn: () => void, ms: number): number;
  clearTimer(id: number): void;
  /** Called with the number of distinct entities whenever it changes (toolbar badge). */
  onCount(count: number): void;
}

function docOrder(a: TextBlock, b: TextBlock): number {
  const na = a.nodes[0];
  const nb = b.nodes[0];
  if (!na || !nb || na === nb) return 0;
  return na.compareDocumentPosition(nb) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
}

/**
 * Where the chunk of a long text that starts at `from` ends: a sentence end (else any white space) in the second
 * half of the chunk, so no name is cut in two. Computed one chunk at a time, so even finding the cuts of a
 * multi-megabyte text node never runs as one long task.
 */
export function nextChunkEnd(text: string, from: number): number {
  if (text.length - from <= CHUNK) return text.length;
  const window = text.slice(from + CHUNK / 2, from + CHUNK);
  let cut = -1;
  const sentence = /[.!?]\s/g;
  for (let m = sentence.exec(window); m; m = sentence.exec(window)) cut = m.index + 1;
  if (cut < 0) cut = Math.max(window.lastIndexOf('\n'), window.lastIndexOf(' '));
  return cut < 0 ? from + CHUNK : from + CHUNK / 2 + cut;
}

export class ContentPage {
  readonly index = new PageIndex<TextBlock>(docOrder);
  private readonly nodeRecord = new WeakMap<Text, Rec>();
  private readonly highlights: Highlights<Rec> | null;
  private runner: SliceRunner;
  /** Background-priority tasks (postTask where there is one), for the scan's slices and the work below. */
  private readonly background: SliceEnv;
  private windowTimer = 0;
  private mo: MutationObserver | null = null;
  private observed = new WeakSet<Node>();
  private pendingMutations: MutationRecord[] = [];
  /** Records under nodes the page removed since the last flush. */
  private removedRecords = new Set<Rec>();
  /** Parents a paused walk lost its place in (ScanOptions.onLost): scanned again with the next batch. */
  private lostRoots: Node[] = [];
  /** The page has changed since start(): until it does, the first walk's blocks need no check against it. */
  private pageChanged = false;
  private mutationTimer = 0;
  private lastSyncRescan = Number.NEGATIVE_INFINITY;
  /** Records added so far (a change counter: did a rescan find anything?). */
  private added = 0;
  /** The mention marked active (hovered or stepped to), as last set. */
  private active: Target | null = null;
  private settings: Settings;
  private scheme: Scheme = 'light';
  private on = false;
  private scanStart = 0;
  /** 'initial' for the first pass over the page, 'incremental' for rescans of changed blocks. */
  private scanKind: 'initial' | 'incremental' = 'initial';
  /** The first walk has reached a block below the registered window: the rest waits for the window's fit. */
  private pastWindow = false;
  private firstMentions: Map<Rec, Set<number>> | null = null;
  /** Blocks whose mentions are meant to be registered now (near the viewport, or within the eager budget). */
  private readonly shown = new Set<Rec>();
  /** Records from incremental scans, oldest first (LOOSE_MAX at most). */
  private readonly loose = new Set<Rec>();
  private lastEntityCount = -1;
  private revealed: Target | null = null;
  scanning = false;
  private readonly scanOptions: ScanOptions;

  constructor(
    private readonly deps: PageDeps,
    settings: Settings,
    private readonly card: CardPort,
  ) {
    this.settings = settings;
    this.scanOptions = {
      skip: (el) => el === deps.host,
      onShadowRoot: (root) => this.observe(root),
      onLost: (parent) => {
        this.lostRoots.push(parent);
        this.scheduleFlush();
      },
    };
    const api = highlightApi(deps.doc.defaultView ?? globalThis);
    this.highlights = api ? new Highlights<Rec>(api) : null;
    this.background = defaultSliceEnv(deps.doc.defaultView ?? globalThis);
    this.runner = this.newRunner();
  }

  /**
   * Follow changes under `root`: the document, and each open shadow root the scan walks into (a subtree observer
   * of the document does not see inside shadow trees).
   */
  private observe(root: Document | ShadowRoot): void {
    if (!this.mo || this.observed.has(root)) return;
    this.observed.add(root);
    this.mo.observe(root, { childList: true, subtree: true, characterData: true });
  }

  private newRunner(): SliceRunner {
    return new SliceRunner(this.background, undefined, () => this.onScanIdle());
  }

  /** The hostname the per-site switch applies to; "" off http(s) (file: pages), where only pause counts. */
  get hostname(): string {
    const { protocol, hostname } = this.deps.doc.location;
    return protocol === 'http:' || protocol === 'https:' ? hostname : '';
  }

  /** Apply settings: start, stop, or restyle. Takes effect at once, without a reload. */
  apply(settings: Settings): void {
    const prev = this.settings;
    this.settings = settings;
    const shouldRun = !isHostSwitchedOff(settings, this.hostname);
    if (shouldRun && !this.on) this.start();
    else if (!shouldRun && this.on) this.stop();
    else if (this.on) {
      if (prev.style !== settings.style) this.writeCss();
      if (
        // With style "none" nothing is registered, so leaving it registers what is visible again.
        (prev.style === 'none') !== (settings.style === 'none') ||
        prev.firstMentionOnly !== settings.firstMentionOnly ||
        prev.knownEntities.join() !== settings.knownEntities.join() ||
        JSON.stringify(prev.types) !== JSON.stringify(settings.types)
      ) {
        // The map depends on the page alone, not on the filters: kept, it stays whole even during a rescan.
        if (prev.firstMentionOnly !== settings.firstMentionOnly) this.firstMentions = null;
        this.reregister();
      }
    }
  }

  get isOn(): boolean {
    return this.on;
  }

  start(): void {
    if (this.on) return;
    this.on = true;
    this.scheme = pageScheme(this.deps.doc);
    this.writeCss();
    const win = this.deps.doc.defaultView;
    if (win && 'MutationObserver' in win) {
      this.mo = new win.MutationObserver((records) => this.onMutations(records));
      this.observed = new WeakSet();
      this.observe(this.deps.doc);
    }
    this.scanKind = 'initial';
    this.pastWindow = false;
    this.pageChanged = false;
    // One walk over the whole page yields blocks in document order: no need to compare positions to place them.
    this.scanRoot(this.deps.doc.body ?? this.deps.doc.documentElement, true);
  }

  /** Site switched off, paused, or the context invalidated: remove every highlight and stop watching. */
  stop(): void {
    this.on = false;
    this.runner.stop();
    this.runner = this.newRunner();
    if (this.windowTimer) this.deps.clearTimer(this.windowTimer);
    this.windowTimer = 0;
    this.mo?.disconnect();
    this.mo = null;
    if (this.mutationTimer) this.deps.clearTimer(this.mutationTimer);
    this.mutationTimer = 0;
    this.pendingMutations = [];
    this.lostRoots = [];
    this.removedRecords = new Set();
    this.highlights?.clear();
    this.active = null;
    this.shown.clear();
    this.index.clear();
    this.loose.clear();
    this.firstMentions = null;
    this.revealed = null;
    this.scanning = false;
    // The rules stay: with no range registered they draw nothing, and taking them out (and putting them back on
    // resume) would restyle the whole page each time.
    this.card.hide();
    this.emitCount();
  }

  destroy(): void {
    this.stop();
    this.highlights?.destroy();
  }

  private writeCss() {
    this.deps.rules.write(highlightCss(this.settings.style, this.scheme));
  }

  /**
   * @param inOrder the one walk over the whole page, in document order. Any other scan is of something the page
   *   changed, and its blocks are "loose": checked by position on every window fit.
   */
  private scanRoot(root: Node, inOrder = false) {
    if (!this.scanning) {
      this.scanning = true;
      this.scanStart = performance.now();
    }
    const blocks = walkBlocks(root, this.scanOptions);
    const matcher = this.deps.matcher;
    // A block longer than one chunk is matched a chunk per step, so the runner can yield between chunks.
    let long: { block: TextBlock; from: number; mentions: Mention[] } | null = null;
    this.runner.add(() => {
      if (!long) {
        const next = blocks.next();
        if (next.done) return false;
        if (next.value.text.length <= CHUNK) {
          this.addBlock(next.value, matcher.match(next.value.text), inOrder);
          return true;
        }
        long = { block: next.value, from: 0, mentions: [] };
      }
      const { text } = long.block;
      const end = nextChunkEnd(text, long.from);
      for (const m of matcher.match(text.slice(long.from, end)))
        long.mentions.push({ ...m, start: m.start + long.from, end: m.end + long.from });
      long.from = end;
      if (end >= text.length) {
        this.addBlock(long.block, long.mentions, inOrder);
        long = null;
      }
      return true;
    });
  }

  private addBlock(block: TextBlock, mentions: Mention[], inOrder: boolean) {
    let inherited: Set<number> | null = null;
    // While the page has not changed, the first walk's blocks are whole and new: the checks below cost a lookup
    // per text node, some 44,000 on the 1 MB bench page.
    if (!inOrder || this.pageChanged) {
      // Text the page took out while the walk was paused inside its block: the rescan of what changed around it
      // (queued by the removal) reads what is left.
      for (const n of block.nodes) if (!n.isConnected) return;
      // A block replaces the record its text nodes had, so each text node belongs to one record: a rescan
      // replaces the record an earlier scan made before the page changed the block (the first walk, or an
      // earlier rescan, still queued); and the first walk, reaching a block the page moved ahead of it, replaces
      // the record it made where the block was.
      const older = new Set<Rec>();
      for (const n of block.nodes) {
        const old = this.nodeRecord.get(n);
        if (old) older.add(old);
      }
      if (older.size > 0) {
        // Those still in the index are dropped (a rescan of a changed block has dropped its own in flushMutations);
        // the first mentions of all of them carry over.
        for (const old of this.index.deleteAll(older)) this.removeRecord(old);
        inherited = this.inheritFirstMentions(older, mentions);
      }
    }
    if (mentions.length === 0) return;
    const rec: Rec = { block, mentions };
    if (inherited) this.firstMentions?.set(rec, inherited);
    this.added++;
    this.index.add(rec, inOrder);
    if (!inOrder) {
      this.loose.add(rec);
      if (this.loose.size > LOOSE_MAX) this.loose.delete(this.loose.values().next().value as Rec);
    }
    for (const n of block.nodes) this.nodeRecord.set(n, rec);
    if (inOrder ? this.showsNow(rec) : this.index.totalMentions() <= MAX_REGISTERED) this.showRecord(rec);
    else this.scheduleWindow();
  }

  /**
   * Whether a block the first walk found is registered at once: only while the walk is in the window. Chromium
   * repaints the page for each change of its highlights, seen or not; on the 100 KB and 1 MB benchmark pages,
   * registering every block below the viewport as it was found cost 4–5 repaints during the scan (10–22 ms of the
   * main thread, and raster work beside it), where the window's fit after the scan registers them in one.
   */
  private showsNow(rec: Rec): boolean {
    if (this.pastWindow || this.index.totalMentions() > MAX_REGISTERED) return false;
    const bounds = this.windowBounds();
    const r = this.blockRect(rec);
    // Blocks in document order run down the page: once one is below the window, so (nearly) are the rest.
    if (r.top > bounds.bottom) this.pastWindow = true;
    return inWindow(r, bounds);
  }

  /** The registered window, in viewport coordinates: half a screen above the viewport, one and a half below. */
  private windowBounds(): { top: number; bottom: number } {
    const height = this.deps.doc.defaultView?.innerHeight ?? 800;
    return { top: -height * WINDOW_ABOVE, bottom: height * (1 + WINDOW_BELOW) };
  }

  /** Unregisters a record the index has dropped. */
  private removeRecord(rec: Rec) {
    this.hideRecord(rec);
    this.loose.delete(rec);
    // `revealed` keeps a record a rescan replaced, to be followed by `current`; not one whose text left the page
    // (a whole article swapped out would stay in memory with it).
    if (this.revealed?.record === rec && !this.textOf(this.revealed)?.isConnected) this.revealed = null;
  }

  /** The text node a mention starts in. */
  private textOf(t: Target): Text | null {
    const m = t.record.mentions[t.i];
    return m ? boundaryPoints(t.record.block, m.start, m.end).startContainer : null;
  }

  /**
   * The mention `t` names now: `t` itself, or, when a rescan replaced its record (the page changed the text around
   * it), the same name in the new record, found from its text node: at the same place, else the nearest. Null when
   * its text is gone. Steps from a pinned card or the keyboard then go on from where the reader was.
   */
  private current(t: Target): Target | null {
    if (this.index.has(t.record)) return t;
    const m = t.record.mentions[t.i];
    if (!m) return null;
    const { startContainer: node, startOffset } = boundaryPoints(t.record.block, m.start, m.end);
    const rec = node.isConnected ? this.nodeRecord.get(node) : undefined;
    if (!rec || !this.index.has(rec)) return null;
    const at = (rec.block.starts[rec.block.nodes.indexOf(node)] ?? 0) + startOffset;
    let best = -1;
    let distance = Number.POSITIVE_INFINITY;
    rec.mentions.forEach((n, i) => {
      if (n.entity === m.entity && Math.abs(n.start - at) < distance) {
        best = i;
        distance = Math.abs(n.start - at);
      }
    });
    return best < 0 ? null : { record: rec, i: best };
  }

  private shouldShow(rec: Rec, i: number): boolean {
    const m = rec.mentions[i];
    if (!m) return false;
    const e = this.deps.names.get(m.entity);
    if (!e || !this.settings.types[e.type]) return false;
    if (this.settings.knownEntities.includes(e.id)) return false;
    if (this.settings.firstMentionOnly) {
      // The first walk has not yet seen the whole page, so no mention is known to be the first. A rescan keeps the
      // map it had, a replaced block's first mentions passing to its new record (inheritFirstMentions), and other
      // new blocks wait for the pass's end: the marks already shown stay, and so does a card's dwell.
      if (this.scanning && this.scanKind === 'initial') return false;
      this.firstMentions ??= this.computeFirstMentions();
      return this.firstMentions.get(rec)?.has(i) ?? false;
    }
    return true;
  }

  /**
   * With "first mention only", a block the rescan replaces keeps the marks of the first mentions it held, by
   * entity, until the pass ends and the map is computed again: else the name would lose its mark (and resting on
   * it its card) for the whole pass.
   */
  private inheritFirstMentions(older: Set<Rec>, mentions: Mention[]): Set<number> | null {
    const map = this.firstMentions;
    if (!map) return null;
    const entities = new Set<string>();
    for (const old of older) {
      for (const i of map.get(old) ?? []) {
        const id = old.mentions[i]?.entity;
        if (id) entities.add(id);
      }
      map.delete(old);
    }
    if (entities.size === 0) return null;
    const kept = new Set<number>();
    mentions.forEach((m, i) => {
      if (entities.delete(m.entity)) kept.add(i);
    });
    return kept.size > 0 ? kept : null;
  }

  /** Each entity's first mention in document order, in one pass. */
  private computeFirstMentions(): Map<Rec, Set<number>> {
    const seen = new Set<string>();
    const out = new Map<Rec, Set<number>>();
    for (const p of this.index.ordered()) {
      const id = p.record.mentions[p.i]?.entity;
      if (!id || seen.has(id)) continue;
      seen.add(id);
      const set = out.get(p.record) ?? new Set<number>();
      set.add(p.i);
      out.set(p.record, set);
    }
    return out;
  }

  private hideRecord(rec: Rec) {
    this.shown.delete(rec);
    this.highlights?.hide(rec);
  }

  private showRecord(rec: Rec) {
    this.shown.add(rec);
    if (!this.highlights || this.settings.style === 'none') return;
    const ranges: { type: NameEntry['type']; range: AbstractRange }[] = [];
    const onPage = this.onPageTest();
    for (let i = 0; i < rec.mentions.length && ranges.length < MAX_RANGES_PER_BLOCK; i++) {
      if (!this.shouldShow(rec, i)) continue;
      const m = rec.mentions[i] as Mention;
      const range = toRange(rec.block, m.start, m.end);
      if (!onPage(range)) continue;
      const type = this.deps.names.get(m.entity)?.type ?? 'person';
      ranges.push({ type, range });
    }
    this.highlights.show(rec, ranges);
  }

  /**
   * Re-register after a filter changed: the same blocks, with the new filter. The active and flash marks stay: they
   * mark what the reader is looking at, whatever the filter.
   */
  private reregister() {
    if (!this.highlights) return;
    const again = [...this.shown];
    this.highlights.clearOwned();
    this.shown.clear();
    for (const rec of again) if (this.index.has(rec)) this.showRecord(rec);
  }

  /**
   * With "first mention only", bring the map up to date after the page's mentions changed (a pass ended, or the
   * page removed text) and re-register only the blocks whose first mentions moved: clearing every range would
   * repaint every mark, and a long page pays for each change of its highlights.
   */
  private refreshFirstMentions() {
    // During a pass the index is partly rebuilt (a rescan drops a block's record before it makes the new one); the
    // pass's end comes here.
    if (!this.settings.firstMentionOnly || this.scanning) return;
    const before = this.firstMentions;
    if (!before) {
      this.reregister(); // computes the map as it goes
      return;
    }
    const after = this.computeFirstMentions();
    this.firstMentions = after;
    const same = (a: Set<number> | undefined, b: Set<number> | undefined) =>
      a?.size === b?.size && [...(a ?? [])].every((i) => b?.has(i));
    const moved = new Set<Rec>();
    for (const [rec, set] of after) if (!same(set, before.get(rec))) moved.add(rec);
    for (const rec of before.keys()) if (!after.has(rec)) moved.add(rec);
    for (const rec of moved) if (this.shown.has(rec) && this.index.has(rec)) this.showRecord(rec);
  }

  /** Fit the registered window to the viewport soon (scroll, resize, scan progress); at most every WINDOW_MS. */
  scheduleWindow(): void {
    if (this.windowTimer || !this.on) return;
    this.windowTimer = this.deps.setTimer(() => {
      this.windowTimer = 0;
      this.afterRendering(() => this.fitWindow());
    }, WINDOW_MS);
  }

  /**
   * Register the blocks near the viewport and unregister the rest, keeping at most MAX_REGISTERED ranges. Blocks
   * are in document order, which is top-to-bottom order on screen for the flow of an article, so the first block
   * near the viewport is found by binary search over a handful of layout reads, not by watching every block.
   */
  private fitWindow(): void {
    if (!this.on || !this.highlights) return;
    this.deps.rules.ensure();
    const order = this.index.blocksInOrder();
    // A fit during the first walk (scrolled, or the walk found a block below the window) fits the window only: the
    // blocks found so far below it wait for the fit after the walk, like those still to come (see showsNow). Else a
    // walk longer than WINDOW_MS would register them in one more change of the highlights mid-walk.
    const firstWalk = this.scanning && this.scanKind === 'initial';
    if (this.index.totalMentions() <= MAX_REGISTERED && !firstWalk) {
      for (const rec of order) if (!this.shown.has(rec)) this.showRecord(rec);
      return;
    }
    const bounds = this.windowBounds();
    const { top, bottom } = bounds;
    const rect = this.rectReader();
    // The window's blocks are a run of the document order, [lo, end): found by searching for its two ends, a
    // dozen layout reads each, not by reading every block in it (≈ 80 reads a fit on the 1 MB bench page, and a
    // page's live ticker has the window fitted after each of its changes).
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
    for (const rec of this.loose) {
      if (ranges >= MAX_REGISTERED) break;
      if (!inWindow(rect(rec), bounds)) continue;
      next.add(rec);
      ranges += rec.mentions.length;
    }
    let inRun = 0;
    for (let i = lo; i < end; i++) inRun += (order[i] as Rec).mentions.length;
    // Within the budget, the run is taken whole, a block hidden since the scan with the rest (showRecord registers
    // none of its ranges: none is drawn). Over it, each block is read, so hidden ones do not spend it.
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
    for (const rec of [...this.shown]) if (!next.has(rec)) this.hideRecord(rec);
    for (const rec of next) if (!this.shown.has(rec)) this.showRecord(rec);
  }

  /**
   * Whether a range is drawn somewhere on the page. Text the visibility check lets through can still be placed
   * where no one sees it (off-screen "visually hidden" labels at left: -10000px, zero-size boxes); marking it
   * would register a range for nothing.
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

  /** Where a block's text is on screen now (empty when the page has removed or changed it). */
  private blockRect(rec: Rec): { top: number; bottom: number; width: number; height: number } {
    return this.rectReader()(rec);
  }

  /** `blockRect` for many blocks in a row, through one Range. */
  private rectReader(): (rec: Rec) => { top: number; bottom: number; width: number; height: number } {
    const range = this.deps.doc.createRange();
    return (rec) => {
      const { nodes } = rec.block;
      const first = nodes[0];
      const last = nodes[nodes.length - 1];
      if (!first?.isConnected || !last?.isConnected) return { top: 0, bottom: 0, width: 0, height: 0 };
      aimRange(range, first, 0, last, last.data.length);
      return range.getBoundingClientRect();
    };
  }

  private onScanIdle() {
    if (!this.scanning) return;
    this.scanning = false;
    const end = performance.now();
    try {
      // One measure per pass, always the same name, so tools can count passes and read their cost.
      performance.measure('reader-context:scan', {
        start: this.scanStart,
        end,
        detail: {
          kind: this.scanKind,
          blocks: this.index.size,
          mentions: this.index.totalMentions(),
          longestSliceMs: Math.round(this.runner.longestSliceMs * 10) / 10,
          slices: this.runner.slices,
        },
      });
    } catch {
      // A page that replaced performance.measure cannot break the scan; the measure is for tools only.
    }
    this.scanKind = 'incremental';
    this.scheduleWindow();
    this.refreshFirstMentions();
    this.emitCount();
  }

  private emitCount() {
    const n = this.on ? this.index.entityTotal() : 0;
    if (n !== this.lastEntityCount) {
      this.lastEntityCount = n;
      this.deps.onCount(n);
    }
  }

  private onMutations(records: MutationRecord[]) {
    const host = this.deps.host;
    for (const r of records) {
      // The extension's own host element is the one thing it adds; its changes are not the page's.
      if (r.target === host || host.contains(r.target)) continue;
      if (r.type === 'childList' && [...r.addedNodes, ...r.removedNodes].every((n) => n === host)) continue;
      this.pendingMutations.push(r);
      this.pageChanged = true;
      // The records a removal touches are read now, while the removed subtree is whole: the page may take it
      // apart before the batch is flushed.
      for (const n of r.removedNodes) if (n !== host) this.recordsUnder(n, this.removedRecords);
    }
    if (!this.pendingMutations.length || this.mutationTimer) return;
    // The first change in a batch interval, when no pass is running, is rescanned now, before the frame that shows
    // it: its names are marked in that frame, where a later rescan would cost a second repaint of the page (on a
    // long page a whole frame's paint). Later changes in the interval are batched, so a storm costs one pass.
    const now = performance.now();
    if (!this.scanning && now - this.lastSyncRescan >= MUTATION_BATCH_MS) {
      if (!this.deps.alive()) return;
      this.lastSyncRescan = now;
      const added = this.added;
      const fitPending = this.windowTimer !== 0;
      this.flushMutations();
      // Whatever the budget allowed is shown now (at least one step, a block or a 64 KB chunk of one, always
      // runs). A change that added nothing (a removal, text without names) reads no layout.
      this.runner.runNow(SYNC_RESCAN_MS);
      if (this.added !== added) {
        this.fitWindow();
        // A rescan that is over has scheduled the fit that follows every pass (onScanIdle); the fit just made, after
        // the same change, is that fit. Left scheduled, it would run again about when a ticker's next change comes.
        if (!fitPending && !this.scanning && this.windowTimer) {
          this.deps.clearTimer(this.windowTimer);
          this.windowTimer = 0;
        }
      }
      return;
    }
    this.scheduleFlush();
  }

  /** Flush the batch (mutations, lost roots) after MUTATION_BATCH_MS, once a frame has rendered. */
  private scheduleFlush(): void {
    if (this.mutationTimer) return;
    this.mutationTimer = this.deps.setTimer(
      () => this.afterRendering(() => this.flushMutations()),
      MUTATION_BATCH_MS,
    );
  }

  /**
   * Run `fn` as a background-priority task: a frame the page is waiting for renders first. A page that changes
   * itself on a timer of its own (a ticker every 100 ms) would otherwise often find our timer's work, and the layout
   * it reads, between its change and the frame that shows it.
   */
  private afterRendering(fn: () => void): void {
    this.background.post(fn);
  }

  /** Rescan only the blocks that changed; drop what the page removed. Never the whole page. */
  private flushMutations() {
    this.mutationTimer = 0;
    const records = this.pendingMutations;
    this.pendingMutations = [];
    const lost = this.lostRoots;
    this.lostRoots = [];
    if (!this.on) return;
    const doc = this.deps.doc;
    // A parent the walk lost its place in is scanned whole (the body itself, if that is where it was lost).
    const roots = new Set<Node>(lost);
    let removed = false;
    const options = this.scanOptions;
    const host = this.deps.host;
    // An element that bounds its own block (a paragraph, a list item, a feed entry) changes nothing around it.
    const ownBlock = (n: Node) => n.nodeType === Node.ELEMENT_NODE && blockRootOf(n, options) === n;
    const whole = (root: Element) => root === doc.body || root === doc.documentElement;
    for (const r of records) {
      if (r.type === 'characterData') {
        const root = blockRootOf(r.target, options);
        // null: nothing there is scanned (an editor, code, hidden text).
        if (root) roots.add(whole(root) ? r.target : root);
        continue;
      }
      if (r.removedNodes.length) removed = true;
      const root = blockRootOf(r.target, options);
      if (!root) continue;
      // Appending a paragraph to a long feed scans that paragraph, not the feed: blocks added or removed whole
      // are handled on their own; only inline changes make the surrounding block's text different.
      let inline = false;
      for (const n of r.addedNodes) {
        if (n === host) continue;
        if (ownBlock(n)) roots.add(n);
        else if (whole(root))
          roots.add(n); // text straight under <body>: what was added, not the page
        else inline = true;
      }
      for (const n of r.removedNodes) if (n !== host && !ownBlock(n)) inline = true;
      if (inline && !whole(root)) roots.add(root);
    }
    // Whether a first mention was removed: only then can the first mentions change without a rescan.
    let firstGone = false;
    // What changed is found from the changed nodes themselves (their text nodes → their records), so a change
    // costs in proportion to its own size, never a pass over every block of a long page.
    if (removed) {
      const touched = this.removedRecords;
      this.removedRecords = new Set();
      const gone = [...touched].filter((rec) => !rec.block.nodes.every((n) => n.isConnected));
      for (const rec of this.index.deleteAll(gone)) {
        this.removeRecord(rec);
        if (this.firstMentions?.has(rec)) firstGone = true;
      }
    }
    // Outermost roots only: a root inside another is covered by the outer one's rescan.
    const list = [...roots].filter((n) => n.isConnected);
    const outer =
      list.length > 1 ? list.filter((n) => !list.some((o) => o !== n && composedContains(o, n))) : list;
    for (const root of outer) {
      const stale = new Set<Rec>();
      this.recordsUnder(root, stale);
      for (const rec of this.index.deleteAll(stale)) this.removeRecord(rec);
      // (A rescan during the first walk is part of that pass; the pass is labelled when it ends.)
      this.scanRoot(root);
    }
    if (outer.length === 0 && removed) {
      // No pass follows whose end would bring the first mentions up to date: a removed first mention hands its
      // mark on now.
      if (firstGone) this.refreshFirstMentions();
      this.emitCount();
    }
  }

  /** Adds to `out` the records holding any text node under `root` (open shadow roots included). */
  private recordsUnder(root: Node, out: Set<Rec>): void {
    if (root.nodeType === Node.TEXT_NODE) {
      const rec = this.nodeRecord.get(root as Text);
      if (rec) out.add(rec);
      return;
    }
    const walker = this.deps.doc.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    for (let n: Node | null = walker.currentNode; n; n = walker.nextNode()) {
      if (n.nodeType === Node.TEXT_NODE) {
        const rec = this.nodeRecord.get(n as Text);
        if (rec) out.add(rec);
      } else {
        const shadow = (n as Element).shadowRoot;
        if (shadow) this.recordsUnder(shadow, out);
      }
    }
  }

  /** The mention under a text position (from caretPositionFromPoint), or null. */
  mentionAt(
    node: Node,
    offset: number,
    offsetInBlock: (b: TextBlock, n: Text, o: number) => number,
  ): Target | null {
    if (node.nodeType !== Node.TEXT_NODE) return null;
    const rec = this.nodeRecord.get(node as Text);
    if (!rec || !this.index.has(rec)) return null;
    const o = offsetInBlock(rec.block, node as Text, offset);
    const i = rec.mentions.findIndex((m) => m.start <= o && o < m.end);
    if (i >= 0) return { record: rec, i };
    const j = rec.mentions.findIndex((m) => o === m.end);
    return j >= 0 ? { record: rec, i: j } : null;
  }

  /**
   * Whether a mention is one the reader gets a card for: its type is on, it is not a known entity, and (with
   * "first mention only") it is the first. The highlight style does not matter: with style "none" names are not
   * marked, but resting on one still opens its card.
   */
  isHighlighted(t: Target): boolean {
    return this.shouldShow(t.record, t.i);
  }

  /**
   * A live Range over the mention, or null when the page has changed its text since the scan (the rescan,
   * at most a batch away, will replace the record): offsets into changed text would point at the wrong words.
   */
  rangeOf(t: Target): Range | null {
    const { block } = t.record;
    for (let i = 0; i < block.nodes.length; i++) {
      const node = block.nodes[i] as Text;
      const length = (block.starts[i + 1] ?? block.text.length) - (block.starts[i] as number);
      if (!node.isConnected || node.data.length !== length) return null;
    }
    const m = t.record.mentions[t.i] as Mention;
    const r = toRange(block, m.start, m.end);
    const live = this.deps.doc.createRange();
    live.setStart(r.startContainer, r.startOffset);
    live.setEnd(r.endContainer, r.endOffset);
    return live;
  }

  setActive(t: Target | null) {
    if (!this.highlights) return;
    // The same mention again (marked when the pointer comes to rest, again when its card opens) changes nothing:
    // any change to a highlight makes Chromium revalidate and repaint the highlighted text, which on a long page
    // would land in the very frame that reveals the card.
    const was = this.active;
    if (t === was || (t && was && t.record === was.record && t.i === was.i)) return;
    const range = t ? this.rangeOf(t) : null;
    // Remembered only when marked: a mention whose text changed gets no mark, and a later call may try again.
    this.active = range ? t : null;
    this.highlights.setActive(range);
  }

  summary(): PageSummary {
    const state = this.settings.paused
      ? 'paused'
      : isHostSwitchedOff(this.settings, this.hostname)
        ? 'site-off'
        : 'active';
    return {
      url: this.deps.doc.location.href,
      site: switchedOffSite(this.settings, this.hostname),
      state,
      scanning: this.scanning,
      entities: this.index.entityCounts(),
      totalMentions: this.index.totalMentions(),
    };
  }

  /** Scroll to a mention, flash it and open its card (popup click, keyboard command). */
  reveal(t: Target, focusCard: boolean): { index: number; count: number } | null {
    const range = this.rangeOf(t);
    if (!range) return null;
    const el = range.startContainer.parentElement;
    const reduce = this.deps.doc.defaultView?.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
    el?.scrollIntoView({ block: 'center', behavior: reduce ? 'auto' : 'smooth' });
    this.highlights?.flash(range, FLASH_MS, this.deps.setTimer);
    this.revealed = t;
    const m = t.record.mentions[t.i] as Mention;
    if (this.deps.names.has(m.entity)) this.card.show(t, { focus: focusCard });
    return this.index.positionOf(t);
  }

  /** The entity's mention after the last one revealed (cycling), or mention #index. */
  revealEntity(entity: string, index?: number): { index: number; count: number } | null {
    const list = this.index.ordered(entity);
    if (list.length === 0) return null;
    let target: Target | undefined;
    if (index !== undefined) target = list[((index % list.length) + list.length) % list.length];
    else {
      const last = this.revealed && this.current(this.revealed);
      const from = last && last.record.mentions[last.i]?.entity === entity ? last : null;
      target = this.index.step(from, 1, entity) ?? undefined;
    }
    return target ? this.reveal(target, false) : null;
  }

  /** Keyboard: next or previous mention of any entity, from the last revealed one. */
  step(direction: 1 | -1): { entity: string; index: number; count: number } | null {
    const t = this.index.step(this.revealed && this.current(this.revealed), direction);
    if (!t) return null;
    const pos = this.reveal(t, true);
    return pos ? { entity: (t.record.mentions[t.i] as Mention).entity, ...pos } : null;
  }

  /** Card prev/next: the same entity's neighbouring mention. */
  stepEntity(from: Target, direction: 1 | -1): void {
    const entity = from.record.mentions[from.i]?.entity;
    const t = this.index.step(this.current(from), direction, entity);
    if (t) this.reveal(t, true);
  }

  positionOf(t: Target) {
    return this.index.positionOf(t);
  }

  entitiesOnPage(): Set<string> {
    return new Set(this.index.entityCounts().map((c) => c.id));
  }

  /** The `n` most mentioned entities on the page, most mentioned first. */
  topEntities(n: number): string[] {
    return this.index
      .entityCounts()
      .slice(0, n)
      .map((c) => c.id);
  }

  /** Context menu: the entity the selected text names, exactly or by near-miss spelling. */
  entityForText(text: string): string | null {
    const trimmed = text.trim().slice(0, 200);
    if (!trimmed) return null;
    const found = this.deps.matcher.match(trimmed);
    return found[0]?.entity ?? null;
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

/** Whether a block's box (a blockRect) is drawn and overlaps the registered window. */
function inWindow(
  r: { top: number; bottom: number; width: number; height: number },
  w: { top: number; bottom: number },
): boolean {
  return r.bottom >= w.top && r.top <= w.bottom && (r.width > 0 || r.height > 0);
}

/** `outer.contains(node)` across shadow boundaries: a rescan of `outer` walks into its open shadow roots. */
function composedContains(outer: Node, node: Node): boolean {
  for (let cur: Node | null = node; cur; cur = cur.parentNode ?? (cur as ShadowRoot).host ?? null)
    if (cur === outer) return true;
  return false;
}
