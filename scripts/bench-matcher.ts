/**
 * Benchmark: the trie matcher against the two RegExp approaches it replaces, on 1 MB of seeded news-like text,
 * with the real knowledge base and with a synthetic one of 10,000 entities.
 *
 *   npx tsx scripts/bench-matcher.ts             (or: npm run bench:matcher)
 *   node --expose-gc --import tsx scripts/bench-matcher.ts   (index memory measured after a forced GC)
 *
 * Timings are medians of TRIALS runs with min–max spread. Every case is warmed up once, then each round runs
 * all cases once in a fresh random order (so slow drift of a shared machine's load spreads over all of them);
 * the load average is printed at the start and the end. RegExp runs that would take minutes are timed on a
 * slice (of the text or of the names) and extrapolated linearly; the output says so wherever it happens.
 * "cold" = a freshly compiled matcher's first match() of the 1 MB text (fuzzy index built, fuzzy cache empty);
 * the other trie scans run on a matcher that has seen the text before (warm cache: a page's repeated words).
 * The inputs are shared with tests/unit/matcher/equivalence.test.ts, which pins the mentions found in them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { compileMatcher, lazyMatcher, type MatcherEntity, type MatcherSource } from '@/core/matcher';
import { bucketItems, fuzzyFacts, fuzzyKeys, lazyEntities } from '@/core/matcher/lazy';
import { makeText, mulberry32, synthetic, TEXT_BYTES } from '@/tests/unit/matcher/bench-data';

const TRIALS = Math.max(5, Number(process.env.TRIALS ?? 7));
// A RegExp approach gets at most this long per trial before we extrapolate from a slice instead.
const REGEXP_BUDGET_MS = 4_000;
const root = join(import.meta.dirname, '..');

function loadReal(): { source: MatcherSource; label: string } {
  const kb = join(root, 'data/knowledge.json');
  if (existsSync(kb)) {
    const k = JSON.parse(readFileSync(kb, 'utf8')) as { entities: MatcherEntity[] };
    return { source: { entities: k.entities }, label: 'data/knowledge.json' };
  }
  console.log(
    'note: data/knowledge.json not found; using tests/fixtures/matcher/entities.json as the "real" KB',
  );
  const f = JSON.parse(
    readFileSync(join(root, 'tests/fixtures/matcher/entities.json'), 'utf8'),
  ) as MatcherSource;
  return { source: f, label: 'fixture' };
}

function stats(xs: number[]): { median: number; min: number; max: number } {
  const s = [...xs].sort((a, b) => a - b);
  return {
    median: s[Math.floor(s.length / 2)] as number,
    min: s[0] as number,
    max: s[s.length - 1] as number,
  };
}

const gc = (globalThis as { gc?: () => void }).gc;

/** JS heap plus ArrayBuffer backing stores (typed arrays live outside `heapUsed`). */
const used = (): number => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

function heapDelta(build: () => unknown): { mb: number; exact: boolean } {
  gc?.();
  const before = used();
  const keep = build();
  gc?.();
  const after = used();
  if (keep === null) console.log(''); // keep `keep` alive across the second measurement
  return { mb: (after - before) / 1e6, exact: gc !== undefined };
}

/** A timed case: `run` does one trial and returns its wall time in ms. */
interface Case {
  id: string;
  run: () => number;
  scale?: number;
}

const timeOnce = (fn: () => unknown): number => {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
};

/** Warm-up each case once, then TRIALS rounds, each in a fresh random order. */
function runInterleaved(cases: Case[], rnd: () => number): Map<string, ReturnType<typeof stats>> {
  const times = new Map<string, number[]>(cases.map((c) => [c.id, []]));
  for (const c of cases) c.run();
  for (let t = 0; t < TRIALS; t++) {
    const order = [...cases];
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [order[i], order[j]] = [order[j] as Case, order[i] as Case];
    }
    for (const c of order) {
      gc?.(); // garbage of the previous case is not charged to this one
      (times.get(c.id) as number[]).push(c.run() * (c.scale ?? 1));
    }
  }
  return new Map([...times].map(([id, xs]) => [id, stats(xs)]));
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const WB_BEFORE = '(?<![\\p{L}\\p{N}\\p{M}])';
const WB_AFTER = '(?![\\p{L}\\p{N}\\p{M}])';

function allNames(source: MatcherSource): string[] {
  return [...new Set(source.entities.flatMap((e) => e.names.map((n) => n.text)))];
}

function countAll(re: RegExp, text: string): number {
  re.lastIndex = 0;
  let n = 0;
  while (re.exec(text) !== null) n++;
  return n;
}

const fmt = (x: number, d = 1): string => x.toFixed(d);
const mbps = (ms: number): string => fmt(TEXT_BYTES / 1e6 / (ms / 1000), 0);
const spread = (s: ReturnType<typeof stats>): string => `${fmt(s.min)}–${fmt(s.max)}`;

interface Row {
  kb: string;
  approach: string;
  build: string;
  memory: string;
  scan: string;
  spread: string;
  mbs: string;
  note: string;
  scanMs: number;
}

function benchKb(
  kb: string,
  source: MatcherSource,
  text: string,
): { cases: Case[]; rows: (r: Results) => Row[] } {
  const names = allNames(source);
  const id = (x: string) => `${kb}:${x}`;

  // Trie matcher: build, memory (index alone, then with the lazily built fuzzy index and a 20 kB run's
  // buffers after a first match), cold and warm scans.
  const mem = heapDelta(() => compileMatcher(source));
  const memUsed = heapDelta(() => {
    const m = compileMatcher(source);
    m.match(text.slice(0, 20_000));
    return m;
  });
  const m = compileMatcher(source);
  const found = m.match(text);
  const noFuzzy = compileMatcher(source, { fuzzy: false });
  const cases: Case[] = [
    { id: id('build'), run: () => timeOnce(() => compileMatcher(source)) },
    {
      id: id('cold'),
      run: () => {
        const fresh = compileMatcher(source);
        return timeOnce(() => fresh.match(text));
      },
    },
    { id: id('scan'), run: () => timeOnce(() => m.match(text)) },
    { id: id('nofuzzy'), run: () => timeOnce(() => noFuzzy.match(text)) },
  ];

  // One RegExp alternation, longest alternatives first so it is leftmost-longest like the trie.
  const sorted = [...names].sort((a, b) => b.length - a.length);
  let t0 = performance.now();
  const combined = new RegExp(`${WB_BEFORE}(?:${sorted.map(escape).join('|')})${WB_AFTER}`, 'giu');
  const combinedBuild = performance.now() - t0;
  // Probe on a slice first: at 10k names this RegExp would run for minutes.
  const probeLen = 20_000;
  const probe = timeOnce(() => countAll(combined, text.slice(0, probeLen)));
  let combinedNote = '';
  if ((probe * TEXT_BYTES) / probeLen > REGEXP_BUDGET_MS) {
    const sliceLen = Math.max(probeLen, Math.floor((REGEXP_BUDGET_MS / 4 / probe) * probeLen));
    const slice = text.slice(0, sliceLen);
    const k = TEXT_BYTES / sliceLen;
    cases.push({ id: id('alt'), run: () => timeOnce(() => countAll(combined, slice)), scale: k });
    combinedNote = `extrapolated from a ${fmt(sliceLen / 1000, 0)} kB slice (×${fmt(k, 0)})`;
  } else {
    cases.push({ id: id('alt'), run: () => timeOnce(() => countAll(combined, text)) });
  }

  // One RegExp per name, each over the whole text (what mark.js does per keyword).
  const perName = names.map((n) => new RegExp(`${WB_BEFORE}${escapeRegExp(n)}${WB_AFTER}`, 'giu'));
  t0 = performance.now();
  let done = 0;
  while (done < perName.length && performance.now() - t0 < REGEXP_BUDGET_MS / 4) {
    countAll(perName[done] as RegExp, text);
    done++;
  }
  let perNameNote = '';
  const subset = perName.slice(0, done);
  const k = perName.length / done;
  cases.push({
    id: id('pername'),
    run: () =>
      timeOnce(() => {
        for (const re of subset) countAll(re, text);
      }),
    scale: k,
  });
  if (done < perName.length)
    perNameNote = `extrapolated from ${done} of ${perName.length} names (×${fmt(k, 0)})`;

  const rows = (r: Results): Row[] => {
    const get = (x: string) => r.get(id(x)) as ReturnType<typeof stats>;
    const row = (approach: string, x: string, extra: Partial<Row> = {}, digits = 1): Row => ({
      kb,
      approach,
      build: '',
      memory: '',
      scan: fmt(get(x).median, digits),
      spread: spread(get(x)),
      mbs: mbps(get(x).median),
      note: '',
      scanMs: get(x).median,
      ...extra,
    });
    const b = get('build');
    return [
      row('trie matcher', 'scan', {
        build: `${fmt(b.median)} (${spread(b)})`,
        memory: `${fmt(mem.mb)} / ${fmt(memUsed.mb)}${mem.exact ? '' : '*'}`,
        note: `${m.size} names, ${m.nodes} nodes, ${found.length} mentions (${found.filter((x) => x.fuzzy).length} fuzzy)`,
      }),
      row('trie matcher, cold (fresh matcher, first 1 MB)', 'cold'),
      row('trie matcher, fuzzy off', 'nofuzzy'),
      row(
        "one RegExp alternation ('giu', lookarounds)",
        'alt',
        { build: fmt(combinedBuild), note: combinedNote },
        0,
      ),
      row('one RegExp per name (mark.js style)', 'pername', { note: perNameNote }, 0),
    ];
  };
  return { cases, rows };
}

type Results = Map<string, ReturnType<typeof stats>>;

const load = () =>
  loadavg()
    .map((x) => fmt(x, 2))
    .join(' ');
console.log(
  `load average at start (1, 5, 15 min): ${load()} on ${cpus().length} cores (${cpus()[0]?.model ?? '?'})`,
);
const real = loadReal();
const synth = synthetic(20_200);
const text = makeText(7, real.source);
const count = (s: MatcherSource) => s.entities.reduce((a, e) => a + e.names.length, 0);
console.log(
  `node ${process.version}; text ${fmt(text.length / 1e6, 2)} M UTF-16 units; ${TRIALS} trials in random order, median`,
);
console.log(`real KB (${real.label}): ${real.source.entities.length} entities, ${count(real.source)} names`);
console.log(`synthetic KB: ${synth.entities.length} entities, ${count(synth)} names`);
if (gc === undefined) console.log('memory marked * : run with --expose-gc for a GC-settled heap delta');

const benches = [
  benchKb(`real (${real.source.entities.length})`, real.source, text),
  benchKb('10k', synth, text),
];
const results = runInterleaved(
  benches.flatMap((b) => b.cases),
  mulberry32(Date.now() >>> 0),
);
const rows = benches.flatMap((b) => b.rows(results));
console.table(
  rows.map(({ scanMs: _, ...r }) => ({
    KB: r.kb,
    approach: r.approach,
    'build ms (min–max)': r.build,
    'index MB / after 1st match': r.memory,
    'scan ms': r.scan,
    'min–max ms': r.spread,
    'MB/s': r.mbs,
    note: r.note,
  })),
);
const get = (kb: string, approach: string) =>
  rows.find((r) => r.kb.startsWith(kb) && r.approach === approach)?.scanMs as number;
console.log(
  `trie 10k vs real: ×${fmt(get('10k', 'trie matcher') / get('real', 'trie matcher'), 2)} (fuzzy off: ×${fmt(
    get('10k', 'trie matcher, fuzzy off') / get('real', 'trie matcher, fuzzy off'),
    2,
  )})`,
);
console.log(
  `10k: RegExp per name / trie: ×${fmt(get('10k', 'one RegExp per name (mark.js style)') / get('10k', 'trie matcher'), 0)}; ` +
    `RegExp alternation / trie: ×${fmt(get('10k', "one RegExp alternation ('giu', lookarounds)") / get('10k', 'trie matcher'), 0)}`,
);

// The lazy matcher (the content script's: a bucket of names compiled when a text reaches it) against compiling
// every name, cold (a fresh matcher: build, then its first match) on 100 KB of the text and on all of it.
{
  const { bits, buckets } = bucketItems(synth);
  const facts = fuzzyFacts(synth);
  const keys = fuzzyKeys(synth, facts);
  const lazySource = {
    ...lazyEntities(synth.entities),
    fuzzy: facts,
    slotBits: bits,
    slots: buckets.flatMap((b) => [b.slot, b.lengths]),
    load: (i: number) => (buckets[i] as (typeof buckets)[number]).items,
    fuzzyKeys: () => keys,
  };
  const small = text.slice(0, 100_000);
  const lazy = runInterleaved(
    [
      { id: 'eager 100k', run: () => timeOnce(() => compileMatcher(synth).match(small)) },
      { id: 'lazy 100k', run: () => timeOnce(() => lazyMatcher(lazySource).match(small)) },
      { id: 'eager 1m', run: () => timeOnce(() => compileMatcher(synth).match(text)) },
      { id: 'lazy 1m', run: () => timeOnce(() => lazyMatcher(lazySource).match(text)) },
    ],
    mulberry32(Date.now() >>> 0),
  );
  const show = (id: string): string => {
    const s = lazy.get(id) as ReturnType<typeof stats>;
    return `${fmt(s.median)} ms (${spread(s)})`;
  };
  const ratio = (a: string, b: string): string =>
    fmt((lazy.get(a)?.median as number) / (lazy.get(b)?.median as number), 2);
  console.log(
    `10k, build + first match, every name compiled vs lazy: 100 KB ${show('eager 100k')} vs ${show('lazy 100k')} ` +
      `(×${ratio('eager 100k', 'lazy 100k')}); 1 MB ${show('eager 1m')} vs ${show('lazy 1m')} ` +
      `(×${ratio('eager 1m', 'lazy 1m')}); ${buckets.length} buckets`,
  );
}
console.log(`load average at end: ${load()}`);
