/**
 * The mutation follower: watches the page for changes and says which roots to rescan. Only what changed is
 * rescanned, found from the changed nodes themselves, so a change costs in proportion to its own size, never a
 * pass over every block of a long page. Records under removed nodes leave the store.
 */
import { MUTATION_BATCH_MS, SYNC_RESCAN_MS } from '@/core/timing';
import { blockRootOf, isHiddenNow, type ScanOptions } from '@/dom/text-blocks';
import type { MentionFilter } from './filter';
import type { HighlightWindow } from './highlight-window';
import type { Rec } from './mention';
import type { Scanner } from './scanner';
import type { MentionStore } from './store';

/**
 * Elements the walk skipped as hidden, the most recent this many: the ones a page may show later. A page with more
 * hidden parts than this gets the most recently walked ones followed.
 */
const HIDDEN_MAX = 2000;
/**
 * The attributes by which pages show what was hidden: the `hidden` attribute, inline style, a class (a "Read more"
 * that adds `expanded`), a <details> or <dialog> opened.
 */
const REVEALING_ATTRIBUTES = ['hidden', 'style', 'class', 'open'];

export interface FollowerDeps {
  doc: Document;
  host: HTMLElement;
  store: MentionStore;
  scanner: Scanner;
  filter: MentionFilter;
  window: HighlightWindow;
  options(): ScanOptions;
  /** False once the extension's context is gone; work done straight from the observer's callback asks. */
  alive(): boolean;
  setTimer(fn: () => void, ms: number): number;
  clearTimer(id: number): void;
  afterRendering(fn: () => void): void;
  /** Removals changed the page's mentions and no pass follows: first mentions and counts are due now. */
  onRemovedOnly(firstGone: boolean): void;
}

export class MutationFollower {
  private mo: MutationObserver | null = null;
  private observed = new WeakSet<Node>();
  private pending: MutationRecord[] = [];
  /** Records under nodes the page removed since the last flush, read while the removed subtree was whole. */
  private removedRecords = new Set<Rec>();
  /** Parents a paused walk lost its place in (ScanOptions.onLost): scanned again with the next batch. */
  private lostRoots: Node[] = [];
  /** Elements the walk skipped as hidden, oldest first. */
  private readonly hiddenRoots = new Set<Element>();
  /** Elements whose revealing attributes changed since the last flush. */
  private attributeTargets = new Set<Element>();
  private timer = 0;
  private lastSyncRescan = Number.NEGATIVE_INFINITY;
  private on = false;

  constructor(private readonly deps: FollowerDeps) {}

  start(): void {
    this.on = true;
    const win = this.deps.doc.defaultView;
    if (!win || !('MutationObserver' in win)) return;
    this.mo = new win.MutationObserver((records) => this.onMutations(records));
    this.observed = new WeakSet();
    this.observe(this.deps.doc);
  }

  stop(): void {
    this.on = false;
    this.mo?.disconnect();
    this.mo = null;
    if (this.timer) this.deps.clearTimer(this.timer);
    this.timer = 0;
    this.pending = [];
    this.lostRoots = [];
    this.removedRecords = new Set();
    this.hiddenRoots.clear();
    this.attributeTargets = new Set();
  }

  /**
   * Follow changes under `root`: the document, and each open shadow root the scan walks into (a subtree observer of
   * the document does not see inside shadow trees).
   */
  observe(root: Document | ShadowRoot): void {
    if (!this.mo || this.observed.has(root)) return;
    this.observed.add(root);
    this.mo.observe(root, {
      childList: true,
      subtree: true,
      characterData: true,
      attributeFilter: REVEALING_ATTRIBUTES,
    });
  }

  /** The walk skipped `el` as hidden: if the page shows it later, it is read then. */
  hidden(el: Element): void {
    this.hiddenRoots.delete(el);
    this.hiddenRoots.add(el);
    if (this.hiddenRoots.size > HIDDEN_MAX)
      this.hiddenRoots.delete(this.hiddenRoots.values().next().value as Element);
  }

  /** A paused walk lost its place under `parent`: rescan it with the next batch. */
  lost(parent: Node): void {
    this.lostRoots.push(parent);
    this.scheduleFlush();
  }

  private onMutations(records: MutationRecord[]): void {
    const { host, scanner, window } = this.deps;
    let shown = false;
    for (const r of records) {
      // The extension's own host element is the one thing it adds; its changes are not the page's.
      if (r.target === host || host.contains(r.target)) continue;
      if (r.type === 'attributes') {
        // Only a possible reveal: whether anything hidden is shown now is asked once per batch, in the flush.
        if (this.hiddenRoots.size > 0) {
          this.attributeTargets.add(r.target as Element);
          shown = true;
        }
        continue;
      }
      if (r.type === 'childList' && [...r.addedNodes, ...r.removedNodes].every((n) => n === host)) continue;
      this.pending.push(r);
      scanner.markPageChanged();
      // The records a removal touches are read now, while the removed subtree is whole: the page may take it apart
      // before the batch is flushed.
      for (const n of r.removedNodes) if (n !== host) this.deps.store.recordsUnder(n, this.removedRecords);
    }
    if (!this.pending.length) {
      if (shown) this.scheduleFlush();
      return;
    }
    if (this.timer) return;
    // The first change in a batch interval, when no pass is running, is rescanned now, before the frame that shows
    // it: its names are marked in that frame, where a later rescan would cost a second repaint of the page. Later
    // changes in the interval are batched, so a storm costs one pass.
    const now = performance.now();
    if (!scanner.scanning && now - this.lastSyncRescan >= MUTATION_BATCH_MS) {
      if (!this.deps.alive()) return;
      this.lastSyncRescan = now;
      const added = scanner.added;
      const fitPending = window.fitPending;
      this.flush();
      // Whatever the budget allowed is shown now (at least one step, a block or a chunk of one, always runs). A
      // change that added nothing (a removal, text without names) reads no layout.
      scanner.runNow(SYNC_RESCAN_MS);
      if (scanner.added !== added) {
        window.fit();
        // A rescan that is over has scheduled the fit that follows every pass; the fit just made, after the same
        // change, is that fit. Left scheduled, it would run again about when a ticker's next change comes.
        if (!fitPending && !scanner.scanning) window.cancelFit();
      }
      return;
    }
    this.scheduleFlush();
  }

  /** Flush the batch (mutations, lost roots) after MUTATION_BATCH_MS, once a frame has rendered. */
  private scheduleFlush(): void {
    if (this.timer) return;
    this.timer = this.deps.setTimer(() => this.deps.afterRendering(() => this.flush()), MUTATION_BATCH_MS);
  }

  /**
   * Hidden elements the attribute changes since the last flush have shown: those under (or equal to) a changed
   * element, and visible now. They leave the list; the rescan reports them again if part of them is still hidden.
   */
  private revealed(): Element[] {
    const targets = [...this.attributeTargets].filter((t) => t.isConnected);
    this.attributeTargets = new Set();
    if (targets.length === 0) return [];
    const out: Element[] = [];
    for (const el of this.hiddenRoots) {
      if (!el.isConnected) {
        this.hiddenRoots.delete(el);
        continue;
      }
      if (!targets.some((t) => t === el || t.contains(el))) continue;
      if (isHiddenNow(el, this.deps.options())) continue;
      this.hiddenRoots.delete(el);
      out.push(el);
    }
    return out;
  }

  /** Rescan only the blocks that changed; drop what the page removed. Never the whole page. */
  private flush(): void {
    this.timer = 0;
    const records = this.pending;
    this.pending = [];
    const lost = this.lostRoots;
    this.lostRoots = [];
    if (!this.on) return;
    const { doc, host, store, filter } = this.deps;
    // A parent the walk lost its place in is scanned whole (the body itself, if that is where it was lost).
    const roots = new Set<Node>(lost);
    for (const el of this.revealed()) roots.add(blockRootOf(el, this.deps.options()) ?? el);
    let removed = false;
    const options = this.deps.options();
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
      // Appending a paragraph to a long feed scans that paragraph, not the feed: blocks added or removed whole are
      // handled on their own; only inline changes make the surrounding block's text different.
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
    if (removed) {
      const touched = this.removedRecords;
      this.removedRecords = new Set();
      const gone = [...touched].filter((rec) => !rec.block.nodes.every((n) => n.isConnected));
      for (const rec of gone) if (store.has(rec) && filter.holdsFirst(rec)) firstGone = true;
      store.remove(gone);
    }
    // Outermost roots only: a root inside another is covered by the outer one's rescan.
    const list = [...roots].filter((n) => n.isConnected);
    const outer =
      list.length > 1 ? list.filter((n) => !list.some((o) => o !== n && composedContains(o, n))) : list;
    for (const root of outer) {
      const stale = new Set<Rec>();
      store.recordsUnder(root, stale);
      store.remove(stale);
      // (A rescan during the first walk is part of that pass; the pass is labelled when it ends.)
      this.deps.scanner.scan(root);
    }
    if (outer.length === 0 && removed) this.deps.onRemovedOnly(firstGone);
  }
}

/** `outer.contains(node)` across shadow boundaries: a rescan of `outer` walks into its open shadow roots. */
function composedContains(outer: Node, node: Node): boolean {
  for (let cur: Node | null = node; cur; cur = cur.parentNode ?? (cur as ShadowRoot).host ?? null)
    if (cur === outer) return true;
  return false;
}
