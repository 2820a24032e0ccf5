/**
 * The mutation follower: watches the page for changes and says which roots to rescan. Only what changed is
 * rescanned, found from the changed nodes themselves, so a change costs in proportion to its own size, never a
 * pass over every block of a long page. Records under removed nodes leave the store.
 */
import { MUTATION_BATCH_MS, SYNC_RESCAN_MS } from '@/core/timing';
import { blockRootOf, type ScanOptions } from '@/dom/text-blocks';
import type { MentionFilter } from './filter';
import type { HighlightWindow } from './highlight-window';
import type { Rec } from './mention';
import { REVEALING_ATTRIBUTES, RevealWatch } from './reveal-watch';
import type { Scanner } from './scanner';
import type { MentionStore } from './store';

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
  /** Text the page shows later: its own job, and its own timer. */
  private readonly reveal: RevealWatch;
  private timer = 0;
  private lastSyncRescan = Number.NEGATIVE_INFINITY;
  private on = false;

  constructor(private readonly deps: FollowerDeps) {
    this.reveal = new RevealWatch({
      doc: deps.doc,
      rootOptions: () => rootOptions(deps.options()),
      rescan: (roots) => {
        if (this.on) this.rescan(roots);
      },
      setTimer: deps.setTimer,
      clearTimer: deps.clearTimer,
      afterRendering: deps.afterRendering,
    });
  }

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
    this.reveal.stop();
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
    this.reveal.skipped(el);
  }

  /** A paused walk lost its place under `parent`: rescan it with the next batch. */
  lost(parent: Node): void {
    this.lostRoots.push(parent);
    this.scheduleFlush();
  }

  private onMutations(records: MutationRecord[]): void {
    const { host, scanner, window } = this.deps;
    for (const r of records) {
      // The extension's own host element is the one thing it adds; its changes are not the page's.
      if (r.target === host || host.contains(r.target)) continue;
      if (r.type === 'attributes') {
        // Not a change of the text: at most a reveal, which the reveal watch checks in a task of its own.
        this.reveal.changed(r.target);
        continue;
      }
      if (r.type === 'childList' && [...r.addedNodes, ...r.removedNodes].every((n) => n === host)) continue;
      this.pending.push(r);
      scanner.markPageChanged();
      // The records a removal touches are read now, while the removed subtree is whole: the page may take it apart
      // before the batch is flushed.
      for (const n of r.removedNodes) if (n !== host) this.deps.store.recordsUnder(n, this.removedRecords);
    }
    if (!this.pending.length || this.timer) return;
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
      if (scanner.added !== added && !window.showFresh()) {
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
    let removed = false;
    const options = rootOptions(this.deps.options());
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
      this.reveal.prune();
    }
    const rescanned = this.rescan([...roots]);
    if (rescanned === 0 && removed) this.deps.onRemovedOnly(firstGone);
  }

  /** Drops the records under each root and scans it again; outermost roots only. Returns how many it scans. */
  private rescan(roots: Node[]): number {
    const { store } = this.deps;
    // A root inside another is covered by the outer one's rescan.
    const list = roots.filter((n) => n.isConnected);
    const outer =
      list.length > 1 ? list.filter((n) => !list.some((o) => o !== n && composedContains(o, n))) : list;
    for (const root of outer) {
      const stale = new Set<Rec>();
      store.recordsUnder(root, stale);
      store.remove(stale);
      // (A rescan during the first walk is part of that pass; the pass is labelled when it ends.)
      this.deps.scanner.scan(root);
    }
    return outer.length;
  }
}

/** Scan options for finding a block's root: the same rules, without the walk's callbacks. */
function rootOptions({ onHidden, onShadowRoot, onLost, ...rules }: ScanOptions): ScanOptions {
  return rules;
}

/** `outer.contains(node)` across shadow boundaries: a rescan of `outer` walks into its open shadow roots. */
function composedContains(outer: Node, node: Node): boolean {
  for (let cur: Node | null = node; cur; cur = cur.parentNode ?? (cur as ShadowRoot).host ?? null)
    if (cur === outer) return true;
  return false;
}
