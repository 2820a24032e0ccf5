/**
 * Text normalisation for name matching, with a map back to the original offsets.
 *
 * Pages write the same name many ways: "Lukashenko" and "LUKASHENKO", "Alexander\u00A0Lukashenko", a soft
 * hyphen the CMS inserted for line breaking, NFD accents from a macOS copy-paste. The matcher compares names in
 * one normalised form and reports offsets into the text it was given, so normalisation emits, for every
 * normalised code unit, where it came from.
 *
 * Rules (names are normalised by the same function, so both sides agree):
 * - case folding with `toLowerCase` (works for Cyrillic; `cased` keeps the case for acronym checks);
 * - Latin (and every non-Cyrillic) letters lose their accents: NFD, nonspacing marks dropped ("é" → "e");
 * - Cyrillic is composed instead (NFC), because "й" and "ў" are letters of their own, not "и"/"у" with an
 *   accent; "ё" folds to "е" since Russian print usually writes "е" for it;
 * - every run of whitespace (incl. U+00A0, U+202F, line breaks) becomes one space;
 * - soft hyphens and zero-width characters vanish;
 * - curly/modifier apostrophes become "'" and Unicode hyphens "-", so possessives and "O’Brien" look alike.
 *
 * Output is in UTF-16 code units, one per input character except where folding expands ("ß" → "ss");
 * characters outside the BMP become one placeholder unit (letter or non-letter), so no surrogate halves
 * ever reach the matcher.
 */

import { APOSTROPHES, EXTRA_FOLD, HYPHENS, IGNORABLE } from './fold-rules';

export interface NormalizedText {
  /** Number of normalised code units (the arrays may be longer). */
  length: number;
  /** Case-folded, accent-stripped, whitespace-collapsed. */
  folded: Uint16Array;
  /** Same shape as `folded` but with the original case (for acronyms and case-sensitive names). */
  cased: Uint16Array;
  /** `start[i]`: offset in the original string of the character that produced normalised unit i. */
  start: Int32Array;
  /**
   * Number of units whose `cased` value came from composing NFD Cyrillic ("и" + U+0306); 0 on most pages.
   * (Informational: `cased` already holds the composed value.)
   */
  composed: number;
}
// Where a unit's original span ends (after trailing combining marks, or the whole whitespace run) is derived
// on demand by `unitEnd` from `start` and the text: the matcher needs it only for the last unit of a mention,
// so the scan does not write a fourth array per character.

/** Placeholders for astral code points: one unit each, so word boundaries stay right. */
const ASTRAL_WORD = 0xe000;
const ASTRAL_OTHER = 0xe001;

// Per BMP code unit: 0 not yet classified, then one of the kinds below. Filled lazily because classifying
// all 65,536 units with Unicode regexps at load would cost every page's start-up several milliseconds.
const KIND_UNKNOWN = 0;
const KIND_SINGLE = 1; // folds to exactly one unit (FOLD_F / FOLD_C)
const KIND_MULTI = 2; // folds to several units (MULTI)
const KIND_SPACE = 3;
const KIND_IGNORABLE = 4;
const KIND_MARK = 5; // nonspacing combining mark
const KIND_SURROGATE = 6; // half of a pair (one astral placeholder unit) or a lone surrogate (one unit)
const KIND = new Uint8Array(0x10000);
KIND.fill(KIND_SURROGATE, 0xd800, 0xe000);
const FOLD_F = new Uint16Array(0x10000);
const FOLD_C = new Uint16Array(0x10000);
const MULTI = new Map<number, { f: string; c: string }>();
const CYRILLIC = new Uint8Array(0x10000); // 1 when the unit is a Cyrillic letter (composition applies)

const RE_SPACE = /^\s$/u;
const RE_MARK = /^\p{Mn}$/u;
const RE_CYRILLIC = /^\p{Script=Cyrillic}$/u;
const RE_WORD = /^[\p{L}\p{N}\p{M}]$/u;
const RE_MN_ALL = /\p{Mn}/gu;

function foldString(s: string, cyrillic: boolean): { f: string; c: string } {
  const c = cyrillic ? s.normalize('NFC') : s.normalize('NFD').replace(RE_MN_ALL, '');
  let f = c.toLowerCase();
  const extra = EXTRA_FOLD[f];
  if (extra !== undefined) f = extra;
  // `cased` must line up unit for unit with `folded`; where folding changed the length, the folded form is
  // the best case-preserving stand-in (only exotic letters like "ß" get here).
  return { f, c: c.length === f.length ? c : f };
}

function classify(u: number): void {
  const s = String.fromCharCode(u);
  if (IGNORABLE.has(u)) KIND[u] = KIND_IGNORABLE;
  else if (RE_SPACE.test(s)) KIND[u] = KIND_SPACE;
  else if (RE_MARK.test(s)) KIND[u] = KIND_MARK;
  else if (APOSTROPHES.has(u)) {
    KIND[u] = KIND_SINGLE;
    FOLD_F[u] = 0x27;
    FOLD_C[u] = 0x27;
  } else if (HYPHENS.has(u)) {
    KIND[u] = KIND_SINGLE;
    FOLD_F[u] = 0x2d;
    FOLD_C[u] = 0x2d;
  } else {
    const cyr = RE_CYRILLIC.test(s);
    if (cyr) CYRILLIC[u] = 1;
    const { f, c } = foldString(s, cyr);
    if (f.length === 1) {
      KIND[u] = KIND_SINGLE;
      FOLD_F[u] = f.charCodeAt(0);
      FOLD_C[u] = c.charCodeAt(0);
    } else if (f.length === 0) {
      KIND[u] = KIND_IGNORABLE;
    } else {
      KIND[u] = KIND_MULTI;
      MULTI.set(u, { f, c });
    }
  }
}

// ASCII eagerly: it is most of every news page.
for (let u = 0; u < 128; u++) {
  if (u === 9 || u === 10 || u === 11 || u === 12 || u === 13 || u === 32) KIND[u] = KIND_SPACE;
  else {
    KIND[u] = KIND_SINGLE;
    FOLD_F[u] = u >= 65 && u <= 90 ? u + 32 : u;
    FOLD_C[u] = u;
  }
}

// 0 unknown, 1 word character (\p{L}\p{N}\p{M}), 2 not.
const WORD = new Uint8Array(0x10000);
WORD[ASTRAL_WORD] = 1;
WORD[ASTRAL_OTHER] = 2;

/**
 * Whether a normalised code unit is part of a word. JavaScript's `\b` knows only ASCII, so Cyrillic names
 * need this instead.
 */
export function isWordUnit(u: number): boolean {
  let w = WORD[u];
  if (w === 0) {
    w = RE_WORD.test(String.fromCharCode(u)) ? 1 : 2;
    WORD[u] = w;
  }
  return w === 1;
}

/** Whether a code unit is an uppercase or titlecase letter after normalisation. */
export function isUpperUnit(folded: number, cased: number): boolean {
  return folded !== cased;
}

function allocate(cap: number): NormalizedText {
  return {
    length: 0,
    folded: new Uint16Array(cap),
    cased: new Uint16Array(cap),
    start: new Int32Array(cap),
    composed: 0,
  };
}

function grown(nt: NormalizedText, cap: number): NormalizedText {
  const g = allocate(cap);
  g.folded.set(nt.folded);
  g.cased.set(nt.cased);
  g.start.set(nt.start);
  return g;
}

/**
 * Normalises `text` and records, for every normalised unit, the original span it came from.
 *
 * `reuse`: a previous result whose arrays may be overwritten (the matcher keeps one, so scanning a page does
 * not allocate and zero four text-sized arrays per call). The returned object may or may not be `reuse`.
 */
export function normalizeText(text: string, reuse?: NormalizedText): NormalizedText {
  const n = text.length;
  // Every input unit yields at most one output unit except multi-unit folds ("ß" → "ss"), which check for
  // room themselves; so n units of capacity suffice on the hot path and no bounds check runs per character.
  let nt = reuse !== undefined && reuse.folded.length >= n ? reuse : allocate(n + 16);
  let folded = nt.folded;
  let cased = nt.cased;
  let start = nt.start;
  let len = 0;
  let composed = 0;
  // Where the last emitted letter came from, for composing NFD Cyrillic ("и" + U+0306 → "й") and for telling
  // whether a combining mark belongs to a character (-1 after a space, an astral or multi-unit character).
  let lastBaseAt = -1;
  // Whether the last emitted unit is a space: whitespace runs collapse into it.
  let inSpace = false;

  let i = 0;
  while (i < n) {
    const u = text.charCodeAt(i);
    let kind = KIND[u] as number;
    if (kind === KIND_SINGLE) {
      // The hot path: ASCII and every classified BMP letter or sign that folds to one unit.
      folded[len] = FOLD_F[u] as number;
      cased[len] = FOLD_C[u] as number;
      start[len] = i;
      len++;
      // Marks after it are its accents: dropped (or composed, for Cyrillic) but part of its span.
      lastBaseAt = i;
      inSpace = false;
      i++;
      continue;
    }
    if (kind === KIND_SPACE) {
      if (!inSpace) {
        folded[len] = 0x20;
        cased[len] = 0x20;
        start[len] = i;
        len++;
        inSpace = true;
      }
      lastBaseAt = -1;
      i++;
      continue;
    }
    if (kind === KIND_UNKNOWN) {
      classify(u);
      kind = KIND[u] as number;
    }
    switch (kind) {
      case KIND_SINGLE:
        folded[len] = FOLD_F[u] as number;
        cased[len] = FOLD_C[u] as number;
        start[len] = i;
        len++;
        lastBaseAt = i;
        inSpace = false;
        break;
      case KIND_SPACE:
        if (!inSpace) {
          folded[len] = 0x20;
          cased[len] = 0x20;
          start[len] = i;
          len++;
          inSpace = true;
        }
        lastBaseAt = -1;
        break;
      case KIND_IGNORABLE:
        break;
      case KIND_MARK:
        if (lastBaseAt >= 0 && CYRILLIC[text.charCodeAt(lastBaseAt)] === 1) {
          // Compose so that NFD "и\u0306" and NFC "й" fold alike.
          const composedText = text.slice(lastBaseAt, i + 1).normalize('NFC');
          if (composedText.length === 1) {
            const { f, c } = foldString(composedText, true);
            if (f.length === 1) {
              folded[len - 1] = f.charCodeAt(0);
              cased[len - 1] = c.charCodeAt(0);
              composed++;
            }
          }
        }
        // A mark with no letter before it (after a space, at the start) is dropped; otherwise it extends the
        // letter's span (see unitEnd).
        break;
      case KIND_SURROGATE: {
        if (u <= 0xdbff && i + 1 < n) {
          const lo = text.charCodeAt(i + 1);
          if (lo >= 0xdc00 && lo <= 0xdfff) {
            // Astral code point: one placeholder unit.
            const ph = astralUnit(text.codePointAt(i) as number);
            if (ph !== 0x20 || !inSpace) {
              folded[len] = ph;
              cased[len] = ph;
              start[len] = i;
              len++;
              inSpace = ph === 0x20;
            }
            lastBaseAt = -1;
            i += 2;
            continue;
          }
        }
        // A lone surrogate: one non-letter unit; like a letter, marks after it belong to it.
        folded[len] = ASTRAL_OTHER;
        cased[len] = ASTRAL_OTHER;
        start[len] = i;
        len++;
        lastBaseAt = i;
        inSpace = false;
        break;
      }
      default: {
        const m = MULTI.get(u) as { f: string; c: string };
        if (len + m.f.length + (n - i) > folded.length) {
          nt = grown(nt, 2 * (len + m.f.length + (n - i)));
          folded = nt.folded;
          cased = nt.cased;
          start = nt.start;
        }
        for (let k = 0; k < m.f.length; k++) {
          folded[len] = m.f.charCodeAt(k);
          cased[len] = m.c.charCodeAt(k);
          start[len] = i;
          len++;
        }
        inSpace = m.f.charCodeAt(m.f.length - 1) === 0x20;
        lastBaseAt = -1;
      }
    }
    i++;
  }
  nt.length = len;
  nt.composed = composed;
  return nt;
}

/**
 * The offset just after the original span of normalised unit `k` of `nt` (a result of `normalizeText(text)`):
 * the character itself plus the combining marks that followed it (soft hyphens and zero-width characters
 * between them included), or the whole whitespace run for a space.
 */
export function unitEnd(text: string, nt: NormalizedText, k: number): number {
  const s = nt.start[k] as number;
  const n = text.length;
  const u = text.charCodeAt(s);
  const kind = KIND[u] as number;
  if (kind === KIND_MULTI) return s + 1;
  let e = s + 1;
  if (kind === KIND_SURROGATE && u <= 0xdbff && s + 1 < n) {
    const lo = text.charCodeAt(s + 1);
    if (lo >= 0xdc00 && lo <= 0xdfff) {
      if (nt.folded[k] !== 0x20) return s + 2; // marks after an astral character are not its own
      e = s + 2;
    }
  }
  if (nt.folded[k] === 0x20) {
    // A whitespace run: every later space (BMP or astral) until the next unit; ignorables and stray marks
    // in between are skipped without ending the run.
    let j = e;
    while (j < n) {
      const c = text.charCodeAt(j);
      const ck = KIND[c] as number;
      if (ck === KIND_SPACE) e = ++j;
      else if (ck === KIND_IGNORABLE || ck === KIND_MARK) j++;
      else if (ck === KIND_SURROGATE && c <= 0xdbff && j + 1 < n && isLowSurrogate(text.charCodeAt(j + 1))) {
        if (astralUnit(text.codePointAt(j) as number) !== 0x20) break;
        j += 2;
        e = j;
      } else break;
    }
    return e;
  }
  // A letter or sign: extend over its combining marks (ignorables between them do not end it).
  let j = e;
  while (j < n) {
    const ck = KIND[text.charCodeAt(j)] as number;
    if (ck === KIND_MARK) e = ++j;
    else if (ck === KIND_IGNORABLE) j++;
    else break;
  }
  return e;
}

function isLowSurrogate(u: number): boolean {
  return u >= 0xdc00 && u <= 0xdfff;
}

const ASTRAL = new Map<number, number>();
function astralUnit(cp: number): number {
  let ph = ASTRAL.get(cp);
  if (ph === undefined) {
    const s = String.fromCodePoint(cp);
    ph = RE_WORD.test(s) ? ASTRAL_WORD : /\s/u.test(s) ? 0x20 : ASTRAL_OTHER;
    ASTRAL.set(cp, ph);
  }
  return ph;
}

function unitsToString(a: Uint16Array, from: number, to: number): string {
  let s = '';
  if (to - from <= 8192) {
    // Typed arrays are valid `apply` arguments; the result is a flat string (a += loop builds a rope, which
    // every later Map lookup and charCodeAt has to flatten).
    return String.fromCharCode.apply(null, a.subarray(from, to) as unknown as number[]);
  }
  // Chunked because String.fromCharCode(...bigArray) overflows the call stack past ~100k arguments.
  for (let k = from; k < to; k += 8192) {
    s += String.fromCharCode.apply(null, a.subarray(k, Math.min(to, k + 8192)) as unknown as number[]);
  }
  return s;
}

/** A short string (a name) in both normalised forms, trimmed of surrounding whitespace. */
let nameScratch: NormalizedText | undefined;

export function normalizeName(name: string): { folded: string; cased: string } {
  // Fast path for ASCII names (most of every knowledge base): ASCII other than tabs and line breaks, with
  // single inner spaces, normalises to their lower case, unit for unit, so the string functions give the same result.
  const n = name.length;
  let plain = n > 0 && name.charCodeAt(0) !== 0x20 && name.charCodeAt(n - 1) !== 0x20;
  for (let k = 0; plain && k < n; k++) {
    const u = name.charCodeAt(k);
    if (u > 0x7f || (u >= 9 && u <= 13) || (u === 0x20 && name.charCodeAt(k + 1) === 0x20)) plain = false;
  }
  if (plain) return { folded: name.toLowerCase(), cased: name };
  const nt = normalizeText(name, nameScratch);
  nameScratch = nt;
  let a = 0;
  let b = nt.length;
  while (a < b && nt.folded[a] === 0x20) a++;
  while (b > a && nt.folded[b - 1] === 0x20) b--;
  return { folded: unitsToString(nt.folded, a, b), cased: unitsToString(nt.cased, a, b) };
}

/** Case- and accent-insensitive comparison key for a name (for search and dedupe elsewhere). */
export function foldForCompare(s: string): string {
  return normalizeName(s).folded;
}

export { unitsToString };
