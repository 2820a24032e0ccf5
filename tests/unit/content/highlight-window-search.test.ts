import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstAfter, spanOf } from '@/content/highlight-window';

/** What reading every block in turn from `from` answers: the first block below the window. */
const linear = (list: boolean[], from: number) => {
  for (let i = from; i < list.length; i++) if (list[i]) return i;
  return list.length;
};

describe("firstAfter (the end of the registered window's run of blocks)", () => {
  it('answers what a reading of every block would, for blocks in order down the page', () => {
    fc.assert(
      fc.property(fc.nat(300), fc.nat(300), fc.nat(300), (before, after, from) => {
        const list = [...Array(before).fill(false), ...Array(after).fill(true)];
        const start = Math.min(from, list.length);
        expect(firstAfter(list, start, (x) => x)).toBe(linear(list, start));
      }),
    );
  });

  it('reads about 2·log2 of the distance, not every block', () => {
    const list = [...Array(60).fill(false), ...Array(10_000).fill(true)];
    let reads = 0;
    const at = firstAfter(list, 0, (x) => {
      reads++;
      return x;
    });
    expect(at).toBe(60);
    expect(reads).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(61)) + 1);
  });

  it('out of order (a sidebar after the article, drawn at the top): never before the first block below', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { maxLength: 200 }), fc.nat(200), (list, from) => {
        const start = Math.min(from, list.length);
        const at = firstAfter(list, start, (x) => x);
        expect(at).toBeGreaterThanOrEqual(linear(list, start));
        expect(at === list.length || list[at] === true).toBe(true);
      }),
    );
    // A long run below the window, then the sidebar: the run is found, as a linear reading finds it.
    const page = [...Array(40).fill(false), ...Array(500).fill(true), ...Array(30).fill(false)];
    expect(firstAfter(page, 0, (x) => x)).toBe(40);
  });
});

describe("spanOf (a long block's box from its two ends)", () => {
  const rect = (top: number, bottom: number, width: number) => ({ top, bottom, width, height: bottom - top });
  it('runs from the higher top to the lower bottom, as wide as the wider end', () => {
    expect(spanOf(rect(100, 120, 300), rect(900, 920, 80))).toEqual(rect(100, 920, 300));
    expect(spanOf(rect(900, 920, 80), rect(100, 120, 300))).toEqual(rect(100, 920, 300));
  });
  it('an end drawn nowhere adds nothing; both drawn nowhere is nowhere', () => {
    const nowhere = rect(0, 0, 0);
    expect(spanOf(nowhere, rect(400, 420, 50))).toEqual(rect(400, 420, 50));
    expect(spanOf(rect(400, 420, 50), nowhere)).toEqual(rect(400, 420, 50));
    expect(spanOf(nowhere, nowhere)).toEqual(nowhere);
  });
});
