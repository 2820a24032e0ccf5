/**
 * The reveal watch: text a page shows after load (a "Read more" that removes `hidden`, a section whose class
 * expands it, a <details> opened) is read when it appears. The walk reports each element it skips as hidden; when
 * a revealing attribute changes on one of them or on an element above one, the watch checks, in a background task
 * and within a small budget, which are visible now, and hands their blocks to the mutation follower to rescan.
 */
import { blockRootOf, isHiddenNow, type ScanOptions } from '@/dom/text-blocks';

/**
 * Hidden elements followed, the most recent this many: a page with more hidden parts than this gets the most
 * recently walked ones followed.
 */
const HIDDEN_MAX = 2000;
/** Checking whether hidden elements are visible now takes at most this long a task; the rest waits for the next. */
const CHECK_BUDGET_MS = 2;
/** After a revealing change, wait this long before checking, so a burst of changes (an animation) costs one check. */
const CHECK_DELAY_MS = 100;

/**
 * The attributes by which pages show what was hidden: the `hidden` attribute, inline style, a class, a <details> or
 * <dialog> opened.
 */
export const REVEALING_ATTRIBUTES = ['hidden', 'style', 'class', 'open'];

export interface RevealDeps {
  doc: Document;
  /** Scan options for finding block roots (no callbacks: finding a root reports nothing). */
  rootOptions(): ScanOptions;
  /** Rescan these roots (the mutation follower drops their old records first). */
  rescan(roots: Node[]): void;
  setTimer(fn: () => void, ms: number): number;
  clearTimer(id: number): void;
  afterRendering(fn: () => void): void;
}

export class RevealWatch {
  /** Elements the walk skipped as hidden, oldest first. */
  private readonly hidden = new Set<Element>();
  /** Every element that is, or is above, a followed hidden element: only their attribute changes can reveal one. */
  private ancestors = new WeakSet<Node>();
  /** Changed elements not checked yet. */
  private targets = new Set<Element>();
  private timer = 0;
  /** Where the last unfinished check stopped in the list, so a long list is checked a part at a time, in turn. */
  private cursor = 0;

  constructor(private readonly deps: RevealDeps) {}

  /** The walk skipped `el` as hidden. */
  skipped(el: Element): void {
    this.hidden.delete(el);
    this.hidden.add(el);
    if (this.hidden.size > HIDDEN_MAX) this.hidden.delete(this.hidden.values().next().value as Element);
    // Up to the first element already known: its own ancestors were added with it.
    for (
      let n: Node | null = el;
      n && !this.ancestors.has(n);
      n = n.parentNode ?? (n as ShadowRoot).host ?? null
    )
      this.ancestors.add(n);
  }

  /** A revealing attribute changed on `target`. Cheap when it is above no hidden element. */
  changed(target: Node): void {
    if (!this.ancestors.has(target)) return;
    this.targets.add(target as Element);
    if (!this.timer)
      this.timer = this.deps.setTimer(() => this.deps.afterRendering(() => this.check()), CHECK_DELAY_MS);
  }

  /** Forget hidden elements the page removed (they would otherwise stay in memory until a check). */
  prune(): void {
    for (const el of this.hidden) if (!el.isConnected) this.hidden.delete(el);
  }

  stop(): void {
    if (this.timer) this.deps.clearTimer(this.timer);
    this.timer = 0;
    this.hidden.clear();
    this.ancestors = new WeakSet();
    this.targets = new Set();
    this.cursor = 0;
  }

  private check(): void {
    this.timer = 0;
    const targets = [...this.targets].filter((t) => t.isConnected);
    if (targets.length === 0) {
      this.targets = new Set();
      return;
    }
    const list = [...this.hidden];
    const deadline = performance.now() + CHECK_BUDGET_MS;
    const options = this.deps.rootOptions();
    const shown: Element[] = [];
    let i = 0;
    for (; i < list.length && performance.now() < deadline; i++) {
      const el = list[(this.cursor + i) % list.length] as Element;
      if (!el.isConnected) {
        this.hidden.delete(el);
        continue;
      }
      if (!targets.some((t) => t === el || t.contains(el))) continue;
      if (isHiddenNow(el, options)) continue;
      this.hidden.delete(el);
      shown.push(el);
    }
    if (i < list.length) {
      // Out of budget: the rest of the list in the next task.
      this.cursor = (this.cursor + i) % list.length;
      this.timer = this.deps.setTimer(() => this.deps.afterRendering(() => this.check()), 0);
    } else {
      this.cursor = 0;
      this.targets = new Set();
    }
    const { doc } = this.deps;
    const roots: Node[] = [];
    for (const el of shown) {
      // The block the element's text belongs to; the element itself when that is the whole page. An element whose
      // block is not scanned at all (inside an editor, say) stays out.
      const root = blockRootOf(el, options);
      if (!root) continue;
      roots.push(root === doc.body || root === doc.documentElement ? el : root);
    }
    if (roots.length > 0) this.deps.rescan(roots);
  }
}
