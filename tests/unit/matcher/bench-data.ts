/**
 * Seeded inputs shared by the matcher benchmark (scripts/bench-matcher.ts) and the equivalence test
 * (equivalence.test.ts): ~1 MB of news-like text and a synthetic knowledge base of 10,000 entities. Both are
 * deterministic, so the test can pin a hash of the mentions the matcher finds in them.
 */
import type { MatcherEntity, MatcherSource, Mention } from '@/core/matcher';
import { rng } from '@/scripts/lib/synthetic';

export const TEXT_BYTES = 1_000_000;

/** The project's one seeded generator (scripts/lib/synthetic.ts), under the name these inputs were made with. */
export const mulberry32 = rng;

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
export function synthetic(seed: number): MatcherSource {
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
export function makeText(seed: number, real: MatcherSource, bytes = TEXT_BYTES): string {
  const rnd = mulberry32(seed);
  const names = real.entities.flatMap((e) => e.names.map((n) => n.text));
  const parts: string[] = [];
  let size = 0;
  while (size < bytes) {
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
  return parts.join('').slice(0, bytes);
}

/**
 * The same text made messy the ways pages are: NBSP / narrow NBSP / line breaks for spaces, soft hyphens and
 * zero-width spaces inside words, NFD and NFC accents, curly apostrophes and possessives, Unicode hyphens,
 * upper- and lower-cased words, "ß", astral characters (emoji, math letters), lone combining marks. Only for
 * checking that an optimised matcher finds exactly what the reference did; not for timing.
 */
export function messyText(seed: number, text: string): string {
  const rnd = mulberry32(seed);
  const out: string[] = [];
  const SPACES = ['\u00a0', '\u202f', '\n', '\t', '  ', ' \u00a0 ', '\u2009'];
  const INSIDE = ['\u00ad', '\u200b', '\u200d', '\ufeff', '\u0301', '\u0306'];
  const EXTRA = [
    '’s',
    "'s",
    '‘',
    'ʼ',
    '\u2010',
    '\u2011',
    '😀',
    '𝐀',
    'ß',
    'Æ',
    'ё',
    'Ё',
    'и\u0306',
    'ў',
    'e\u0301',
    'é',
    'İ',
    'ǅ',
  ];
  let upperWord = false;
  let lowerWord = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    const r = rnd();
    if (ch === ' ') {
      upperWord = rnd() < 0.03;
      lowerWord = !upperWord && rnd() < 0.03;
      if (r < 0.08) out.push(SPACES[Math.floor(rnd() * SPACES.length)] as string);
      else if (r < 0.1) out.push(`${EXTRA[Math.floor(rnd() * EXTRA.length)] as string} `);
      else out.push(ch);
      continue;
    }
    const c = upperWord ? ch.toUpperCase() : lowerWord ? ch.toLowerCase() : ch;
    if (r < 0.01) out.push(c, INSIDE[Math.floor(rnd() * INSIDE.length)] as string);
    else if (r < 0.015 && (c === 'e' || c === 'a' || c === 'u'))
      out.push(c === 'e' ? 'é' : c === 'a' ? 'a\u0300' : 'ü');
    else if (r < 0.017) out.push(c, EXTRA[Math.floor(rnd() * EXTRA.length)] as string);
    else out.push(c);
  }
  return out.join('');
}

/** Matches `t` one line at a time (as a page's blocks are), with offsets into the whole text. */
export function byRuns(match: (t: string) => Mention[], t: string): Mention[] {
  const all: Mention[] = [];
  let off = 0;
  for (const run of t.split('\n')) {
    for (const x of match(run)) all.push({ ...x, start: x.start + off, end: x.end + off });
    off += run.length + 1;
  }
  return all;
}
