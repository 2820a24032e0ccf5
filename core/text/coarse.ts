/**
 * The coarse form of a text, for the first look (core/matcher/first-look.ts): a form in which a name the matcher
 * finds is always still there, found by native calls only (NFD and one replace), so a whole page is put in it in
 * a millisecond or two. It is never finer than the matcher's normalisation (./normalize.ts), only coarser:
 * - every combining mark is dropped, Cyrillic ones too ("й" → "и", where the matcher keeps "й");
 * - soft hyphens and zero-width characters vanish, as there;
 * - the letters NFD keeps whole fold as there ("ß" → "ss", "ł" → "l"), in their case ("Ł" → "L") when they
 *   fold to one letter;
 * - every apostrophe is "'" and every Unicode hyphen "-", as there.
 * Case and white space are kept: the first look's patterns ignore case and take any run of white space.
 */
import { APOSTROPHES, EXTRA_FOLD, HYPHENS, IGNORABLE } from './fold-rules';

const hex = (u: number) => `\\u${u.toString(16).padStart(4, '0')}`;
/** Whether NFD leaves `u` as it is, in the ranges most pages' text is made of (see `RUNS`). */
const plainUnit = (u: number) => u < 0xc0 || (u >= 0x2002 && u < 0x2070);
/** The characters of these rules in those ranges. */
const PLAIN_RULES = [...IGNORABLE, ...APOSTROPHES, ...HYPHENS].filter(plainUnit);
// Made when first needed (a Unicode property costs a regular expression its parse and its construction): most
// pages need only the first, which has none.
let onePass: RegExp | null = null;
let all: RegExp | null = null;
const allRules = () =>
  new RegExp(
    `[\\p{M}${[...IGNORABLE, ...APOSTROPHES, ...HYPHENS].map(hex).join('')}${Object.keys(EXTRA_FOLD)
      // Each letter and its capital, where the capital's lower case is that letter ("ı"'s is "I", whose is "i").
      .flatMap((k) => (k.toUpperCase().toLowerCase() === k ? [k, k.toUpperCase()] : [k]))
      .join('')}]`,
    'gu',
  );

function replacement(ch: string): string {
  const u = ch.charCodeAt(0);
  if (APOSTROPHES.has(u)) return "'";
  if (HYPHENS.has(u)) return '-';
  const lower = ch.toLowerCase();
  const fold = EXTRA_FOLD[lower];
  if (fold === undefined) return ''; // a mark or an ignorable
  // In its case, as the matcher's `cased` has it: one letter keeps it, two ("Æ" → "ae") do not.
  return ch === lower || fold.length !== 1 ? fold : fold.toUpperCase();
}

/**
 * Runs of characters outside the ranges NFD leaves as they are that most pages' text is made of (ASCII, Latin-1's
 * signs, general punctuation but U+2000 and U+2001, which NFD turns into U+2002 and U+2003), bridged over the
 * spaces, digits and ASCII punctuation between them, so that a paragraph in another script is one run. Only these
 * need NFD, and hold every mark and every letter of `EXTRA_FOLD`; NFD of a run alone is NFD of the run in its text
 * (it only decomposes, and reorders marks among themselves).
 */
const RUNS = /[\u00c0-\u2001\u2070-\uffff](?:[\s!-@[-`{-~]*[\u00c0-\u2001\u2070-\uffff])*/g;

/** `text` in its coarse form (see above). */
export function coarse(text: string): string {
  // In one pass, so the page's text is copied once: the plain rules (apostrophes, hyphens, invisible characters
  // in the common ranges) where they stand alone, and all the rules in each run that needs NFD (most pages have
  // few and short ones). The two start with different characters, so the first character says which matched.
  onePass ??= new RegExp(`${RUNS.source}|[${PLAIN_RULES.map(hex).join('')}]`, 'g');
  return text.replace(onePass, (m) => {
    if (plainUnit(m.charCodeAt(0))) return replacement(m);
    all ??= allRules();
    return m.normalize('NFD').replace(all, replacement);
  });
}
