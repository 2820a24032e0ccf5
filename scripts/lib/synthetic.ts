/**
 * Seeded generators for benchmarks: a synthetic knowledge base of any size and news-like text and pages.
 * Same seed, same bytes: runs are comparable across machines and days.
 */
import { ENTITY_TYPES } from '@/core/knowledge/entity-types';
import type { Entity, EntityType, Knowledge } from '@/core/knowledge/types';

/** mulberry32: tiny, fast, good enough to make varied test data reproducible. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;

const ONSETS = [
  'b',
  'd',
  'g',
  'k',
  'l',
  'm',
  'n',
  'p',
  'r',
  's',
  't',
  'v',
  'z',
  'sh',
  'ch',
  'kh',
  'zh',
  'ts',
];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'ia', 'ei'];
const ENDINGS = ['ov', 'ova', 'enko', 'sky', 'skaya', 'ich', 'yan', 'ani', 'escu', 'berg', 'son', 'ez'];
const LATIN_TO_CYRILLIC: [string, string][] = [
  ['shch', 'щ'],
  ['sh', 'ш'],
  ['ch', 'ч'],
  ['kh', 'х'],
  ['zh', 'ж'],
  ['ts', 'ц'],
  ['ia', 'я'],
  ['ya', 'я'],
  ['ei', 'ей'],
  ['y', 'ы'],
  ['a', 'а'],
  ['b', 'б'],
  ['d', 'д'],
  ['e', 'е'],
  ['g', 'г'],
  ['i', 'и'],
  ['k', 'к'],
  ['l', 'л'],
  ['m', 'м'],
  ['n', 'н'],
  ['o', 'о'],
  ['p', 'п'],
  ['r', 'р'],
  ['s', 'с'],
  ['t', 'т'],
  ['u', 'у'],
  ['v', 'в'],
  ['z', 'з'],
];

export function toCyrillic(latin: string): string {
  let out = '';
  let i = 0;
  const lower = latin.toLowerCase();
  outer: while (i < lower.length) {
    for (const [l, c] of LATIN_TO_CYRILLIC) {
      if (lower.startsWith(l, i)) {
        out += c;
        i += l.length;
        continue outer;
      }
    }
    out += lower[i];
    i++;
  }
  return out.charAt(0).toUpperCase() + out.slice(1);
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function word(r: () => number, syllables: number): string {
  let w = '';
  for (let i = 0; i < syllables; i++) w += pick(r, ONSETS) + pick(r, VOWELS);
  return w;
}

/**
 * A knowledge base of `n` made-up entities, about three names each (full name, surname, Cyrillic spelling),
 * so 10,000 entities give the ~30,000 names the benchmarks call for. Valid `Knowledge`, minimal content.
 */
export function syntheticKnowledge(n: number, seed = 1): Knowledge {
  const r = rng(seed);
  const seen = new Set<string>();
  const entities: Entity[] = [];
  while (entities.length < n) {
    const surname = cap(word(r, 2) + pick(r, ENDINGS));
    if (seen.has(surname)) continue;
    seen.add(surname);
    const given = cap(word(r, 2));
    const type = ENTITY_TYPES[entities.length % ENTITY_TYPES.length] as EntityType;
    const id = `synthetic-${entities.length}`;
    const full =
      type === 'person'
        ? `${given} ${surname}`
        : `${surname} ${pick(r, ['Institute', 'Valley', 'Accord', 'Forum'])}`;
    entities.push({
      id,
      type,
      name: full,
      names: [
        { text: full, kind: 'full' },
        { text: surname, kind: type === 'person' ? 'surname' : 'variant' },
        { text: toCyrillic(surname), kind: 'variant' },
      ],
      alsoSpelled: [toCyrillic(surname)],
      description: { text: `A made-up ${type} for benchmarks.`, basis: 'background', evidence: [] },
      context: [],
      facts: [],
      quotes: [],
      saidAbout: [],
      relations: [],
      disputes: [],
      appearances: [],
    });
  }
  return { version: 1, articles: [], entities };
}

const FILLER = (
  'the minister said on Tuesday that talks would continue after the summit while officials in the capital ' +
  'declined to comment on reports of new sanctions and analysts warned that the economy could slow further ' +
  'as energy prices rose across the region and protesters gathered again in the central square'
).split(' ');
const CYRILLIC_FILLER = 'заявил в среду что переговоры продолжатся после встречи в столице'.split(' ');

/** Plain news-like text of about `bytes` UTF-8 bytes with `names` sprinkled in (about one per sentence). */
export function newsText(bytes: number, names: string[], seed = 7): string {
  const r = rng(seed);
  const parts: string[] = [];
  let size = 0;
  while (size < bytes) {
    const sentence = sentenceWith(r, names);
    parts.push(sentence);
    size += Buffer.byteLength(sentence) + 1;
  }
  return parts.join(' ');
}

function sentenceWith(r: () => number, names: string[], min = 12, spread = 14): string {
  const words: string[] = [];
  const len = min + Math.floor(r() * spread);
  const cyr = r() < 0.1;
  for (let i = 0; i < len; i++) words.push(pick(r, cyr ? CYRILLIC_FILLER : FILLER));
  if (names.length) words.splice(Math.floor(r() * len), 0, pick(r, names));
  if (names.length && r() < 0.4) words.splice(Math.floor(r() * len), 0, `${pick(r, names)}’s`);
  const s = words.join(' ');
  return `${s.charAt(0).toUpperCase()}${s.slice(1)}.`;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A news page of about `bytes` bytes of HTML: headline, paragraphs with links and inline emphasis (sometimes
 * splitting a name across elements), Latin and Cyrillic. Returns the HTML and the names it used.
 */
export function newsPage(bytes: number, names: string[], seed = 11): string {
  const r = rng(seed);
  const paras: string[] = [];
  let size = 0;
  while (size < bytes) {
    const sentences: string[] = [];
    const n = 2 + Math.floor(r() * 4);
    for (let i = 0; i < n; i++) {
      let s = escapeHtml(sentenceWith(r, names));
      const roll = r();
      if (roll < 0.15) s = s.replace(/(\p{Lu}\p{Ll}+) (\p{Lu}\p{Ll}+)/u, '<b>$1</b> $2');
      else if (roll < 0.3) s = s.replace(/(\p{Ll}+ \p{Ll}+)/u, '<a href="#">$1</a>');
      else if (roll < 0.4) s = s.replace(/(\p{Ll}+)/u, '<em>$1</em>');
      sentences.push(s);
    }
    const p = `<p>${sentences.join(' ')}</p>`;
    paras.push(p);
    size += Buffer.byteLength(p) + 1;
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Synthetic news</title></head><body><article><h1>Synthetic news page</h1>\n${paras.join('\n')}\n</article></body></html>`;
}

/**
 * A page of dense inline markup, as news sites with many links and emphases make: about `bytes` bytes in short
 * paragraphs (~280 bytes each) where a link or an emphasis of 1–3 words starts at about
 * every fifth word, so a 1 MB page holds ~3,300 paragraphs and ~39,000 text nodes; `names` (a few dozen) are mentioned about once per
 * sentence, sometimes inside or across the markup.
 */
export function densePage(bytes: number, names: string[], seed = 13): string {
  const r = rng(seed);
  const paras: string[] = [];
  let size = 0;
  const tags = ['a href="#"', 'em', 'strong', 'a href="#"', 'span class="tag"', 'i'];
  while (size < bytes) {
    const words: string[] = [];
    const sentences = 2 + Math.floor(r() * 2);
    for (let i = 0; i < sentences; i++) words.push(...sentenceWith(r, names, 6, 10).split(' '));
    const out: string[] = [];
    for (let i = 0; i < words.length; ) {
      if (r() < 0.2) {
        const n = 1 + Math.floor(r() * 3);
        const open = pick(r, tags);
        const close = open.split(' ')[0] as string;
        out.push(`<${open}>${escapeHtml(words.slice(i, i + n).join(' '))}</${close}>`);
        i += n;
      } else {
        out.push(escapeHtml(words[i] as string));
        i++;
      }
    }
    const p = `<p>${out.join(' ')}</p>`;
    paras.push(p);
    size += Buffer.byteLength(p) + 1;
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Dense news</title></head><body><article><h1>Dense news page</h1>\n${paras.join('\n')}\n</article></body></html>`;
}

/**
 * One block of `spans` inline elements, a word each (a name every few hundred): the shape a hostile or broken page
 * can take, where a walk, a measurement or an index that is cheap per block costs in proportion to the page.
 */
export function inlineBlockPage(spans: number, names: string[], seed = 19): string {
  const r = rng(seed);
  const out: string[] = [];
  for (let i = 0; i < spans; i++)
    out.push(`<span>${escapeHtml(r() < 0.003 ? pick(r, names) : pick(r, FILLER))} </span>`);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>One block</title></head><body><div>${out.join('')}</div></body></html>`;
}

/**
 * A page that shows most of its text only after load, as "read more" and accordion pages do: the article's
 * paragraphs after the first few sit in sections hidden with the `hidden` attribute, which an inline script
 * removes one section at a time, starting after `delayMs`.
 */
export function revealingPage(bytes: number, names: string[], seed = 17, delayMs = 300): string {
  const body = newsPage(bytes, names, seed);
  const paras = body.slice(body.indexOf('<p>'), body.lastIndexOf('</p>') + 4).split('\n');
  const sections: string[] = [`<section>${paras.slice(0, 5).join('\n')}</section>`];
  for (let i = 5; i < paras.length; i += 50)
    sections.push(`<section hidden>${paras.slice(i, i + 50).join('\n')}</section>`);
  const script = `<script>(()=>{const s=[...document.querySelectorAll('section[hidden]')];let i=0;const next=()=>{const e=s[i++];if(!e)return;e.hidden=false;setTimeout(next,50)};setTimeout(next,${delayMs})})()</script>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Revealing news</title></head><body><article><h1>Revealing news page</h1>\n${sections.join('\n')}\n</article>${script}</body></html>`;
}

/** Every name text of a knowledge base (what the matcher indexes: `names`, not `alsoSpelled`), unique, in order. */
export function knowledgeNames(k: Pick<Knowledge, 'entities'>): string[] {
  const out = new Set<string>();
  for (const e of k.entities) for (const n of e.names) out.add(n.text);
  return [...out];
}
