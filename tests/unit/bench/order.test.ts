import { describe, expect, it } from 'vitest';
import { blockOrder } from '@/scripts/bench/order';
import { rng } from '@/scripts/lib/synthetic';

describe('blockOrder (the bench runs each page and trial as one block of every contestant)', () => {
  const pages = ['100k', '1m', 'real-1'];
  const contestants = ['none', 'rc-real', 'rc-10k', 'markjs', 'floor'];
  const trials = (p: string) => (p.startsWith('real') ? 1 : 3);
  const runsOn = (c: string, p: string) => c !== 'floor' || !p.startsWith('real');

  it('runs every case once, each block whole, in an order the seed decides', () => {
    const order = blockOrder(pages, contestants, trials, runsOn, rng(7));
    expect(order).toHaveLength(2 * 3 * 5 + 4);
    expect(new Set(order.map((c) => `${c.page}|${c.contestant}|${c.trial}`)).size).toBe(order.length);
    // Consecutive cases of one block: a block's contestants come one after the other.
    const blocks: string[][] = [];
    let key = '';
    for (const c of order) {
      const k = `${c.page}|${c.trial}`;
      if (k !== key) blocks.push([]);
      key = k;
      blocks[blocks.length - 1]?.push(c.contestant);
    }
    expect(blocks).toHaveLength(2 * 3 + 1);
    for (const b of blocks)
      expect([...b].sort()).toEqual(
        b.length === 4 ? ['markjs', 'none', 'rc-10k', 'rc-real'] : [...contestants].sort(),
      );
    expect(blockOrder(pages, contestants, trials, runsOn, rng(7))).toEqual(order);
    // Shuffled: across blocks and within them.
    const other = blockOrder(pages, contestants, trials, runsOn, rng(8));
    expect(other).not.toEqual(order);
    const full = blocks.filter((b) => b.length === contestants.length);
    expect(new Set(full.map((b) => b.join())).size).toBeGreaterThan(1);
  });

  it('leaves out a page no contestant runs on', () => {
    expect(blockOrder(['real-1'], ['floor'], trials, runsOn, rng(1))).toEqual([]);
  });
});
