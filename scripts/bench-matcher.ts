/**
 * Benchmark: the trie matcher against the two RegExp approaches it replaces, on 1 MB of seeded news-like text,
 * with the real knowledge base and with a synthetic one of 10,000 entities.
 *
 *   npx tsx scripts/bench-matcher.ts             (or: npm run bench:matcher)
 *   node --expose-gc --import tsx scripts/bench-matcher.ts   (index memory measured after a forced GC)
 *
 * Timings are medians of TRIALS runs with min–max spread. RegExp runs that would take minutes are timed on a
 * slice (of the text or of the names) and extrapolated linearly; the output says so wherever it happens.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { compileMatcher, type MatcherEntity, type MatcherSource } from '../core/matcher';

const TRIALS = 5;
const TEXT_BYTES = 1_000_000;
// A RegExp approach gets at most this long per trial before we extrapolate from a slice instead.
const REGEXP_BUDGET_MS = 4_000;
const root = join(import.meta.dirname, '..');

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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

const LATIN_SYL = [
  'ka',
  'lo',
  'mi',
  'ren',
  'sto',
  'va',
  'nik',
  'sha',
  'tor',
  'bel',
  'dra',
  'gu',
  'zen',
  'por',
  'lin',
];
const CYR_SYL = [
  'ка',
  'ло',
  'ми',
  'рен',
  'сто',
  'ва',
  'ник',
  'ша',
  'тор',
  'бел',
  'дра',
  'гу',
  'зен',
  'пор',
  'лин',
];
const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

function word(rnd: () => number, syl: string[], min: number, max: number): string {
  const n = min + Math.floor(rnd() * (max - min + 1));
  let w = '';
  for (let i = 0; i < n; i++) w += syl[Math.floor(rnd() * syl.length)];
  return cap(w);
}

/** 10,000 entities, ~3 names each: full name, surname, a variant; some acronyms; a fifth in Cyrillic. */
function synthetic(seed: number): MatcherSource {
  const rnd = mulberry32(seed);
  const types = ['person', 'place', 'organisation', 'event'] as const;
  const entities: MatcherEntity[] = [];
  for (let i = 0; i < 10_000; i++) {
    const type = types[Math.floor(rnd() * types.length)] as MatcherEntity['type'];
    const syl = rnd() < 0.2 ? CYR_SYL : LATIN_SYL;
    const first = word(rnd, syl, 2, 3);
    const last = word(rnd, syl, 3, 4);
    const names: MatcherEntity['names'] = [
      { text: `${first} ${last}`, kind: 'full' },
      { text: last, kind: 'surname' },
      { text: `${last.slice(0, -1)}${syl === CYR_SYL ? 'а' : 'y'}`, kind: 'variant' },
    ];
    if (type === 'organisation' && rnd() < 0.5) {
      names.push({ text: (first.slice(0, 2) + last.slice(0, 2)).toUpperCase(), kind: 'acronym' });
    }
    entities.push({
      id: `e${i}`,
      type,
      names,
      fuzzy: type === 'person' || type === 'place',
      ...(rnd() < 0.05 ? { notIn: [`${last} Street`] } : {}),
    });
  }
  return { entities };
}

const FILLER =
  'the government said on monday that talks would continue after officials met in the capital while protesters gathered outside and observers questioned the results of the vote'.split(
    ' ',
  );
const FILLER_RU = 'правительство заявило что переговоры продолжатся после встречи в столице'.split(' ');

/** ~1 MB: English sentences with the real KB's names sprinkled, invented capitalised words, some Cyrillic. */
function makeText(seed: number, real: MatcherSource): string {
  const rnd = mulberry32(seed);
  const names = real.entities.flatMap((e) => e.names.map((n) => n.text));
  const parts: string[] = [];
  let size = 0;
  while (size < TEXT_BYTES) {
    const cyr = rnd() < 0.15;
    const filler = cyr ? FILLER_RU : FILLER;
    const len = 12 + Math.floor(rnd() * 14);
    const words: string[] = [];
    for (let i = 0; i < len; i++) {
      const r = rnd();
      if (r < 0.06 && names.length > 0) words.push(names[Math.floor(rnd() * names.length)] as string);
      else if (r < 0.1) words.push(word(rnd, cyr ? CYR_SYL : LATIN_SYL, 2, 4));
      else words.push(filler[Math.floor(rnd() * filler.length)] as string);
    }
    const s = `${cap(words.join(' '))}. `;
    parts.push(rnd() < 0.1 ? `${s}\n\n` : s);
    size += s.length;
  }
  return parts.join('').slice(0, TEXT_BYTES);
}

function stats(xs: number[]): { median: number; min: number; max: number } {
  const s = [...xs].sort((a, b) => a - b);
  return {
    median: s[Math.floor(s.length / 2)] as number,
    min: s[0] as number,
    max: s[s.length - 1] as number,
  };
}

function time(fn: () => unknown, trials = TRIALS): ReturnType<typeof stats> {
  fn(); // warm-up: JIT and lazy tables
  const xs: number[] = [];
  for (let i = 0; i < trials; i++) {
    const t0 = performance.now();
    fn();
    xs.push(performance.now() - t0);
  }
  return stats(xs);
}

const gc = (globalThis as { gc?: () => void }).gc;

function heapDelta(build: () => unknown): { mb: number; exact: boolean } {
  gc?.();
  const before = process.memoryUsage().heapUsed;
  const keep = build();
  gc?.();
  const after = process.memoryUsage().heapUsed;
  if (keep === null) console.log(''); // keep `keep` alive across the second measurement
  return { mb: (after - before) / 1e6, exact: gc !== undefined };
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
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

function benchKb(kb: string, source: MatcherSource, text: string): Row[] {
  const rows: Row[] = [];
  const names = allNames(source);

  // Trie matcher.
  const build = time(() => compileMatcher(source));
  const mem = heapDelta(() => compileMatcher(source));
  const m = compileMatcher(source);
  const scan = time(() => m.match(text));
  const found = m.match(text);
  rows.push({
    kb,
    approach: 'trie matcher',
    build: fmt(build.median),
    memory: `${fmt(mem.mb)}${mem.exact ? '' : '*'}`,
    scan: fmt(scan.median),
    spread: spread(scan),
    mbs: mbps(scan.median),
    note: `${m.size} names, ${m.nodes} nodes, ${found.length} mentions (${found.filter((x) => x.fuzzy).length} fuzzy)`,
    scanMs: scan.median,
  });
  const noFuzzy = compileMatcher(source, { fuzzy: false });
  const scanNf = time(() => noFuzzy.match(text));
  rows.push({
    kb,
    approach: 'trie matcher, fuzzy off',
    build: '',
    memory: '',
    scan: fmt(scanNf.median),
    spread: spread(scanNf),
    mbs: mbps(scanNf.median),
    note: '',
    scanMs: scanNf.median,
  });

  // One RegExp alternation, longest alternatives first so it is leftmost-longest like the trie.
  const sorted = [...names].sort((a, b) => b.length - a.length);
  let t0 = performance.now();
  const combined = new RegExp(`${WB_BEFORE}(?:${sorted.map(escape).join('|')})${WB_AFTER}`, 'giu');
  const combinedBuild = performance.now() - t0;
  // Probe on a slice first: at 10k names this RegExp runs at about a minute per MB.
  const probeLen = 20_000;
  t0 = performance.now();
  countAll(combined, text.slice(0, probeLen));
  const probe = performance.now() - t0;
  let combinedMs: ReturnType<typeof stats>;
  let combinedNote = '';
  if ((probe * TEXT_BYTES) / probeLen > REGEXP_BUDGET_MS) {
    const sliceLen = Math.max(probeLen, Math.floor((REGEXP_BUDGET_MS / 4 / probe) * probeLen));
    const slice = text.slice(0, sliceLen);
    const s = time(() => countAll(combined, slice), 3);
    const k = TEXT_BYTES / sliceLen;
    combinedMs = { median: s.median * k, min: s.min * k, max: s.max * k };
    combinedNote = `extrapolated from a ${fmt(sliceLen / 1000, 0)} kB slice (×${fmt(k, 0)})`;
  } else {
    combinedMs = time(() => countAll(combined, text));
  }
  rows.push({
    kb,
    approach: "one RegExp alternation ('giu', lookarounds)",
    build: fmt(combinedBuild),
    memory: '',
    scan: fmt(combinedMs.median, 0),
    spread: spread(combinedMs),
    mbs: mbps(combinedMs.median),
    note: combinedNote,
    scanMs: combinedMs.median,
  });

  // One RegExp per name, each over the whole text (what mark.js does per keyword).
  const perName = names.map((n) => new RegExp(`${WB_BEFORE}${escape(n)}${WB_AFTER}`, 'giu'));
  t0 = performance.now();
  let done = 0;
  while (done < perName.length && performance.now() - t0 < REGEXP_BUDGET_MS / 4) {
    countAll(perName[done] as RegExp, text);
    done++;
  }
  let perNameMs: ReturnType<typeof stats>;
  let perNameNote = '';
  if (done < perName.length) {
    const subset = perName.slice(0, done);
    const s = time(() => {
      for (const re of subset) countAll(re, text);
    }, 3);
    const k = perName.length / done;
    perNameMs = { median: s.median * k, min: s.min * k, max: s.max * k };
    perNameNote = `extrapolated from ${done} of ${perName.length} names (×${fmt(k, 0)})`;
  } else {
    perNameMs = time(() => {
      for (const re of perName) countAll(re, text);
    });
  }
  rows.push({
    kb,
    approach: 'one RegExp per name (mark.js style)',
    build: '',
    memory: '',
    scan: fmt(perNameMs.median, 0),
    spread: spread(perNameMs),
    mbs: mbps(perNameMs.median),
    note: perNameNote,
    scanMs: perNameMs.median,
  });
  return rows;
}

const real = loadReal();
const synth = synthetic(20_200);
const text = makeText(7, real.source);
const count = (s: MatcherSource) => s.entities.reduce((a, e) => a + e.names.length, 0);
console.log(
  `node ${process.version}; text ${fmt(text.length / 1e6, 2)} M UTF-16 units; ${TRIALS} trials, median`,
);
console.log(`real KB (${real.label}): ${real.source.entities.length} entities, ${count(real.source)} names`);
console.log(`synthetic KB: ${synth.entities.length} entities, ${count(synth)} names`);
if (gc === undefined) console.log('memory marked * : run with --expose-gc for a GC-settled heap delta');

const rows = [
  ...benchKb(`real (${real.source.entities.length})`, real.source, text),
  ...benchKb('10k', synth, text),
];
console.table(
  rows.map(({ scanMs: _, ...r }) => ({
    KB: r.kb,
    approach: r.approach,
    'build ms': r.build,
    'index MB': r.memory,
    'scan ms': r.scan,
    'min–max ms': r.spread,
    'MB/s': r.mbs,
    note: r.note,
  })),
);
const get = (kb: string, approach: string) =>
  rows.find((r) => r.kb.startsWith(kb) && r.approach.startsWith(approach))?.scanMs as number;
console.log(
  `trie 10k vs real: ×${fmt(get('10k', 'trie matcher') / get('real', 'trie matcher'), 2)} (fuzzy off: ×${fmt(
    get('10k', 'trie matcher, fuzzy off') / get('real', 'trie matcher, fuzzy off'),
    2,
  )})`,
);
console.log(
  `10k: RegExp per name / trie: ×${fmt(get('10k', 'one RegExp per name') / get('10k', 'trie matcher'), 0)}; ` +
    `RegExp alternation / trie: ×${fmt(get('10k', 'one RegExp alt') / get('10k', 'trie matcher'), 0)}`,
);
