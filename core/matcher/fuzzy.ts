/**
 * Near-miss spellings: "Lukaschenko", "Loukachenko", "Kolesnikowa" — transliterations nobody declared.
 *
 * Precision over recall: a word is a near miss of a name only when it is close to exactly one entity that
 * allows fuzzy matching and no other entity's name is as close. Distances are optimal-string-alignment
 * Damerau–Levenshtein (a swap of neighbours counts 1) and tight: 1 edit for names of 6–8 letters, 2 from 9.
 * Shorter names are never fuzzy: at 5 letters one edit already reaches ordinary words ("Sochi" / "Sachi").
 *
 * Lookup cost does not grow with every name: keys are bucketed by first letter and length (a candidate of
 * length L only meets keys of L±2 with its first letter), and a 32-bit letter-set signature rejects most keys
 * in the bucket with one XOR before any distance is computed (each edit changes at most two bits).
 */

export interface FuzzyKey {
  text: string;
  mask: number;
  entity: number;
  /** Whether this key may produce a fuzzy match (its entity allows it); other keys only veto. */
  target: boolean;
}

/** Edits allowed to reach a target of this length. */
export function targetDistance(len: number): number {
  return len >= 9 ? 2 : len >= 6 ? 1 : 0;
}

/** Edits within which any declared name vetoes a fuzzy match (it is "a known other name"). */
function vetoDistance(len: number): number {
  return len >= 9 ? 2 : len >= 4 ? 1 : 0;
}

function signature(s: string): number {
  let m = 0;
  for (let i = 0; i < s.length; i++) m |= 1 << (Math.imul(s.charCodeAt(i), 0x9e3779b1) >>> 27);
  return m;
}

function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) as number;
}

// Scratch rows reused across calls; names are short, so three rows of 64 cover them (longer ones grow).
let rowA = new Int32Array(64);
let rowB = new Int32Array(64);
let rowC = new Int32Array(64);

/** Optimal string alignment distance, or `max + 1` as soon as it must exceed `max`. */
export function boundedOsa(a: string, b: string, max: number): number {
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > max) return max + 1;
  if (lb + 1 > rowA.length) {
    rowA = new Int32Array(lb + 1);
    rowB = new Int32Array(lb + 1);
    rowC = new Int32Array(lb + 1);
  }
  let prev2 = rowA;
  let prev = rowB;
  let cur = rowC;
  for (let j = 0; j <= lb; j++) prev[j] = j;
  for (let i = 1; i <= la; i++) {
    cur[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= lb; j++) {
      const bj = b.charCodeAt(j - 1);
      const cost = ai === bj ? 0 : 1;
      let v = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) {
        v = Math.min(v, (prev2[j - 2] as number) + 1);
      }
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return prev[lb] as number;
}

export class FuzzyIndex {
  private readonly buckets = new Map<number, FuzzyKey[]>();
  private hasTargets = false;

  add(text: string, entity: number, target: boolean): void {
    if (text.length < 4) return;
    const k = bucketKey(text.charCodeAt(0), text.length);
    let b = this.buckets.get(k);
    if (b === undefined) {
      b = [];
      this.buckets.set(k, b);
    }
    b.push({ text, mask: signature(text), entity, target });
    if (target) this.hasTargets = true;
  }

  get empty(): boolean {
    return !this.hasTargets;
  }

  /** The entity index `word` (folded) is a near miss of, or -1. */
  lookup(word: string): number {
    const L = word.length;
    if (L < 5) return -1;
    const first = word.charCodeAt(0);
    const mask = signature(word);
    // Near keys are few (usually none), so collect them and decide afterwards.
    const near: { entity: number; d: number; target: boolean }[] = [];
    for (let len = L - 2; len <= L + 2; len++) {
      const diff = Math.abs(len - L);
      const vMax = vetoDistance(len);
      const tMax = targetDistance(len);
      if (diff > Math.max(vMax, tMax)) continue;
      const bucket = this.buckets.get(bucketKey(first, len));
      if (bucket === undefined) continue;
      for (const key of bucket) {
        const max = key.target ? Math.max(tMax, vMax) : vMax;
        if (popcount(mask ^ key.mask) > 2 * max) continue;
        const d = boundedOsa(word, key.text, max);
        if (d > max) continue;
        if (otherForm(word, key.text)) return -1;
        near.push({ entity: key.entity, d, target: key.target && d <= tMax });
      }
    }
    let bestD = 3;
    let best = -1;
    for (const n of near) {
      if (n.target && n.d < bestD) {
        bestD = n.d;
        best = n.entity;
      }
    }
    // Exact (d = 0) cannot be a near miss: the word was a declared name that the exact pass rejected on
    // purpose (wrong case for an acronym, inside a notIn phrase).
    if (best === -1 || bestD === 0) return -1;
    for (const n of near) if (n.entity !== best && n.d <= bestD) return -1;
    return best;
  }
}

const FEMININE_END = /[aая]$/;
const NEUTRAL_END = /[oeое]$/;

/**
 * Whether `word` is another form of the name `key` rather than a misspelling of it: letters only added or
 * dropped at the end ("Kolesnikov" is a different person from "Kolesnikova", "Lukashenkos" a family), or the
 * endings differ in grammatical gender (Slavic surnames: "Tikhanovsky" is her husband, not
 * "Tikhanovskaya"). Such a word matches nothing, even if it is near yet another name. This also rejects
 * Russian oblique cases ("Тихановской"); declare them with `suffixes` or as variants when they matter.
 */
export function otherForm(word: string, key: string): boolean {
  if (word.startsWith(key) || key.startsWith(word)) return true;
  let p = 0;
  while (p < word.length && p < key.length && word.charCodeAt(p) === key.charCodeAt(p)) p++;
  const a = word.slice(p);
  const b = key.slice(p);
  // Only a difference confined to the ending is grammatical; "-enko"/"-enka" is transliteration, not gender.
  if (a.length > 3 || b.length > 3 || NEUTRAL_END.test(a) || NEUTRAL_END.test(b)) return false;
  return FEMININE_END.test(a) !== FEMININE_END.test(b);
}

function bucketKey(first: number, len: number): number {
  return first * 256 + Math.min(len, 255);
}
