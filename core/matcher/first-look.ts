/**
 * The first look: whether a text may name anyone the knowledge has, answered mostly by native calls on the whole
 * text (core/text/coarse.ts, regular expressions) and a few distance checks, without the matcher. Most pages a
 * reader opens name no one: the content script sends the page's text to the background, which asks this
 * (background/first-look.ts), and where the answer is no, the content script stops there (content/first-look.ts).
 *
 * It may say yes where the matcher finds no one (a name in a rule's context, in hidden text), and says no only
 * where the matcher finds no one, with the exceptions below. The text is the page's text nodes joined with nothing
 * between them, so a join glues the end of one block to the start of the next ("…in Minsk" + "Putin said…" reads
 * "MinskPutin said"), and the look takes for a word's edge both the matcher's (no letter or digit beside it) and
 * what a join makes: a capital right after a small letter or a digit, or a capital and a small letter
 * ("MinskPutin", "NEWSPutin", "PutinSaid", "EUAfrica").
 * - Names, with their suffixed forms: in lower case in the lower case of the text (`exact`), or in their declared
 *   case (`cased`); any white space or none where the name has a space.
 * - Near misses (`near`): the matcher compares a capitalised word, or two in a row, with the names of the entities
 *   that allow near misses, within 1 or 2 edits, keeping the first letter. Here every capital that starts a
 *   target is tried, with the run of letters after it and that run cut where a join may have glued a word on,
 *   and a word the matcher takes for another form of the name ("Russian") is left out where that test is sure.
 * Coarse forms only merge letters and shorten distances, so they cannot lose a name. What the look can miss: a
 * name glued by a join to letters that do not look like one (a block that starts in lower case, "Minsk" +
 * "said"; a name in capitals after one, "NEWS" + "PUTIN"), or split mid-word by an element whose text the scan
 * skips ("Luka<script>…</script>shenko"). The build writes the patterns (./first-look-data.ts) into the
 * background's bundle (`#first-look`, wxt.config.ts); the tests check all this against the matcher
 * (tests/unit/matcher/first-look.test.ts).
 */
import { coarse } from '../text/coarse';
import { boundedOsa, otherForm, popcount } from './fuzzy';
import { FIRST_PART } from './look-text';

/**
 * @internal A text longer than this is looked at in parts (the first one shorter: `FIRST_PART`), each reaching
 * `reach` past its cut, so a long text is put in its coarse form a part at a time and the look stops at the first
 * part that may name someone.
 */
export const PART = 256 * 1024;
/** A near-miss target: its coarse text (one word, or two with one space) and the edits allowed. */
export type NearTarget = [text: string, edits: number];

export interface LookData {
  /**
   * Regular expression source (flag `u`) of the names matched in any case, with their suffixed forms, in lower
   * case: matched in the lower case of the text. '' when there are none.
   */
  exact: string;
  /** The same for the names matched only in their declared case, matched in the text as it is. */
  cased: string;
  near: NearTarget[];
  /**
   * Regular expression classes of the capitals a near miss may start with, of a one-word target and of a two-word
   * one ('' where there are no targets).
   */
  starts: [string, string];
  /** Longest text a pattern can reach: where a long text is looked at in parts, they overlap by this much. */
  reach: number;
}

/**
 * @internal Before a name: what the matcher calls a word start (no letter or digit before), or what a join makes
 * of it: a capital after a small letter or a digit ("MinskPutin", "2020UN"), or a capital and a small letter
 * after anything ("NEWSPutin"); or the name does not start with a letter or digit.
 */
export const BEFORE =
  '(?<![\\p{L}\\p{N}])|(?<=[\\p{Ll}\\p{N}])(?=\\p{Lu})|(?=\\p{Lu}\\p{Ll})|(?=[^\\p{L}\\p{N}])';
/**
 * @internal After a name: its end (no letter or digit next), or a join's: a capital glued on ("PutinSaid",
 * "NATOThe").
 */
export const AFTER = '(?![\\p{L}\\p{N}])|(?<=\\p{Ll})(?=\\p{Lu})|(?=\\p{Lu}\\p{Ll})';
// Written as texts and compiled when a name is first found: a Unicode property in a regular expression costs its
// parse and its construction, and most pages find no name to ask about.
let edges: { before: RegExp; after: RegExp } | null = null;
const edgesRe = () => {
  edges ??= { before: new RegExp(BEFORE, 'uy'), after: new RegExp(AFTER, 'uy') };
  return edges;
};
const ASCII = /^[\x20-\x7e]*$/;
/**
 * @internal A unit of a word, or of what no word is cut at here: all but white space and the common punctuation
 * (ASCII's, Latin-1's, U+2000–U+206F), so every letter and digit, and a few signs. A pattern of it is built and
 * run far faster than one of letters and digits (`[\p{L}\p{N}]`); `wordPart` cuts a run at the first sign in it.
 */
export const WORDISH =
  '[^\\s!-/:-@[-`{-~\\u00a0-\\u00a9\\u00ab-\\u00b1\\u00b4\\u00b6-\\u00b8\\u00bb\\u00bf\\u2000-\\u206f]';
/** @internal Runs of letters and digits only, in the scripts most pages are written in: nothing to cut. */
export const PLAIN_WORD =
  /^[0-9A-Za-z\u00aa\u00b2\u00b3\u00b5\u00b9\u00ba\u00bc-\u00be\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0400-\u0481\u048a-\u052f]*$/;
/** What ends a word: a text, compiled when first needed (see `edgesRe`). */
const NOT_WORD = '[^\\p{L}\\p{N}]';
let notWord: RegExp | null = null;

/** The word as the matcher reads it at the start of `run` (a run of `WORDISH`): up to its first sign. */
function wordPart(run: string): string {
  if (PLAIN_WORD.test(run)) return run;
  notWord ??= new RegExp(NOT_WORD, 'u');
  const i = run.search(notWord);
  return i < 0 ? run : run.slice(0, i);
}

const at = (re: RegExp, text: string, i: number) => {
  re.lastIndex = i;
  return re.test(text);
};

// The same edges read off the units beside them where those are ASCII, as around most names on most pages: the
// patterns above are compiled only where a name meets other letters. (A page that names no one still has the
// names pattern find a name inside a word now and then: "minsk" in "Dminsky".)
const OTHER = 0;
const SMALL = 1;
const CAPITAL = 2;
const DIGIT = 3;
/** The class of the unit at `i` (OTHER past either end), or -1 beyond ASCII. */
function ascii(c: string, i: number): number {
  if (i < 0 || i >= c.length) return OTHER;
  const u = c.charCodeAt(i);
  if (u >= 0x80) return -1;
  if (u >= 0x61 && u <= 0x7a) return SMALL;
  if (u >= 0x41 && u <= 0x5a) return CAPITAL;
  return u >= 0x30 && u <= 0x39 ? DIGIT : OTHER;
}

/** @internal Whether a name may start at `i` in `c` (`BEFORE`), where the units beside it are ASCII. */
export function edgeBefore(c: string, i: number): boolean {
  const p = ascii(c, i - 1);
  if (p === OTHER) return true;
  const a = ascii(c, i);
  if (p < 0 || a < 0) return at(edgesRe().before, c, i);
  if (a === OTHER) return i < c.length;
  if (a !== CAPITAL) return false;
  if (p !== CAPITAL) return true;
  const b = ascii(c, i + 1);
  return b < 0 ? at(edgesRe().before, c, i) : b === SMALL;
}

/** @internal Whether a name may end at `end` in `c` (`AFTER`), where the units beside it are ASCII. */
export function edgeAfter(c: string, end: number): boolean {
  const a = ascii(c, end);
  if (a === OTHER) return true;
  const p = ascii(c, end - 1);
  if (a < 0 || p < 0) return at(edgesRe().after, c, end);
  if (a !== CAPITAL) return false;
  if (p === SMALL) return true;
  const b = ascii(c, end + 1);
  return b < 0 ? at(edgesRe().after, c, end) : b === SMALL;
}

interface Targets {
  list: NearTarget[];
  /** Each target's letter set (`letters`), in the list's order. */
  sets: number[];
  shortest: number;
  longest: number;
}

export class FirstLook {
  private readonly exact: RegExp | null;
  private readonly cased: RegExp | null;
  /** A capital that starts a target, the letters after it, and the next word if there is one. */
  private readonly nearRe: RegExp | null;
  /** Targets by first letter (the matcher's near misses keep it): one-word ones, and two-word ones. */
  private readonly oneWord = new Map<number, Targets>();
  private readonly twoWords = new Map<number, Targets>();
  readonly reach: number;

  constructor(data: LookData) {
    this.exact = data.exact ? new RegExp(data.exact, 'gu') : null;
    this.cased = data.cased ? new RegExp(data.cased, 'gu') : null;
    this.reach = data.reach;
    // How long the (first) word of a candidate may be, and the second.
    let shortest = Number.POSITIVE_INFINITY;
    let longest = 0;
    let second = 0;
    for (const t of data.near) {
      const [text, edits] = t;
      const pair = text.includes(' ');
      const by = pair ? this.twoWords : this.oneWord;
      const first = text.charCodeAt(0);
      const g = by.get(first) ?? { list: [], sets: [], shortest: Number.POSITIVE_INFINITY, longest: 0 };
      g.list.push(t);
      g.sets.push(letters(text));
      g.shortest = Math.min(g.shortest, text.length - edits);
      g.longest = Math.max(g.longest, text.length + edits);
      by.set(first, g);
      shortest = Math.min(shortest, (text.split(' ')[0] as string).length - edits);
      longest = Math.max(longest, text.length + edits);
      if (pair) second = Math.max(second, text.length + edits);
    }
    // One pattern for both kinds of target: the text is scanned once.
    const starts = [this.oneWord.size ? data.starts[0] : '', this.twoWords.size ? data.starts[1] : '']
      .map((c) => c.slice(1, -1))
      .join('');
    const word = (min: number, max: number) => `${WORDISH}{${Math.max(0, min)},${max}}`;
    this.nearRe = starts
      ? new RegExp(
          `([${starts}]${word(shortest - 1, longest - 1)})` +
            // Any second word: the matcher's is capitalised, and taking more is safe.
            (this.twoWords.size ? `(?:\\s+(${word(1, second)}))?` : ''),
          'gu',
        )
      : null;
  }

  /** `mayName`, in parts (`FIRST_PART`, then `PART`s), overlapping by the look's reach. */
  mayNameInParts(text: string): boolean {
    for (let from = 0; from < text.length; ) {
      const to = Math.min(text.length, from + (from === 0 ? FIRST_PART : PART));
      if (this.mayName(text.slice(from, to + this.reach))) return true;
      from = to;
    }
    return false;
  }

  /** False only when the matcher would find no one in `text` (but see above). */
  mayName(text: string): boolean {
    const c = coarse(text);
    // The coarse form in lower case: one unit for one (the one letter whose lower case is two, "İ", is coarse "I").
    const lower = c.toLowerCase();
    return this.exactName(c, lower) || this.casedName(c) || this.nearMiss(c, lower);
  }

  private exactName(c: string, lower: string): boolean {
    return this.exact !== null && named(this.exact, lower, c);
  }

  private casedName(c: string): boolean {
    return this.cased !== null && named(this.cased, c, c);
  }

  // Each capital that starts a target is tried, the next one after it too (lastIndex): a join may have glued the
  // word to the end of another (but not inside a word in capitals: see the top). The word is taken as the matcher
  // would read it and, if a capital follows a small letter in it, as the part before that capital: a join may have
  // glued the next block's first word on ("LukaschenkoSaid").
  private nearMiss(c: string, lower: string): boolean {
    const re = this.nearRe;
    if (!re) return false;
    re.lastIndex = 0;
    for (let m = re.exec(c); m; m = re.exec(c)) {
      const i = m.index;
      re.lastIndex = i + 1;
      const [, run, next] = m as unknown as [string, string, string | undefined];
      const first = lower.charCodeAt(i);
      // Most candidates are short capitalised words; what is cut from a run only shortens it, so a run too short
      // for every target here is ruled out before it is cut.
      let ones = this.oneWord.get(first);
      if (ones && run.length < ones.shortest) ones = undefined;
      let pairs = next === undefined ? undefined : this.twoWords.get(first);
      if (pairs && run.length + 1 + (next as string).length < pairs.shortest) pairs = undefined;
      if ((!ones && !pairs) || insideCapitals(c, lower, i)) continue;
      const one = wordPart(run);
      if (ones && words(one).some((w) => within(w, ones))) return true;
      // A sign ends the first word: what follows it is no second word.
      const two = pairs && one === run && wordPart(next as string);
      if (!pairs || !two) continue;
      for (const w1 of words(one)) for (const w2 of words(two)) if (within(`${w1} ${w2}`, pairs)) return true;
    }
    return false;
  }
}

/**
 * Whether `re` finds a name in `text` that starts and ends at a word's edge in `c` (the text in its case, unit
 * for unit).
 */
function named(re: RegExp, text: string, c: string): boolean {
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const i = m.index;
    if (edgeBefore(c, i)) {
      // The longest name here first; if what follows it is no edge, a shorter one ("Black" in "Black Seattle"),
      // asked of the same pattern (a copy of it would be compiled again): it tries the start of the text first.
      for (let end = i + m[0].length; end > i; ) {
        if (edgeAfter(c, end)) return true;
        re.lastIndex = 0;
        const shorter = re.exec(text.slice(i, end - 1));
        end = shorter?.index === 0 ? i + shorter[0].length : i;
      }
    }
    re.lastIndex = i + 1;
  }
  return false;
}

/** Whether the capital at `i` has a capital on either side ("TERN" in "INTERNET"): no word starts there. */
function insideCapitals(c: string, lower: string, i: number): boolean {
  const capital = (k: number) => k >= 0 && k < c.length && c.charCodeAt(k) !== lower.charCodeAt(k);
  return capital(i - 1) && capital(i + 1);
}

/**
 * A run of letters (lower-cased), and its part before the first capital after a character that is no capital, if
 * any: where a join may have glued the next block's first word on. (A capital after a digit or a letter without
 * case cuts too: one candidate more, never one less.)
 */
function words(run: string): string[] {
  const lower = run.toLowerCase();
  for (let i = 1; i < run.length; i++)
    if (run.charCodeAt(i) !== lower.charCodeAt(i) && run.charCodeAt(i - 1) === lower.charCodeAt(i - 1))
      return [lower, lower.slice(0, i)];
  return [lower];
}

/**
 * The set of a text's units, folded onto 32 bits. A unit of one text in none of the other's buckets must be an
 * edit (an insertion or a substitution puts one unit in, a swap none), so two texts whose sets differ in more
 * buckets than the edits allowed are further apart: a test far cheaper than the distance, which most candidates fail.
 */
function letters(text: string): number {
  let set = 0;
  for (let i = 0; i < text.length; i++) set |= 1 << (text.charCodeAt(i) & 31);
  return set;
}

function within(word: string, targets: Targets): boolean {
  if (word.length < targets.shortest || word.length > targets.longest) return false;
  const set = letters(word);
  for (let i = 0; i < targets.list.length; i++) {
    const t = targets.list[i] as NearTarget;
    const edits = t[1];
    const other = targets.sets[i] as number;
    if (popcount(set & ~other) > edits || popcount(other & ~set) > edits) continue;
    if (near(word, t)) return true;
  }
  return false;
}

/**
 * Whether `word` is within the target's edits, and not what the matcher takes for another form of the name
 * ("Russian" for "Russia": letters added at the end). That test is made only where the coarse forms are the
 * matcher's own (plain ASCII); elsewhere a coarse letter may stand for two of the matcher's.
 */
function near(word: string, [target, edits]: NearTarget): boolean {
  if (Math.abs(word.length - target.length) > edits) return false;
  if (boundedOsa(word, target, edits) > edits) return false;
  return !(ASCII.test(word) && ASCII.test(target) && otherForm(word, target));
}

/**
 * The first look the background bundles (`#first-look`, written by the build), or null when the build wrote none (a
 * knowledge base too large for it). Throws when the text is not a first look.
 */
export function readLook(json: string): FirstLook | null {
  const data = JSON.parse(json) as unknown;
  if (data === null) return null;
  const d = data as Partial<LookData>;
  if (
    typeof d.exact !== 'string' ||
    typeof d.cased !== 'string' ||
    !Array.isArray(d.starts) ||
    d.starts.length !== 2 ||
    !d.starts.every((x: unknown) => typeof x === 'string') ||
    typeof d.reach !== 'number' ||
    !Array.isArray(d.near) ||
    !d.near.every(
      (t: unknown) =>
        Array.isArray(t) &&
        t.length === 2 &&
        typeof t[0] === 'string' &&
        t[0].length > 0 &&
        typeof t[1] === 'number',
    )
  )
    throw new Error('first look malformed (#first-look, written by lookJson)');
  return new FirstLook(d as LookData);
}
