/**
 * What the content script found on the page: blocks of text with their mentions, counted per entity and
 * walked in document order. Generic over the block handle so it is tested without a DOM; the content script
 * supplies a document-order comparison.
 */
import type { Mention } from './matcher/types';

export interface BlockMentions<B> {
  block: B;
  mentions: Mention[];
}

/** One mention on the page: the block it is in and its position in that block's list. */
export interface PageMention<B> {
  record: BlockMentions<B>;
  i: number;
}

export interface EntityCount {
  id: string;
  count: number;
}

export class PageIndex<B> {
  private records = new Set<BlockMentions<B>>();
  private order: BlockMentions<B>[] | null = null;
  private counts: Map<string, number> | null = null;

  /** @param compare document order of two blocks (negative when a comes first). */
  constructor(private readonly compare: (a: B, b: B) => number) {}

  add(record: BlockMentions<B>): void {
    if (record.mentions.length === 0) return;
    this.records.add(record);
    this.order = null;
    this.counts = null;
  }

  delete(record: BlockMentions<B>): boolean {
    const had = this.records.delete(record);
    if (had) {
      this.order = null;
      this.counts = null;
    }
    return had;
  }

  /** Drop every record the predicate selects (blocks removed from the page, or about to be rescanned). */
  deleteWhere(pred: (record: BlockMentions<B>) => boolean): BlockMentions<B>[] {
    const gone: BlockMentions<B>[] = [];
    for (const r of this.records) if (pred(r)) gone.push(r);
    for (const r of gone) this.records.delete(r);
    if (gone.length) {
      this.order = null;
      this.counts = null;
    }
    return gone;
  }

  clear(): void {
    this.records.clear();
    this.order = null;
    this.counts = null;
  }

  has(record: BlockMentions<B>): boolean {
    return this.records.has(record);
  }

  get size(): number {
    return this.records.size;
  }

  all(): IterableIterator<BlockMentions<B>> {
    return this.records.values();
  }

  /** Mentions per entity, most mentioned first, ties by id so the popup's order is stable. */
  entityCounts(): EntityCount[] {
    if (!this.counts) {
      this.counts = new Map();
      for (const r of this.records)
        for (const m of r.mentions) this.counts.set(m.entity, (this.counts.get(m.entity) ?? 0) + 1);
    }
    return [...this.counts]
      .map(([id, count]) => ({ id, count }))
      .sort((a, b) => b.count - a.count || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  totalMentions(): number {
    let n = 0;
    for (const r of this.records) n += r.mentions.length;
    return n;
  }

  /** Every mention (of one entity, or all) in document order. Sorting is cached until the records change. */
  ordered(entity?: string): PageMention<B>[] {
    if (!this.order) this.order = [...this.records].sort((a, b) => this.compare(a.block, b.block));
    const out: PageMention<B>[] = [];
    for (const record of this.order)
      record.mentions.forEach((m, i) => {
        if (entity === undefined || m.entity === entity) out.push({ record, i });
      });
    return out;
  }

  /** Position of a mention among its entity's mentions: for "3 of 12 mentions on this page". */
  positionOf(target: PageMention<B>): { index: number; count: number } {
    const entity = target.record.mentions[target.i]?.entity;
    const list = this.ordered(entity);
    const index = list.findIndex((p) => p.record === target.record && p.i === target.i);
    return { index: Math.max(0, index), count: list.length };
  }

  /**
   * The mention `direction` steps away from `from` in document order (wrapping), optionally among one
   * entity's mentions; the first (or last) when there is no `from`.
   */
  step(from: PageMention<B> | null, direction: 1 | -1, entity?: string): PageMention<B> | null {
    const list = this.ordered(entity);
    if (list.length === 0) return null;
    const at = from ? list.findIndex((p) => p.record === from.record && p.i === from.i) : -1;
    if (at < 0) return direction === 1 ? (list[0] ?? null) : (list[list.length - 1] ?? null);
    return list[(at + direction + list.length) % list.length] ?? null;
  }
}
