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

/** How often one entity is mentioned on the page (the popup's summary lists these). */
export interface EntityCount {
  id: string;
  count: number;
}

export class PageIndex<B> {
  private records = new Set<BlockMentions<B>>();
  /**
   * Records in document order, kept sorted as they arrive rather than sorted on demand: comparing DOM positions
   * is slow on large pages (a full sort of 8,000 blocks took about half a second), while a scan adds blocks in
   * document order, so most additions are one comparison with the last block.
   */
  private order: BlockMentions<B>[] = [];
  /**
   * Mentions per entity and in all, kept as records come and go: the content script asks after every block it
   * adds and after every change the page makes, so neither may cost a pass over the whole page.
   */
  private readonly counts = new Map<string, number>();
  private mentionTotal = 0;

  /** @param compare document order of two blocks (negative when a comes first). */
  constructor(private readonly compare: (a: B, b: B) => number) {}

  /**
   * @param afterAll the caller knows the block comes after every block already added (one walk over the page in
   *   document order): it is appended without comparing positions.
   */
  add(record: BlockMentions<B>, afterAll = false): void {
    if (record.mentions.length === 0 || this.records.has(record)) return;
    this.records.add(record);
    this.count(record, 1);
    const last = this.order[this.order.length - 1];
    if (afterAll || !last || this.compare(last.block, record.block) <= 0) {
      this.order.push(record);
      return;
    }
    let lo = 0;
    let hi = this.order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compare((this.order[mid] as BlockMentions<B>).block, record.block) <= 0) lo = mid + 1;
      else hi = mid;
    }
    this.order.splice(lo, 0, record);
  }

  delete(record: BlockMentions<B>): boolean {
    const had = this.records.delete(record);
    if (had) {
      this.count(record, -1);
      this.order.splice(this.order.indexOf(record), 1);
    }
    return had;
  }

  /**
   * Drop these records (blocks removed from the page, or about to be rescanned); returns those that were here.
   * One pass over the order for any number of them.
   */
  deleteAll(records: Iterable<BlockMentions<B>>): BlockMentions<B>[] {
    const gone: BlockMentions<B>[] = [];
    for (const r of records) {
      if (!this.records.delete(r)) continue;
      this.count(r, -1);
      gone.push(r);
    }
    if (gone.length === 1) this.order.splice(this.order.indexOf(gone[0] as BlockMentions<B>), 1);
    else if (gone.length > 1) this.order = this.order.filter((r) => this.records.has(r));
    return gone;
  }

  private count(record: BlockMentions<B>, sign: 1 | -1): void {
    this.mentionTotal += sign * record.mentions.length;
    for (const m of record.mentions) {
      const n = (this.counts.get(m.entity) ?? 0) + sign;
      if (n > 0) this.counts.set(m.entity, n);
      else this.counts.delete(m.entity);
    }
  }

  clear(): void {
    this.records.clear();
    this.order = [];
    this.counts.clear();
    this.mentionTotal = 0;
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
    return [...this.counts]
      .map(([id, count]) => ({ id, count }))
      .sort((a, b) => b.count - a.count || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** How many entities are mentioned. */
  entityTotal(): number {
    return this.counts.size;
  }

  totalMentions(): number {
    return this.mentionTotal;
  }

  /** Blocks in document order. */
  blocksInOrder(): readonly BlockMentions<B>[] {
    return this.order;
  }

  /** Every mention (of one entity, or all) in document order. */
  ordered(entity?: string): PageMention<B>[] {
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
