import { describe, expect, it } from 'vitest';
import { PageIndex } from '@/core/page-index';

// Blocks are numbers; document order is numeric order.
const rec = (block: number, ...entities: string[]) => ({
  block,
  mentions: entities.map((entity, k) => ({ entity, start: k * 10, end: k * 10 + 5 })),
});

describe('PageIndex', () => {
  it('counts mentions per entity, most first, ties by id', () => {
    const idx = new PageIndex<number>((a, b) => a - b);
    idx.add(rec(2, 'putin', 'sochi'));
    idx.add(rec(1, 'lukashenko', 'putin'));
    idx.add(rec(3, 'belarus'));
    expect(idx.entityCounts()).toEqual([
      { id: 'putin', count: 2 },
      { id: 'belarus', count: 1 },
      { id: 'lukashenko', count: 1 },
      { id: 'sochi', count: 1 },
    ]);
    expect(idx.totalMentions()).toBe(5);
  });

  it('orders mentions by document order whatever the order they were added in', () => {
    const idx = new PageIndex<number>((a, b) => a - b);
    const late = rec(9, 'putin');
    const early = rec(1, 'putin');
    idx.add(late);
    idx.add(early);
    expect(idx.ordered('putin').map((p) => p.record.block)).toEqual([1, 9]);
    expect(idx.positionOf({ record: late, i: 0 })).toEqual({ index: 1, count: 2 });
  });

  it('steps forward and back with wrap-around, per entity or across all', () => {
    const idx = new PageIndex<number>((a, b) => a - b);
    const a = rec(1, 'putin', 'sochi');
    const b = rec(2, 'putin');
    idx.add(a);
    idx.add(b);
    expect(idx.step(null, 1)).toEqual({ record: a, i: 0 });
    expect(idx.step({ record: a, i: 0 }, 1)).toEqual({ record: a, i: 1 });
    expect(idx.step({ record: b, i: 0 }, 1)).toEqual({ record: a, i: 0 });
    expect(idx.step(null, -1)).toEqual({ record: b, i: 0 });
    expect(idx.step({ record: a, i: 0 }, 1, 'putin')).toEqual({ record: b, i: 0 });
    expect(idx.step({ record: a, i: 0 }, -1, 'putin')).toEqual({ record: b, i: 0 });
  });

  it('forgets removed blocks in counts and order', () => {
    const idx = new PageIndex<number>((a, b) => a - b);
    const a = rec(1, 'putin');
    const b = rec(2, 'putin', 'kremlin');
    idx.add(a);
    idx.add(b);
    expect(idx.ordered('putin')).toHaveLength(2);
    const gone = idx.deleteAll([b]);
    expect(gone).toEqual([b]);
    expect(idx.ordered('putin')).toHaveLength(1);
    expect(idx.entityCounts()).toEqual([{ id: 'putin', count: 1 }]);
    expect(idx.has(b)).toBe(false);
  });

  it('deleteAll drops only what it holds, once, and keeps the order of the rest', () => {
    const idx = new PageIndex<number>((a, b) => a - b);
    const recs = [1, 2, 3, 4, 5].map((n) => rec(n, n % 2 ? 'putin' : 'sochi'));
    for (const r of recs) idx.add(r);
    const stranger = rec(7, 'putin');
    expect(idx.deleteAll([recs[1], recs[3], stranger, recs[1]] as typeof recs)).toEqual([recs[1], recs[3]]);
    expect(idx.blocksInOrder().map((r) => r.block)).toEqual([1, 3, 5]);
    expect(idx.deleteAll([recs[2]] as typeof recs)).toEqual([recs[2]]);
    expect(idx.blocksInOrder().map((r) => r.block)).toEqual([1, 5]);
    expect(idx.entityCounts()).toEqual([{ id: 'putin', count: 2 }]);
    expect(idx.entityTotal()).toBe(1);
    expect(idx.totalMentions()).toBe(2);
  });

  it('keeps its counts equal to a recount through any sequence of adds and deletes', () => {
    const idx = new PageIndex<number>((a, b) => a - b);
    const ids = ['putin', 'sochi', 'kremlin', 'minsk'];
    let seed = 7;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x80000000;
    };
    const live: ReturnType<typeof rec>[] = [];
    for (let step = 0; step < 400; step++) {
      if (live.length > 0 && rnd() < 0.4) {
        const victims = live.splice(Math.floor(rnd() * live.length), 1 + Math.floor(rnd() * 3));
        if (rnd() < 0.5) idx.deleteAll(victims);
        else for (const v of victims) idx.delete(v);
      } else {
        const r = rec(Math.floor(rnd() * 1000), ...ids.filter(() => rnd() < 0.5));
        if (r.mentions.length === 0) continue;
        idx.add(r);
        live.push(r);
      }
      const recount = new Map<string, number>();
      for (const r of live)
        for (const m of r.mentions) recount.set(m.entity, (recount.get(m.entity) ?? 0) + 1);
      expect(new Map(idx.entityCounts().map((c) => [c.id, c.count]))).toEqual(recount);
      expect(idx.totalMentions()).toBe(live.reduce((n, r) => n + r.mentions.length, 0));
      expect(idx.blocksInOrder()).toHaveLength(live.length);
    }
  });

  it('ignores blocks without mentions', () => {
    const idx = new PageIndex<number>((a, b) => a - b);
    idx.add({ block: 1, mentions: [] });
    expect(idx.size).toBe(0);
  });
});

describe('PageIndex document order', () => {
  it('keeps blocks sorted as they arrive, with one comparison per block added in order', () => {
    let compares = 0;
    const idx = new PageIndex<number>((a, b) => {
      compares++;
      return a - b;
    });
    for (let b = 1; b <= 1000; b++) idx.add(rec(b * 10, 'putin'));
    expect(compares).toBe(999);
    // A rescan adds a block in the middle: found by binary search, not a full sort.
    compares = 0;
    idx.add(rec(4995, 'sochi'));
    expect(compares).toBeLessThanOrEqual(12);
    const blocks = idx.blocksInOrder().map((r) => r.block);
    expect(blocks.indexOf(4995)).toBe(blocks.indexOf(4990) + 1);
    expect([...blocks].sort((a, b) => a - b)).toEqual(blocks);
  });
});

describe('PageIndex appending a walk in document order', () => {
  it('appends without comparing when the caller knows the order', () => {
    let compares = 0;
    const idx = new PageIndex<number>((a, b) => {
      compares++;
      return a - b;
    });
    for (let b = 1; b <= 100; b++) idx.add(rec(b, 'putin'), true);
    expect(compares).toBe(0);
    expect(idx.blocksInOrder().map((r) => r.block)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
  });
});
