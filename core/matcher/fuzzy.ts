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

/**
 * Whether a target key of length `len` could be a near miss of a word of length `L`: its distance is at least
 * the length difference and must not exceed `targetDistance(len)`; below 6 letters that is 0, and an exact
 * hit is never a near miss.
 */
function targetReaches(len: number, L: number): boolean {
  const t = targetDistance(len);
  return t > 0 && Math.abs(len - L) <= t;
}

/** Letters hash into this many groups for the count filter (grouping can only shrink differences: safe). */
const HIST_GROUPS = 16;

/** Adds the letter-group counts of `s` into `into[at … at + HIST_GROUPS)`, saturating at 255. */
function histogram(s: string, into: Uint8Array, at: number): void {
  for (let i = 0; i < s.length; i++) {
    const g = at + (Math.imul(s.charCodeAt(i), 0x2c1b3c6d) >>> 28);
    const c = into[g] as number;
    if (c < 255) into[g] = c + 1;
  }
}

export function popcount(x: number): number {
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

/**
 * Keys are collected by `add` (cheap: a reference to the folded name and two numbers) and sorted into flat
 * bucket arrays only on the first `lookup`, so compiling a matcher does not pay for fuzzy matching that a page
 * may never need. `mayMatch` answers from a per-first-letter bit set of target lengths, without the index.
 */
export class FuzzyIndex {
  private readonly texts: string[] = [];
  private readonly entities: number[] = [];
  private readonly targets: boolean[] = [];
  /**
   * First letter → bit `len` set when a target key of that length (< 31) exists; bit 31 for longer ones.
   * Made on the first `mayMatch`.
   */
  private targetLens: Map<number, number> | null = null;
  private hasTargets = false;
  // Built on first lookup: keys grouped by bucket; bucket key → bucket b, whose keys are [bFrom[b], bTo[b]).
  private buckets: Map<number, number> | null = null;
  private bFrom: Int32Array = new Int32Array(0);
  private bTo: Int32Array = new Int32Array(0);
  private kText: string[] = [];
  private kMask: Int32Array = new Int32Array(0);
  private kEntity: Int32Array = new Int32Array(0);
  private kTarget: Uint8Array = new Uint8Array(0);
  /** Per key, HIST_GROUPS letter counts (see `histogram`). */
  private kHist: Uint8Array = new Uint8Array(0);
  private readonly wordHist = new Uint8Array(HIST_GROUPS);
  // Near keys of the current lookup (few; usually none).
  private nearEntity: number[] = [];
  private nearD: number[] = [];
  private nearTarget: boolean[] = [];

  /** First words of the two-word keys, per entity (`givenName`), made on first use. */
  private given: Map<number, string[]> | null = null;

  /** For a lazy matcher: adds the keys (see `preset`); run once, before the first lookup needs them. */
  private pending: (() => void) | null = null;

  /**
   * Makes a lazy matcher's index: `mayMatch` and `empty` answer from `lengths` and `hasTargets` (as
   * `targetLengths()` and `empty` gave them for all the names at build time), and `fill` adds the keys not
   * added yet only when the first lookup needs them.
   */
  preset(lengths: readonly (readonly [number, number])[], hasTargets: boolean, fill: () => void): void {
    this.targetLens = new Map(lengths.map(([first, bits]) => [first, bits]));
    this.hasTargets = hasTargets;
    this.pending = fill;
  }

  /** First letter → target-length bits (what `mayMatch` reads), shipped with a lazy matcher's names. */
  targetLengths(): [number, number][] {
    return [...(this.targetLens ?? this.lengths())];
  }

  add(text: string, entity: number, target: boolean): void {
    if (text.length < 4) return;
    this.texts.push(text);
    this.entities.push(entity);
    this.targets.push(target);
    if (target) this.hasTargets = true;
  }

  /**
   * Whether the folded `word` is the first word of one of entity `e`'s two-word names, or that word with an
   * ending of up to three letters ("владимиром" for "владимир"): one of the person's own given names. Reads every
   * key; for the rare surname that follows a capitalised word.
   */
  givenName(word: string, e: number): boolean {
    if (this.given === null) {
      const fill = this.pending;
      if (fill !== null) {
        this.pending = null;
        fill();
      }
      const given = new Map<number, string[]>();
      const { texts, entities } = this;
      for (let k = 0; k < texts.length; k++) {
        const text = texts[k] as string;
        const space = text.indexOf(' ');
        if (space <= 0) continue;
        const list = given.get(entities[k] as number);
        if (list === undefined) given.set(entities[k] as number, [text.slice(0, space)]);
        else list.push(text.slice(0, space));
      }
      this.given = given;
    }
    for (const first of this.given.get(e) ?? [])
      if (word.startsWith(first) && word.length - first.length <= 3) return true;
    return false;
  }

  get empty(): boolean {
    return !this.hasTargets;
  }

  /**
   * False when no target key can be a near miss of a word of length `L` starting with `first`, so that
   * `lookup` would return -1: no string, signature or distance needed. True means "look it up".
   */
  mayMatch(first: number, L: number): boolean {
    if (L < 5) return false;
    const bits = (this.targetLens ?? this.lengths()).get(first);
    if (bits === undefined) return false;
    if (L + 2 >= 31) return true;
    for (let len = L - 2; len <= L + 2; len++)
      if ((bits & (1 << len)) !== 0 && targetReaches(len, L)) return true;
    return false;
  }

  private lengths(): Map<number, number> {
    const lens = new Map<number, number>();
    for (let k = 0; k < this.texts.length; k++) {
      if (!this.targets[k]) continue;
      const text = this.texts[k] as string;
      const first = text.charCodeAt(0);
      const bit = text.length < 31 ? 1 << text.length : 1 << 31;
      lens.set(first, (lens.get(first) ?? 0) | bit);
    }
    this.targetLens = lens;
    return lens;
  }

  private build(): Map<number, number> {
    const fill = this.pending;
    if (fill !== null) {
      this.pending = null;
      fill();
    }
    const n = this.texts.length;
    const keyOf = new Int32Array(n);
    const counts = new Map<number, number>();
    for (let k = 0; k < n; k++) {
      const t = this.texts[k] as string;
      const b = bucketKey(t.charCodeAt(0), t.length);
      keyOf[k] = b;
      counts.set(b, (counts.get(b) ?? 0) + 1);
    }
    // Counting sort by bucket (stable: keys keep their declaration order within a bucket).
    const from = new Map<number, number>();
    const buckets = new Map<number, number>();
    this.bFrom = new Int32Array(counts.size);
    this.bTo = new Int32Array(counts.size);
    let at = 0;
    for (const [b, c] of counts) {
      from.set(b, at);
      this.bFrom[buckets.size] = at;
      this.bTo[buckets.size] = at + c;
      buckets.set(b, buckets.size);
      at += c;
    }
    this.kText = new Array<string>(n);
    this.kMask = new Int32Array(n);
    this.kEntity = new Int32Array(n);
    this.kTarget = new Uint8Array(n);
    this.kHist = new Uint8Array(n * HIST_GROUPS);
    for (let k = 0; k < n; k++) {
      const b = keyOf[k] as number;
      const i = from.get(b) as number;
      from.set(b, i + 1);
      const t = this.texts[k] as string;
      this.kText[i] = t;
      this.kMask[i] = signature(t);
      this.kEntity[i] = this.entities[k] as number;
      this.kTarget[i] = this.targets[k] ? 1 : 0;
      histogram(t, this.kHist, i * HIST_GROUPS);
    }
    this.buckets = buckets;
    return buckets;
  }

  /** The entity index `word` (folded) is a near miss of, or -1. */
  lookup(word: string): number {
    const L = word.length;
    if (L < 5) return -1;
    const buckets = this.buckets ?? this.build();
    const first = word.charCodeAt(0);
    const mask = signature(word);
    const wh = this.wordHist;
    wh.fill(0);
    histogram(word, wh, 0);
    const kHist = this.kHist;
    const kText = this.kText;
    const kMask = this.kMask;
    const kEntity = this.kEntity;
    const kTarget = this.kTarget;
    const nearEntity = this.nearEntity;
    const nearD = this.nearD;
    const nearTarget = this.nearTarget;
    nearEntity.length = 0;
    nearD.length = 0;
    nearTarget.length = 0;
    for (let len = L - 2; len <= L + 2; len++) {
      const diff = Math.abs(len - L);
      const vMax = vetoDistance(len);
      const tMax = targetDistance(len);
      if (diff > Math.max(vMax, tMax)) continue;
      const b = buckets.get(bucketKey(first, len));
      if (b === undefined) continue;
      const lo = this.bFrom[b] as number;
      const hi = this.bTo[b] as number;
      const tBits = 2 * Math.max(tMax, vMax);
      const vBits = 2 * vMax;
      for (let k = lo; k < hi; k++) {
        const target = kTarget[k] === 1;
        if (popcount(mask ^ (kMask[k] as number)) > (target ? tBits : vBits)) continue;
        const max = target ? Math.max(tMax, vMax) : vMax;
        // Letter counts: an edit changes them by at most 2 in total (a swap by 0), so more than 2 per allowed
        // edit rules the key out. Cheaper than the distance, and strong where the letter-set bits are not
        // (names over a small alphabet set most of the same bits).
        let l1 = 0;
        const lim = 2 * max;
        for (let g = 0, at = k * HIST_GROUPS; g < HIST_GROUPS && l1 <= lim; g++, at++) {
          const x = (wh[g] as number) - (kHist[at] as number);
          l1 += x < 0 ? -x : x;
        }
        if (l1 > lim) continue;
        const text = kText[k] as string;
        const d = boundedOsa(word, text, max);
        if (d > max) continue;
        if (otherForm(word, text)) return -1;
        nearEntity.push(kEntity[k] as number);
        nearD.push(d);
        nearTarget.push(target && d <= tMax);
      }
    }
    let bestD = 3;
    let best = -1;
    for (let k = 0; k < nearEntity.length; k++) {
      if (nearTarget[k] === true && (nearD[k] as number) < bestD) {
        bestD = nearD[k] as number;
        best = nearEntity[k] as number;
      }
    }
    // Exact (d = 0) cannot be a near miss: the word was a declared name that the exact pass rejected on
    // purpose (wrong case for an acronym, inside a notIn phrase).
    if (best === -1 || bestD === 0) return -1;
    for (let k = 0; k < nearEntity.length; k++) {
      if (nearEntity[k] !== best && (nearD[k] as number) <= bestD) return -1;
    }
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
