/**
 * The store of mentions: every block record the scanner found, in document order, and which record each text node
 * belongs to. The one place that answers "which mention is here" and "which is next". The scanner fills it; the
 * filter, the highlight window and the hover controller read it, and hear from it when a record leaves.
 */
import { PageIndex } from '@/core/page-index';
import { boundaryPoints, offsetInBlock, type TextBlock } from '@/dom/text-blocks';
import type { Rec, Target } from './mention';

/**
 * Blocks the page added after the first scan, the most recent this many. Live content (a breaking-news bar, a live
 * blog's newest entry, a dialog) is often fixed or placed out of the document's order, where a search over document
 * order cannot find it: the highlight window checks these by position on every fit.
 */
const LOOSE_MAX = 64;

/**
 * Text nodes mapped to their record in one step. A block of more (a page of inline elements in one block) is
 * mapped a step at a time afterwards (`mapSome`), or at once by the first question that needs the map.
 */
export const NODES_MAPPED_PER_STEP = 1024;

function docOrder(a: TextBlock, b: TextBlock): number {
  const na = a.nodes[0];
  const nb = b.nodes[0];
  if (!na || !nb || na === nb) return 0;
  return na.compareDocumentPosition(nb) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
}

export class MentionStore extends PageIndex<TextBlock> {
  private readonly nodeRecord = new WeakMap<Text, Rec>();
  /** Records whose text nodes are not all in `nodeRecord` yet, with the index of the first one that is not. */
  private readonly unmapped: { rec: Rec; next: number }[] = [];
  private readonly looseRecords = new Set<Rec>();
  private readonly removedListeners: ((rec: Rec) => void)[] = [];

  constructor(private readonly doc: Document) {
    super(docOrder);
  }

  /** Called for each record that leaves the store (replaced by a rescan, or its text removed). */
  onRemoved(fn: (rec: Rec) => void): void {
    this.removedListeners.push(fn);
  }

  /**
   * @param inOrder the one walk over the whole page, in document order. Any other record is "loose": the page
   *   added or changed it, and the window checks it by position.
   */
  put(rec: Rec, inOrder: boolean): void {
    this.add(rec, inOrder);
    if (!inOrder) {
      this.looseRecords.add(rec);
      if (this.looseRecords.size > LOOSE_MAX)
        this.looseRecords.delete(this.looseRecords.values().next().value as Rec);
    }
    const pending = { rec, next: 0 };
    this.mapNodes(pending, NODES_MAPPED_PER_STEP);
    if (pending.next < rec.block.nodes.length) this.unmapped.push(pending);
  }

  /** Maps one step's worth of the text nodes still unmapped; false when there were none. */
  mapSome(): boolean {
    if (this.unmapped.length === 0) return false;
    let budget = NODES_MAPPED_PER_STEP;
    while (budget > 0 && this.unmapped.length > 0) {
      const pending = this.unmapped[0] as { rec: Rec; next: number };
      budget -= this.mapNodes(pending, budget);
      if (pending.next >= pending.rec.block.nodes.length) this.unmapped.shift();
    }
    return true;
  }

  /** Every question of the node map first finishes it. */
  private mapAll(): void {
    while (this.unmapped.length > 0)
      this.mapNodes(this.unmapped.shift() as { rec: Rec; next: number }, Number.POSITIVE_INFINITY);
  }

  /** Maps up to `max` of the record's nodes from `pending.next`; returns how many it mapped. */
  private mapNodes(pending: { rec: Rec; next: number }, max: number): number {
    const { nodes } = pending.rec.block;
    const end = Math.min(nodes.length, pending.next + max);
    const from = pending.next;
    // A record a rescan replaced meanwhile gives its nodes to the new one: not mapped back to the old.
    if (this.has(pending.rec))
      for (let i = from; i < end; i++) this.nodeRecord.set(nodes[i] as Text, pending.rec);
    pending.next = end;
    return end - from;
  }

  /** Drops the records still held, and tells the listeners. */
  remove(records: Iterable<Rec>): Rec[] {
    const gone = this.deleteAll(records);
    for (const rec of gone) {
      this.looseRecords.delete(rec);
      for (const fn of this.removedListeners) fn(rec);
    }
    return gone;
  }

  override clear(): void {
    super.clear();
    this.looseRecords.clear();
    this.unmapped.length = 0;
  }

  /** Records from rescans, oldest first. */
  loose(): Iterable<Rec> {
    return this.looseRecords;
  }

  /** The records a block's text nodes belong to now (the block's older records, before a rescan replaces them). */
  recordsOfNodes(block: TextBlock): Set<Rec> {
    this.mapAll();
    const out = new Set<Rec>();
    for (const n of block.nodes) {
      const rec = this.nodeRecord.get(n);
      if (rec) out.add(rec);
    }
    return out;
  }

  /** Adds to `out` the records holding any text node under `root` (open shadow roots included). */
  recordsUnder(root: Node, out: Set<Rec>): void {
    this.mapAll();
    if (root.nodeType === Node.TEXT_NODE) {
      const rec = this.nodeRecord.get(root as Text);
      if (rec) out.add(rec);
      return;
    }
    const walker = this.doc.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
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
  mentionAt(node: Node, offset: number): Target | null {
    if (node.nodeType !== Node.TEXT_NODE) return null;
    this.mapAll();
    const rec = this.nodeRecord.get(node as Text);
    if (!rec || !this.has(rec)) return null;
    const o = offsetInBlock(rec.block, node as Text, offset);
    const i = rec.mentions.findIndex((m) => m.start <= o && o < m.end);
    if (i >= 0) return { record: rec, i };
    const j = rec.mentions.findIndex((m) => o === m.end);
    return j >= 0 ? { record: rec, i: j } : null;
  }

  /**
   * The mention `t` names now: `t` itself, or, when a rescan replaced its record (the page changed the text around
   * it), the same name in the new record, found from its text node: at the same place, else the nearest. Null when
   * its text is gone. Steps from a pinned card or the keyboard then go on from where the reader was.
   */
  current(t: Target): Target | null {
    if (this.has(t.record)) return t;
    const m = t.record.mentions[t.i];
    if (!m) return null;
    const { startContainer: node, startOffset } = boundaryPoints(t.record.block, m.start, m.end);
    this.mapAll();
    const rec = node.isConnected ? this.nodeRecord.get(node) : undefined;
    if (!rec || !this.has(rec)) return null;
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

  /** Distinct entities on the page. */
  entityIds(): Set<string> {
    return new Set(this.entityCounts().map((c) => c.id));
  }

  /** The `n` most mentioned entities on the page, most mentioned first. */
  topEntities(n: number): string[] {
    return this.entityCounts()
      .slice(0, n)
      .map((c) => c.id);
  }
}
