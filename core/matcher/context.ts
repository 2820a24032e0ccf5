/**
 * What is not a mention, decided from the text around a name rather than from lists written entity by entity.
 * The scan finds every declared name; these rules then drop the ones a careful reader would not link:
 *
 * - `address`: the name is part of a URL, domain, e-mail address, file name or lower-case slug
 *   ("kremlin.ru", "…-Belarus-report.jpg", "vladimir-putin-speech"). A name hyphen-joined to a word in prose
 *   keeps its capital ("Kremlin-backed", "anti-Putin", "pro-Kremlin") and stays a mention: it refers to the entity.
 * - `other-person`: a person's single-word name right after a capitalised word that is neither a title nor a
 *   function word ("Viktor Lukashenko" is the president's son). The person's own declared full names are longer
 *   matches and never get here; a near spelling of one ("Alexandr Lukashenko") is kept.
 * - `longer-name`: the name is bound to a capitalised word forming another proper name ("Minsk Group", "Black Sea
 *   Fleet", "United Russia").
 *
 * Capitals are no signal in a Title-Case line ("Putin Meets Lukashenko In Sochi"), so there the last two rules
 * do not apply. Everything here runs per mention found, never per character of the text.
 */
import type { ExclusionRule, Mention } from './types';
import { wordAt } from './words';

/**
 * Words that may stand capitalised before or after a name without making it part of another name or another
 * person's name: titles and offices ("President Putin", "Moscow Mayor"), and the words that open sentences or
 * stand capitalised in dates ("But Putin", "Monday"). Lower case, accents kept.
 */
const NOT_NAMES = new Set(
  // Titles and offices.
  (
    'mr mrs ms miss mx dr prof sir dame lord lady madam madame monsieur herr frau signor president presidents ' +
    'prime minister ministers general gen premier chancellor governor mayor senator sen rep representative ' +
    'ambassador secretary spokesman spokeswoman spokesperson leader chief head deputy vice acting former ' +
    'king queen prince princess pope tsar czar emperor emir sheikh patriarch metropolitan bishop father ' +
    'comrade colonel col captain capt lieutenant lt major maj sergeant sgt admiral marshal commander judge ' +
    'justice chairman chairwoman chair director commissioner candidate dictator strongman opposition ' +
    'foreign defence defense interior state official officials ' +
    // Function words that open sentences and Title-Case short words.
    'a an the and but or nor so yet then when while after before since as at in on of for from to with by ' +
    'into onto over under about against without despite unlike like if though although because until once ' +
    'why how what where who whom whose which that this these those there here it its he she they we i you ' +
    'his her their our my your not no yes also only even still now today yesterday tomorrow tonight ' +
    'meanwhile however both either neither all some many most every each another other such ' +
    'is was are were be been has have had do does did will would could should can may might must said says ' +
    'monday tuesday wednesday thursday friday saturday sunday january february march april june july ' +
    'august september october november december ' +
    // Russian and Belarusian.
    'президент премьер министр генерал господин г-н госпожа спадар спадарыня пан пани лидер глава мэр ' +
    'губернатор посол патриарх и а но в на с по к о у из за от до при для как что где когда это также ' +
    'уже ещё еще сегодня вчера завтра ' +
    // Articles and sentence openers of other languages the knowledge's sources use.
    'der die das den dem des ein eine einen einem einer und oder aber im am vom zum zur mit für nach auch ' +
    'le la les un une des du de au aux et mais dans pour avec selon el los las il lo gli del'
  ).split(' '),
);

/** Title-Case lines keep these short words lower case ("Putin Meets Lukashenko in Sochi as Talks Begin"). */
const SMALL_WORDS = new Set(
  'a an and as at but by en for from in into nor of on onto or over per so the to up via vs with yet'.split(
    ' ',
  ),
);

/** Characters that vanish in normalisation and may sit inside a word. */
const INVISIBLE = /[\u00ad\u200b-\u200d\u2060\ufeff]/g;

function invisible(u: number): boolean {
  return u === 0xad || (u >= 0x200b && u <= 0x200d) || u === 0x2060 || u === 0xfeff;
}

function isWordChar(c: string): boolean {
  const u = c.charCodeAt(0);
  return wordAt(u) || invisible(u);
}

function isSpace(c: string): boolean {
  const u = c.charCodeAt(0);
  if (u === 0x20) return true;
  if (u < 0x80) return u >= 0x09 && u <= 0x0d;
  return !invisible(u) && c.trim() === '';
}

function isUpper(c: string): boolean {
  const u = c.charCodeAt(0);
  if (u < 0x80) return u >= 0x41 && u <= 0x5a;
  return c !== c.toLowerCase() && c === c.toUpperCase();
}

function isLower(c: string): boolean {
  const u = c.charCodeAt(0);
  if (u < 0x80) return u >= 0x61 && u <= 0x7a;
  return c !== c.toUpperCase() && c === c.toLowerCase();
}

/** Characters that join a word to an address: the name is then part of it rather than prose. */
const JOINERS = '.-_/@:\\=?#&%+~';

/**
 * Whether the name at [start, end) is inside an address: the run of non-space characters around it has a
 * scheme, "www.", an "@", an underscore, a dot before a lower-case letter or digit (a domain or a file
 * extension), or the name is written in lower case and joined to its run by a hyphen or slash (a slug or path).
 */
export function inAddress(text: string, start: number, end: number): boolean {
  const before = start > 0 ? (text[start - 1] as string) : ' ';
  const after = end < text.length ? (text[end] as string) : ' ';
  if (!JOINERS.includes(before) && !JOINERS.includes(after)) return false;
  let from = start;
  while (from > 0 && !isSpace(text[from - 1] as string) && start - from < 512) from--;
  let to = end;
  while (to < text.length && !isSpace(text[to] as string) && to - end < 512) to++;
  // Sentence punctuation after a run ends the sentence, not the address ("… at kremlin.ru.").
  while (to > end && '.,;:!?)]}"\'»”’…'.includes(text[to - 1] as string)) to--;
  const run = text.slice(from, to);
  if (run.includes('://') || /^[("'«“‘[]*www\./i.test(run) || run.includes('@') || run.includes('_'))
    return true;
  for (let k = from; k < to - 1; k++) {
    if (text[k] !== '.' || (k >= start && k < end)) continue;
    const next = text[k + 1] as string;
    if (isLower(next) || (next >= '0' && next <= '9')) return true;
  }
  const name = text.slice(start, end);
  const lowerCase = name === name.toLowerCase();
  return lowerCase && ('-/'.includes(before) || '-/'.includes(after));
}

interface Word {
  start: number;
  end: number;
}

/**
 * The word right before `at`, separated from it by spaces on the same line and standing on its own (not after
 * an apostrophe, hyphen or dot: "Belarus's Lukashenko", "ex-Putin"); null if there is none.
 */
function wordBefore(text: string, at: number): Word | null {
  let k = at;
  while (k > 0 && isSpace(text[k - 1] as string)) {
    if (text[k - 1] === '\n' || text[k - 1] === '\r') return null;
    k--;
  }
  if (k === at || k === 0 || !isWordChar(text[k - 1] as string)) return null;
  const end = k;
  while (k > 0 && isWordChar(text[k - 1] as string)) k--;
  if (k > 0 && "-'’.@/_".includes(text[k - 1] as string)) return null;
  return { start: k, end };
}

/** The word right after `at`, across spaces on the same line; null if there is none. */
function wordAfter(text: string, at: number): Word | null {
  let k = at;
  while (k < text.length && isSpace(text[k] as string)) {
    if (text[k] === '\n' || text[k] === '\r') return null;
    k++;
  }
  if (k === at || k >= text.length || !isWordChar(text[k] as string)) return null;
  const start = k;
  while (k < text.length && isWordChar(text[k] as string)) k++;
  return { start, end: k };
}

const CYRILLIC = /[\u0400-\u04ff]/;

/** Whether the word at `at` opens a sentence, a line or the text (opening quotes and brackets aside). */
function opensSentence(text: string, at: number): boolean {
  let k = at;
  while (k > 0 && (isSpace(text[k - 1] as string) || `"'«“‘([`.includes(text[k - 1] as string))) {
    if (text[k - 1] === '\n') return true;
    k--;
  }
  return k === 0 || '.!?…:'.includes(text[k - 1] as string);
}

function plain(text: string, w: Word): string {
  for (let k = w.start; k < w.end; k++)
    if (invisible(text.charCodeAt(k))) return text.slice(w.start, w.end).replace(INVISIBLE, '');
  return text.slice(w.start, w.end);
}

/**
 * Adjectives of nationality qualify a name without making a new one ("the Belarusian KGB", "Russian Putin"); a
 * state's own name built on one ("Soviet Union") is a longer declared name or the following-word rule's case.
 */
const DEMONYM = ['ian', 'ean', 'ese', 'ish', 'ch', 'ss', 'iet'];

/**
 * A capitalised word of two letters or more that is not a title, function word or adjective of nationality: a
 * name's part. In capitals next to a name in capitals (a shouted headline) a word says nothing either.
 */
function properWord(text: string, w: Word | null, name: string): string | null {
  if (w === null || w.end - w.start < 2) return null;
  const u = text.charCodeAt(w.start);
  // Most neighbours are lower-case words of prose.
  if (u >= 0x61 && u <= 0x7a) return null;
  const word = plain(text, w);
  if (word.length < 2 || !isUpper(word[0] as string)) return null;
  const lower = word.toLowerCase();
  if (NOT_NAMES.has(lower) || DEMONYM.some((end) => lower.endsWith(end))) return null;
  if (word === word.toUpperCase() && name === name.toUpperCase() && name !== name.toLowerCase()) return null;
  return word;
}

/**
 * Whether the line or sentence around [start, end) is in Title Case: every word but the short ones of
 * `SMALL_WORDS` capitalised, so capitals say nothing about what is a proper name there.
 */
function titleCase(text: string, start: number, end: number): boolean {
  // Read outwards from the name and stop at the first word that says "prose": usually a few words away.
  let capitals = 0;
  for (let k = end; k < text.length && k - end < 400; ) {
    const u = text.charCodeAt(k);
    if (u === 0x0a || (sentenceEnd(u) && (k + 1 >= text.length || isSpace(text[k + 1] as string)))) break;
    if (!isWordChar(text[k] as string)) {
      k++;
      continue;
    }
    const from = k;
    while (k < text.length && isWordChar(text[k] as string)) k++;
    const r = caseOf(text, from, k);
    if (r < 0) return false;
    capitals += r;
  }
  for (let k = start; k > 0 && start - k < 400; ) {
    const u = text.charCodeAt(k - 1);
    if (u === 0x0a || (sentenceEnd(u) && isSpace(text[k] as string))) break;
    if (!isWordChar(text[k - 1] as string)) {
      k--;
      continue;
    }
    const to = k;
    while (k > 0 && isWordChar(text[k - 1] as string)) k--;
    const r = caseOf(text, k, to);
    if (r < 0) return false;
    capitals += r;
  }
  return capitals + Math.max(0, caseOf(text, start, end)) >= 3;
}

function sentenceEnd(u: number): boolean {
  return u === 0x2e || u === 0x21 || u === 0x3f;
}

/**
 * For Title Case: 1 for a capitalised word, -1 for a lower-case one that Title Case would capitalise, 0 for
 * the rest (short words, numbers, the tail after an apostrophe or hyphen: "Lukashenko’s", "President-elect").
 */
function caseOf(text: string, from: number, to: number): number {
  if (from > 0 && "'’-".includes(text[from - 1] as string)) return 0;
  const first = text[from] as string;
  if (isUpper(first)) return 1;
  if (!isLower(first)) return 0;
  if (to - from > 4) return -1;
  return SMALL_WORDS.has(text.slice(from, to).toLowerCase()) ? 0 : -1;
}

/** What the rules need to know about the mentions and entities around the one being judged. */
export interface Around {
  /** Whether some mention found in the text covers [start, end). */
  mentionAt(start: number, end: number): boolean;
  /** Whether "given surname" is a near spelling of one of the person's declared names (entity number e). */
  spelling(given: string, name: string, e: number): boolean;
}

/**
 * The rule that makes the name at [m.start, m.end) of entity `e` not a mention, or null if it is one.
 * `person`: whether the entity is a person.
 */
export function exclusionOf(
  text: string,
  m: Mention,
  e: number,
  person: boolean,
  around: Around,
): ExclusionRule | null {
  const { start, end } = m;
  if (inAddress(text, start, end)) return 'address';
  let rule: ExclusionRule | null = null;
  const before = wordBefore(text, start);
  const name = text.slice(start, end);
  let given = properWord(text, before, name);
  // Russian and Belarusian put common nouns first and the name after in the genitive ("Сторонники
  // Тихановской", "КГБ Беларуси"): a Cyrillic word says nothing at a sentence's start, nor after a name.
  if (given !== null && before !== null && CYRILLIC.test(given) && opensSentence(text, before.start))
    given = null;
  if (given !== null && before !== null && !around.mentionAt(before.start, before.end)) {
    if (!person) rule = 'longer-name';
    else if (!/\s/.test(name) && !around.spelling(given, name, e)) rule = 'other-person';
  }
  if (rule === null) {
    const after = wordAfter(text, end);
    const next = properWord(text, after, name);
    if (next !== null && !CYRILLIC.test(next) && after !== null && !around.mentionAt(after.start, after.end))
      rule = 'longer-name';
  }
  return rule !== null && !titleCase(text, start, end) ? rule : null;
}
