import { describe, expect, it } from 'vitest';
import { FRAME_SLACK_MS } from '@/core/timing';
import type { TrialResult } from '@/scripts/bench/browser';
import {
  type CaseSummary,
  cardTarget,
  docSummaries,
  framesLate,
  knowledgeTarget,
  markJsTarget,
  pairedRatio,
  row,
  type Stat,
  stat,
  tickerTarget,
} from '@/scripts/bench/report';

const one = (v: number): Stat => ({ median: v, min: v, max: v, n: 1 });

function summary(
  page: string,
  contestant: string,
  full: number,
  longest: Stat,
  mentions: number,
): CaseSummary {
  return {
    page,
    contestant,
    trials: 1,
    failed: 0,
    capped: false,
    full: one(full),
    scan: null,
    main: one(full / 2),
    background: null,
    longest,
    longestCpu: one(longest.max / 2),
    longTasks: one(0),
    slice: null,
    nodesAdded: 9,
    heapGrowthMb: 1,
    tickerFrame: null,
    tickerDiff: null,
    tickerSync: null,
    mentions: one(mentions),
    reference: mentions,
    registered: null,
    hover: null,
    hoverSeen: null,
    hoverLate: null,
  };
}

describe('docSummaries (the doc holds one row per contestant across the real pages)', () => {
  const synthetic = summary('synthetic-1m', 'rc-real', 100, stat([10, 12, 30]) as Stat, 40);
  const real = [
    summary('bbc-1', 'rc-real', 50, stat([8, 20]) as Stat, 3),
    summary('cnn', 'rc-real', 70, one(11), 0),
    summary('qq', 'rc-real', 90, one(9), 2),
    summary('bbc-1', 'markjs', 400, one(400), 1),
  ];

  it('keeps the synthetic rows and folds the real pages per contestant', () => {
    const rows = docSummaries([synthetic, ...real], ['bbc-1', 'cnn', 'qq'], ['rc-real', 'markjs']);
    expect(rows.map((r) => `${r.page}|${r.contestant}`)).toEqual([
      'synthetic-1m|rc-real',
      '3 real pages|rc-real',
      '3 real pages|markjs',
    ]);
    const rc = rows[1] as CaseSummary;
    expect(rc.trials).toBe(3);
    expect(rc.full).toEqual({ median: 70, min: 50, max: 90, n: 3 });
    // The longest task is each page's worst trial, not its median.
    expect(rc.longest).toEqual({ median: 11, min: 9, max: 20, n: 3 });
    expect(rc.mentions?.median).toBe(5);
    expect(rc.reference).toBe(5);
    expect(row(rc, {})[3]).toBe('70.0 (50.0–90.0)');
  });

  it('writes no real-page rows when the run had none', () => {
    expect(docSummaries([synthetic], [], ['rc-real'])).toEqual([synthetic]);
  });
});

describe('tickerTarget (the ticker row, with the browser’s own floor beside it)', () => {
  const ticker = (page: string, contestant: string, diff: number, ranges?: number): CaseSummary => ({
    ...summary(page, contestant, 100, one(10), 0),
    tickerDiff: diff,
    registered: ranges === undefined ? null : one(ranges),
  });

  it('judges the builds alone, and names the pages where the floor is already at or over the goal', () => {
    const t = tickerTarget([
      ticker('synthetic-1m', 'rc-real', 4.2),
      ticker('synthetic-5m', 'rc-real', 9.1),
      ticker('synthetic-1m', 'floor', 2.1, 92),
      ticker('synthetic-5m', 'floor', 6.0, 92),
    ]);
    expect(t.pass).toBe(false);
    expect(t.measured).toContain('1m/rc-real: 4.2, 5m/rc-real: 9.1');
    expect(t.measured).toContain('1m: 2.1 (92 ranges), 5m: 6.0 (92 ranges)');
    expect(t.measured).toMatch(/at or over the goal on 5m$/);
  });

  it('passes when every build is under the goal, whatever the floor, and says nothing of a floor not measured', () => {
    const t = tickerTarget([ticker('synthetic-1m', 'rc-real', 4.9), ticker('synthetic-1m', 'rc-10k', 3)]);
    expect(t.pass).toBe(true);
    expect(t.measured).toBe('1m/rc-real: 4.9, 1m/rc-10k: 3.0');
    expect(tickerTarget([ticker('synthetic-1m', 'floor', 5.5, 10)]).pass).toBeNull();
  });
});

describe('cardTarget (the card row, with the browser’s own floor beside it)', () => {
  const card = (page: string, contestant: string, hover: number[], late?: number[]): CaseSummary => ({
    ...summary(page, contestant, 100, one(10), 0),
    hover: stat(hover),
    hoverLate: late ? stat(late) : null,
  });

  it('judges the builds by the frame that draws the card, with its time and the floor’s beside it', () => {
    const t = cardTarget([
      card('synthetic-1m', 'rc-real', [6, 7, 8], [0, 0, 0]),
      card('synthetic-5m', 'rc-10k', [15, 30, 31], [0, 0, 1]),
      card('synthetic-1m', 'floor', [4, 5, 6]),
      card('synthetic-5m', 'floor', [14, 17, 33]),
    ]);
    // A frame that takes longer than a frame to draw is the page's: the card is in the first one after the dwell.
    expect(t.pass).toBe(true);
    expect(t.measured).toContain(
      '1m/rc-real: first frame, 7.00 (6.00–8.00) ms, 5m/rc-10k: first frame, 30.0 (15.0–31.0) ms',
    );
    expect(t.measured).toContain('1m: 5.00 (4.00–6.00), 5m: 17.0 (14.0–33.0)');
    expect(t.measured).toMatch(/over one frame \(16\.7 ms\) on 5m$/);
  });

  it('misses where a frame is drawn without the card once the dwell is over', () => {
    const t = cardTarget([
      card('synthetic-1m', 'rc-real', [6, 7, 8], [0, 0, 0]),
      card('synthetic-dense', 'rc-real', [20, 24, 30], [0, 1, 1]),
    ]);
    expect(t.pass).toBe(false);
    expect(t.measured).toContain('dense/rc-real: 1 frame late, 24.0 (20.0–30.0) ms');
    const real = cardTarget([card('bbc-1', 'rc-real', [9], [0]), card('cnn', 'rc-10k', [30], [2])]);
    expect(real.pass).toBe(false);
    expect(real.measured).toBe('real pages: worst 2 frames late, worst 30.0 ms over 2 cases');
    // A card never drawn (the probe gave up): no time, and every frame after the dwell late.
    const never = { ...card('synthetic-5m', 'rc-real', [], [290, 300]), hover: null };
    const t2 = cardTarget([card('synthetic-1m', 'rc-real', [6], [0]), never]);
    expect(t2.pass).toBe(false);
    expect(t2.measured).toContain('5m/rc-real: 295 frames late, – ms');
  });

  it('judges by time where no frame was counted, gives real pages as their worst, and leaves the floor out', () => {
    const t = cardTarget([
      card('synthetic-1m', 'rc-real', [16]),
      card('bbc-1', 'rc-real', [9]),
      card('cnn', 'rc-10k', [12]),
    ]);
    expect(t.pass).toBe(true);
    expect(t.measured).toBe(
      '1m/rc-real: first frame, 16.0 ms, real pages: first frame, worst 12.0 ms over 2 cases',
    );
    expect(cardTarget([card('synthetic-5m', 'floor', [40])]).pass).toBeNull();
    expect(cardTarget([card('synthetic-1m', 'rc-real', [17])]).pass).toBe(false);
  });
});

describe('framesLate (frames drawn without the card once the dwell was over)', () => {
  it('counts the frames from the dwell’s end, one that starts just before it included', () => {
    const hit = 1000;
    const end = hit + 150;
    const frames = (n: number) => Array.from({ length: n }, (_, i) => hit + 16.67 * (i + 1));
    // The card in the frame at the dwell's end: the frames before it do not count.
    expect(framesLate(frames(8), end)).toBe(0);
    // The frame at the dwell's end (vsync jitter puts it a little before) drawn without the card: one late.
    expect(framesLate([...frames(8), end - 0.4], end)).toBe(1);
    expect(framesLate([...frames(8), end - 0.4, end + 16.7], end)).toBe(2);
    // The dwell's own slack, no more (core/dwell.ts reveals the card in the first frame starting that close).
    expect(framesLate([end - FRAME_SLACK_MS], end)).toBe(1);
    expect(framesLate([end - FRAME_SLACK_MS - 0.1], end)).toBe(0);
  });
});

describe('pairedRatio and the ratio targets (two contestants compared trial by trial, within a block)', () => {
  const trial = (page: string, contestant: string, t: number, fullMs: number | null): TrialResult =>
    ({ page, contestant, trial: t, fullMs }) as TrialResult;
  // The machine slows down over the run: each block is slower than the one before, for everyone in it.
  const drift = [1, 1.3, 1.6, 2, 2.5];
  const results = drift.flatMap((k, t) => [
    trial('synthetic-1m', 'rc-real', t, 100 * k),
    trial('synthetic-1m', 'rc-10k', t, 140 * k),
    trial('synthetic-1m', 'markjs', t, 3100 * k),
  ]);

  it('takes each ratio within a block, so a drift over the run cancels out', () => {
    const r = pairedRatio(results, 'synthetic-1m', 'rc-10k', 'rc-real');
    expect(r?.n).toBe(5);
    expect(r?.median).toBeCloseTo(1.4);
    expect(r?.max).toBeCloseTo(1.4);
    // Medians taken apart would pair block 2's 10k trial with another block's real one.
    const shuffled = results.map((x) =>
      x.contestant === 'rc-real' ? { ...x, trial: (x.trial + 1) % 5 } : x,
    );
    expect(pairedRatio(shuffled, 'synthetic-1m', 'rc-10k', 'rc-real')?.max).toBeGreaterThan(1.5);
  });

  it('pairs only trials where both have a figure', () => {
    const some = [
      ...results.filter((x) => x.trial < 2),
      trial('synthetic-1m', 'rc-10k', 7, 500),
      trial('synthetic-1m', 'rc-real', 8, 100),
      trial('synthetic-1m', 'markjs', 9, null),
    ];
    expect(pairedRatio(some, 'synthetic-1m', 'rc-10k', 'rc-real')?.n).toBe(2);
    expect(pairedRatio(some, 'synthetic-5m', 'rc-10k', 'rc-real')).toBeNull();
    expect(
      pairedRatio(
        [trial('synthetic-1m', 'markjs', 0, null), trial('synthetic-1m', 'rc-real', 0, 9)],
        'synthetic-1m',
        'markjs',
        'rc-real',
      ),
    ).toBeNull();
  });

  it('judges mark.js and the 10k knowledge by the paired median, with the medians beside it', () => {
    const summaries = ['rc-real', 'markjs'].map((c) => ({
      ...summary('synthetic-1m', c, 0, one(1), 0),
      full: stat(results.filter((x) => x.contestant === c).map((x) => x.fullMs)),
    }));
    const mk = markJsTarget(results, summaries, 'synthetic-1m', '1 MB page');
    expect(mk.pass).toBe(true);
    expect(mk.measured).toBe(
      '31.0× (5 paired trials, 31.0–31.0); medians mark.js 4960 (3100–7750) ms, RC 160 (100–250) ms',
    );
    expect(markJsTarget(results, summaries, 'synthetic-dense', 'dense').pass).toBeNull();
    const kb = knowledgeTarget(results, ['synthetic-1m', 'synthetic-5m', 'bbc-1']);
    expect(kb.pass).toBe(true);
    expect(kb.measured).toBe('1m: 1.40× (5 paired trials, 1.40–1.40)');
    const slow = [
      ...results,
      trial('synthetic-5m', 'rc-real', 0, 100),
      trial('synthetic-5m', 'rc-10k', 0, 151),
    ];
    expect(knowledgeTarget(slow, ['synthetic-1m', 'synthetic-5m']).pass).toBe(false);
  });
});
