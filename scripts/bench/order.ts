/**
 * The order the bench runs its cases in: blocks of one page and one trial number, each holding every contestant of
 * that page once, the contestants shuffled within a block and the blocks shuffled. A ratio or difference between
 * two contestants is then taken within a block (`pairedRatio`, report.ts), between trials run a few seconds
 * apart: the shared machine's load drifts over a run of twenty minutes, and a ratio of two medians taken from
 * trials spread over all of it would include that drift.
 */

export interface Case<P, C> {
  page: P;
  contestant: C;
  trial: number;
}

/**
 * Every case, in blocks: `trials(page)` blocks per page, numbered 0…n-1 (a block's number is its cases' trial
 * number), each with every contestant for which `runsOn(contestant, page)`. `random` gives numbers in [0, 1).
 */
export function blockOrder<P, C>(
  pages: readonly P[],
  contestants: readonly C[],
  trials: (page: P) => number,
  runsOn: (contestant: C, page: P) => boolean,
  random: () => number,
): Case<P, C>[] {
  const shuffle = <T>(xs: T[]): T[] => {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [xs[i], xs[j]] = [xs[j] as T, xs[i] as T];
    }
    return xs;
  };
  const blocks: Case<P, C>[][] = [];
  for (const page of pages) {
    const here = contestants.filter((c) => runsOn(c, page));
    if (here.length === 0) continue;
    for (let trial = 0; trial < trials(page); trial++)
      blocks.push(here.map((contestant) => ({ page, contestant, trial })));
  }
  return shuffle(blocks).flatMap((block) => shuffle(block));
}
