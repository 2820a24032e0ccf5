/** Statistics over trials, the tables, the targets, and the block the bench writes into docs/PERFORMANCE.md. */
import { FRAME_SLACK_MS } from '@/core/timing';
import type { Contestant, TrialResult } from './browser';

export interface Stat {
  median: number;
  min: number;
  max: number;
  n: number;
}

export function stat(values: (number | null | undefined)[]): Stat | null {
  const xs = values
    .filter((v): v is number => typeof v === 'number' && Number.isFinite(v))
    .sort((a, b) => a - b);
  if (xs.length === 0) return null;
  const m = Math.floor(xs.length / 2);
  const median = xs.length % 2 ? (xs[m] as number) : ((xs[m - 1] as number) + (xs[m] as number)) / 2;
  return { median, min: xs[0] as number, max: xs[xs.length - 1] as number, n: xs.length };
}

const fmtNum = (v: number, digits?: number) => {
  const d = digits ?? (Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2);
  return v.toFixed(d);
};

/** "12.3 (11.0–14.1)" or "12.3" for one trial. */
export function fmtStat(s: Stat | null, unit = '', digits?: number): string {
  if (!s) return '–';
  if (s.n === 1 || s.min === s.max) return `${fmtNum(s.median, digits)}${unit}`;
  return `${fmtNum(s.median, digits)}${unit} (${fmtNum(s.min, digits)}–${fmtNum(s.max, digits)})`;
}

export interface CaseSummary {
  page: string;
  contestant: string;
  trials: number;
  failed: number;
  capped: boolean;
  cappedNote?: string;
  full: Stat | null;
  scan: Stat | null;
  main: Stat | null;
  /** The extension's JavaScript off the page's thread, its background's (TrialResult.backgroundMs). */
  background: Stat | null;
  longest: Stat | null;
  longestCpu: Stat | null;
  longTasks: Stat | null;
  slice: Stat | null;
  nodesAdded: number | null;
  heapGrowthMb: number | null;
  tickerFrame: Stat | null;
  tickerDiff: number | null;
  tickerSync: Stat | null;
  mentions: Stat | null;
  reference: number | null;
  registered: Stat | null;
  hover: Stat | null;
  hoverSeen: Stat | null;
  /** Frames drawn without the card once the dwell was over (TrialResult.hoverFramesLate). */
  hoverLate: Stat | null;
}

export function summarise(
  page: string,
  contestant: Contestant,
  results: TrialResult[],
  failures: TrialResult[],
  baseline: TrialResult[],
  reference: number | null,
  capMs: number,
): CaseSummary {
  const ok = results;
  const base = {
    nodes: stat(baseline.map((r) => r.nodes)),
    heap: stat(baseline.map((r) => r.heapUsed)),
    ticker: stat(baseline.map((r) => r.tickerFrameMs)),
  };
  const nodes = stat(ok.map((r) => r.nodes));
  const heap = stat(ok.map((r) => r.heapUsed));
  const ticker = stat(ok.map((r) => r.tickerFrameMs));
  const capped = failures.some((f) => f.capped);
  return {
    page,
    contestant: contestant.id,
    trials: ok.length,
    failed: failures.length,
    capped,
    ...(capped ? { cappedNote: `>${Math.round(capMs / 1000)} s` } : {}),
    full: stat(ok.map((r) => r.fullMs)),
    scan: stat(ok.map((r) => r.scanMs)),
    main: stat(ok.map((r) => r.mainThreadMs)),
    background: stat(ok.map((r) => r.backgroundMs ?? null)),
    longest: stat(ok.map((r) => r.longestTaskMs)),
    longestCpu: stat(ok.map((r) => r.longestCpuMs)),
    longTasks: stat(ok.map((r) => r.longTasks)),
    slice: stat(ok.map((r) => r.longestSliceMs)),
    nodesAdded: nodes && base.nodes && contestant.kind !== 'none' ? nodes.median - base.nodes.median : null,
    heapGrowthMb:
      heap && base.heap && contestant.kind !== 'none'
        ? (heap.median - base.heap.median) / (1024 * 1024)
        : null,
    tickerFrame: ticker,
    tickerDiff:
      ticker && base.ticker && contestant.kind !== 'none' ? ticker.median - base.ticker.median : null,
    tickerSync: stat(ok.map((r) => r.tickerSyncMs)),
    mentions: stat(ok.map((r) => r.mentions)),
    reference,
    registered: stat(ok.map((r) => r.registered)),
    hover: stat(ok.map((r) => r.hoverMs)),
    hoverSeen: stat(ok.map((r) => r.hoverSeenMs)),
    hoverLate: stat(ok.map((r) => r.hoverFramesLate)),
  };
}

/**
 * One row for a contestant over many pages (the saved real pages): each figure is the spread of the pages' own
 * medians, and the longest task the spread of each page's worst trial, so the doc stays one screen long however
 * many pages there are. The per-page rows stay in the console table and .bench/results.json.
 */
export function acrossPages(label: string, contestant: string, pages: CaseSummary[]): CaseSummary {
  const med = (pick: (s: CaseSummary) => Stat | null) => stat(pages.map((s) => pick(s)?.median));
  const worst = (pick: (s: CaseSummary) => Stat | null) => stat(pages.map((s) => pick(s)?.max));
  const sum = (xs: (number | null | undefined)[]) => {
    const ns = xs.filter((v): v is number => typeof v === 'number');
    return ns.length ? ns.reduce((a, b) => a + b, 0) : null;
  };
  const found = pages.filter((s) => s.mentions);
  const mentions = sum(found.map((s) => s.mentions?.median));
  const capped = pages.some((s) => s.capped);
  return {
    page: label,
    contestant,
    trials: pages.reduce((a, s) => a + s.trials, 0),
    failed: pages.reduce((a, s) => a + s.failed, 0),
    capped,
    ...(capped ? { cappedNote: pages.find((s) => s.capped)?.cappedNote ?? 'capped' } : {}),
    full: med((s) => s.full),
    scan: med((s) => s.scan),
    main: med((s) => s.main),
    background: med((s) => s.background),
    longest: worst((s) => s.longest),
    longestCpu: worst((s) => s.longestCpu),
    longTasks: worst((s) => s.longTasks),
    slice: worst((s) => s.slice),
    nodesAdded: stat(pages.map((s) => s.nodesAdded))?.median ?? null,
    heapGrowthMb: stat(pages.map((s) => s.heapGrowthMb))?.median ?? null,
    tickerFrame: null,
    tickerDiff: null,
    tickerSync: null,
    mentions: mentions === null ? null : stat([mentions]),
    reference: found.every((s) => s.reference !== null) ? sum(found.map((s) => s.reference)) : null,
    registered: med((s) => s.registered),
    hover: med((s) => s.hover),
    hoverSeen: med((s) => s.hoverSeen),
    hoverLate: med((s) => s.hoverLate),
  };
}

/** The doc's rows: every page but the real ones as they are, then one row per contestant across the real pages. */
export function docSummaries(
  summaries: CaseSummary[],
  realPages: string[],
  contestants: string[],
): CaseSummary[] {
  const real = new Set(realPages);
  const rows = summaries.filter((s) => !real.has(s.page));
  if (real.size === 0) return rows;
  for (const c of contestants) {
    const pages = summaries.filter((s) => real.has(s.page) && s.contestant === c);
    if (pages.length) rows.push(acrossPages(`${real.size} real pages`, c, pages));
  }
  return rows;
}

const signed = (v: number, digits = 1) => `${v >= 0 ? '+' : ''}${v.toFixed(digits)}`;

export const COLUMNS = [
  'page',
  'contestant',
  'n',
  'full highlight ms',
  'main-thread ms',
  'longest task ms',
  'longest task CPU ms',
  'tasks >50 ms',
  'nodes added',
  'heap +MB',
  'ticker ms/change (Δ)',
  'mentions (Δ ref)',
  'hover ms',
];

export function row(s: CaseSummary, labels: Record<string, string>): string[] {
  const mentions = s.mentions
    ? `${fmtStat(s.mentions, '', 0)}${s.reference !== null ? ` (${signed(s.mentions.median - s.reference, 0)})` : ''}`
    : '–';
  const full = s.capped && !s.full ? (s.cappedNote ?? 'capped') : fmtStat(s.full);
  return [
    s.page,
    labels[s.contestant] ?? s.contestant,
    `${s.trials}${s.failed ? `+${s.failed}✗` : ''}`,
    s.capped && s.full ? `${full}, then ${s.cappedNote}` : full,
    fmtStat(s.main),
    fmtStat(s.longest),
    fmtStat(s.longestCpu),
    fmtStat(s.longTasks, '', 0),
    s.nodesAdded === null ? '–' : signed(s.nodesAdded, 0),
    s.heapGrowthMb === null ? '–' : signed(s.heapGrowthMb, 2),
    s.tickerFrame
      ? `${fmtStat(s.tickerFrame)}${s.tickerDiff !== null ? ` (${signed(s.tickerDiff)})` : ''}`
      : '–',
    mentions,
    s.hoverLate?.median ? `${fmtStat(s.hover)}, ${lateText(s.hoverLate.median)}` : fmtStat(s.hover),
  ];
}

export function textTable(rows: string[][]): string {
  const widths = COLUMNS.map((c, i) => Math.max(c.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] as number)).join('  ');
  return [line(COLUMNS), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function markdownTable(rows: string[][]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  return [
    `| ${COLUMNS.join(' | ')} |`,
    `|${COLUMNS.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`),
  ].join('\n');
}

export interface Target {
  name: string;
  goal: string;
  measured: string;
  pass: boolean | null;
}

/** A synthetic page's short name in the targets' rows: "1m" for synthetic-1m. */
const short = (page: string) => page.replace('synthetic-', '');

/**
 * `num`'s full highlight over `den`'s on `page`, trial by trial: each pair ran in the same block, one after the
 * other (scripts/bench/order.ts), so a drift of the machine's load over the run cancels out of each ratio. The
 * median and spread of those ratios, or null where no trial of both has a figure.
 */
export function pairedRatio(
  results: readonly TrialResult[],
  page: string,
  num: string,
  den: string,
): Stat | null {
  const full = (r: TrialResult) => (typeof r.fullMs === 'number' && r.fullMs > 0 ? r.fullMs : null);
  const byTrial = new Map<number, number>();
  for (const r of results) {
    const v = full(r);
    if (r.page === page && r.contestant === den && v !== null) byTrial.set(r.trial, v);
  }
  return stat(
    results
      .filter((r) => r.page === page && r.contestant === num)
      .map((r) => {
        const v = full(r);
        const d = byTrial.get(r.trial);
        return v === null || d === undefined ? null : v / d;
      }),
  );
}

/** "12.3× (5 paired trials, 11.0–14.1)", or the one ratio. */
const fmtRatio = (r: Stat, digits: number) =>
  `${r.median.toFixed(digits)}×${r.n > 1 ? ` (${r.n} paired trials, ${r.min.toFixed(digits)}–${r.max.toFixed(digits)})` : ''}`;

/** Reader Context (real knowledge) against mark.js on one page: at least 30× faster to full highlight. */
export function markJsTarget(
  results: readonly TrialResult[],
  summaries: readonly CaseSummary[],
  page: string,
  what: string,
): Target {
  const ratio = pairedRatio(results, page, 'markjs', 'rc-real');
  const full = (c: string) => summaries.find((s) => s.page === page && s.contestant === c)?.full ?? null;
  return {
    name: `Reader Context vs mark.js, full highlight, ${what}`,
    goal: '≥ 30×',
    measured:
      ratio === null
        ? 'not measured'
        : `${fmtRatio(ratio, 1)}; medians mark.js ${fmtStat(full('markjs'))} ms, RC ${fmtStat(full('rc-real'))} ms`,
    pass: ratio === null ? null : ratio.median >= 30,
  };
}

/** The 10k knowledge within 1.5× of the real one, full highlight, on every synthetic page. */
export function knowledgeTarget(results: readonly TrialResult[], pages: readonly string[]): Target {
  const parts: string[] = [];
  let pass: boolean | null = null;
  for (const page of pages.filter((p) => p.startsWith('synthetic-'))) {
    const ratio = pairedRatio(results, page, 'rc-10k', 'rc-real');
    if (!ratio) continue;
    parts.push(`${short(page)}: ${fmtRatio(ratio, 2)}`);
    pass = (pass ?? true) && ratio.median <= 1.5;
  }
  return {
    name: '10k KB vs real KB, full highlight',
    goal: '≤ 1.5× on every synthetic page',
    measured: parts.join(', ') || 'not measured',
    pass,
  };
}

/** Most a ticker change may cost more with the extension, ms (median per page and build). */
export const TICKER_GOAL_MS = 5;

/**
 * The ticker target: each build's extra cost per change on each synthetic page, and beside it the floor's (no
 * extension, the page marking the same names itself), which says where the browser alone is already at or over the
 * goal: there no extension that marks names with the Highlight API can meet it. The verdict is the builds' alone.
 */
export function tickerTarget(summaries: CaseSummary[]): Target {
  const parts: string[] = [];
  let pass: boolean | null = null;
  for (const s of summaries.filter((x) => x.contestant.startsWith('rc-') && x.tickerDiff !== null)) {
    parts.push(`${short(s.page)}/${s.contestant}: ${s.tickerDiff?.toFixed(1)}`);
    pass = (pass ?? true) && (s.tickerDiff as number) < TICKER_GOAL_MS;
  }
  const floors = summaries.filter((x) => x.contestant === 'floor' && x.tickerDiff !== null);
  const over = floors.filter((s) => (s.tickerDiff as number) >= TICKER_GOAL_MS).map((s) => short(s.page));
  const floorText = floors.length
    ? `; the browser's own floor, no extension, the page marking the same names (floor minus none): ${floors
        .map((s) => `${short(s.page)}: ${s.tickerDiff?.toFixed(1)} (${s.registered?.median ?? 0} ranges)`)
        .join(', ')}${over.length ? `; the floor alone is at or over the goal on ${over.join(', ')}` : ''}`
    : '';
  return {
    name: 'Ticker DOM change, extension minus none (ms per change, median of the trials)',
    goal: `< ${TICKER_GOAL_MS} ms`,
    measured: (parts.join(', ') || 'not measured') + floorText,
    pass,
  };
}

/** "first frame", "1 frame late", "2.5 frames late": the card's frame, as `framesLate` counts it. */
function lateText(n: number): string {
  return n === 0 ? 'first frame' : `${fmtNum(n, n % 1 ? 1 : 0)} frame${n === 1 ? '' : 's'} late`;
}

/** One frame at 60 Hz, ms. */
export const FRAME_MS = 1000 / 60;

/**
 * Of the frames drawn without the card (their requestAnimationFrame times), those that began once the dwell was
 * over: the content script reveals the card in the first frame that starts at the dwell's end, counting a frame
 * that starts within FRAME_SLACK_MS of it as starting at it (core/dwell.ts), and so does this count.
 */
export function framesLate(bare: number[], dwellEnd: number): number {
  return bare.filter((t) => t >= dwellEnd - FRAME_SLACK_MS).length;
}

/**
 * The card target: each build's card drawn in the first frame that begins after the dwell (no frame drawn without
 * it once the dwell is over; median per page: synthetic pages one by one, real pages as their worst). Beside it,
 * the time from the end of the dwell to the end of that frame, and the floor's (no extension: the page reveals a
 * card-sized box over the same names itself), which is how long the browser alone takes to draw such a frame on
 * each page. The verdict is the builds' frames: how long a frame takes to draw is the page's and the browser's,
 * and the floor's time says where it is over a frame. A case with no frame counts is judged by its time.
 */
export function cardTarget(summaries: CaseSummary[]): Target {
  const parts: string[] = [];
  let pass: boolean | null = null;
  const late = (s: CaseSummary) =>
    s.hoverLate ? s.hoverLate.median : (s.hover?.median ?? 0) <= FRAME_MS ? 0 : 1;
  // A case whose card was never drawn has frames late and no time: judged all the same.
  const judged = (x: CaseSummary) => x.contestant.startsWith('rc-') && (x.hover || x.hoverLate);
  for (const s of summaries.filter(judged)) {
    if (s.page.startsWith('synthetic-'))
      parts.push(`${short(s.page)}/${s.contestant}: ${lateText(late(s))}, ${fmtStat(s.hover)} ms`);
    pass = (pass ?? true) && late(s) === 0;
  }
  const real = summaries.filter((x) => !x.page.startsWith('synthetic-') && judged(x));
  if (real.length) {
    const worst = Math.max(...real.map(late));
    parts.push(
      `real pages: ${worst === 0 ? 'first frame' : `worst ${lateText(worst)}`}, worst ${Math.max(...real.map((x) => x.hover?.median ?? 0)).toFixed(1)} ms over ${real.length} cases`,
    );
  }
  const floors = summaries.filter((x) => x.contestant === 'floor' && x.hover);
  const over = floors.filter((s) => (s.hover?.median ?? 0) > FRAME_MS).map((s) => short(s.page));
  const floorText = floors.length
    ? `; the browser's own floor, no extension, the page showing a card over the same names, ms: ${floors
        .map((s) => `${short(s.page)}: ${fmtStat(s.hover)}`)
        .join(
          ', ',
        )}${over.length ? `; the floor alone takes over one frame (${FRAME_MS.toFixed(1)} ms) on ${over.join(', ')}` : ''}`
    : '';
  return {
    name: 'Card drawn after the dwell (median; ms: from the dwell’s end to the end of that frame)',
    goal: 'in the first frame after the dwell',
    measured: (parts.join(', ') || 'not measured') + floorText,
    pass,
  };
}
