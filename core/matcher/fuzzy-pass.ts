/** Near misses: capitalised words the exact scan left over, looked up in the fuzzy indexes. */
import { type NormalizedText, unitEnd, unitsToString } from '../text/normalize';
import type { FuzzyIndex } from './fuzzy';
import type { Mention, TextList } from './types';
import { wordAt } from './words';

const MAX_FUZZY_CACHE = 20_000;

/**
 * Fuzzy results per distinct word, kept across calls (a content script calls match() per text run, and news
 * pages repeat their capitalised words). Keyed by a hash of the word's units so that a repeated word costs
 * no string: the stored word is compared unit by unit before its result is trusted.
 */
export class FuzzyCache {
  private readonly map = new Map<number, { word: string; result: number }>();

  lookup(index: FuzzyIndex, F: Uint16Array, from: number, to: number): number {
    if (!index.mayMatch(F[from] as number, to - from)) return -1;
    let h = 0x811c9dc5;
    for (let k = from; k < to; k++) h = Math.imul(h ^ (F[k] as number), 0x01000193);
    const hit = this.map.get(h);
    if (hit !== undefined && sameUnits(hit.word, F, from, to)) return hit.result;
    const word = unitsToString(F, from, to);
    const result = index.lookup(word);
    if (this.map.size >= MAX_FUZZY_CACHE) this.map.clear();
    this.map.set(h, { word, result });
    return result;
  }
}

function sameUnits(word: string, F: Uint16Array, from: number, to: number): boolean {
  if (word.length !== to - from) return false;
  for (let k = 0; k < word.length; k++) if (word.charCodeAt(k) !== F[from + k]) return false;
  return true;
}

/** Where the word starting at `from` ends. */
export function wordEnd(F: Uint16Array, N: number, from: number): number {
  let j = from;
  while (j < N && wordAt(F[j] as number)) j++;
  return j;
}

function hasDigit(F: Uint16Array, from: number, to: number): boolean {
  for (let k = from; k < to; k++) {
    const u = F[k] as number;
    if (u >= 0x30 && u <= 0x39) return true;
  }
  return false;
}

export function fuzzyPass(
  text: string,
  nt: NormalizedText,
  candidates: Int32Array,
  nCand: number,
  one: FuzzyIndex,
  two: FuzzyIndex,
  cache: FuzzyCache,
  ids: TextList,
  /** Receives the entity number of each mention returned, in order. */
  entities: number[],
): Mention[] {
  const F = nt.folded;
  const N = nt.length;
  const found: Mention[] = [];
  for (let c = 0; c < nCand; c++) {
    const s1 = candidates[c] as number;
    const e1 = wordEnd(F, N, s1);
    if (hasDigit(F, s1, e1)) continue;
    // Two capitalised words in a row ("Sviatlana Tsichanouskaja") may be a near miss of a full name.
    const s2 = c + 1 < nCand ? (candidates[c + 1] as number) : -1;
    if (!two.empty && s2 === e1 + 1 && F[e1] === 0x20) {
      const e2 = wordEnd(F, N, s2);
      if (!hasDigit(F, s2, e2)) {
        const r = cache.lookup(two, F, s1, e2);
        if (r >= 0) {
          found.push({
            entity: ids.at(r) as string,
            start: nt.start[s1] as number,
            end: unitEnd(text, nt, e2 - 1),
            fuzzy: true,
          });
          entities.push(r);
          c++;
          continue;
        }
      }
    }
    if (one.empty || e1 - s1 < 5) continue;
    const r = cache.lookup(one, F, s1, e1);
    if (r >= 0) {
      found.push({
        entity: ids.at(r) as string,
        start: nt.start[s1] as number,
        end: unitEnd(text, nt, e1 - 1),
        fuzzy: true,
      });
      entities.push(r);
    }
  }
  return found;
}

export function mergeSorted(a: Mention[], b: Mention[]): Mention[] {
  const out: Mention[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if ((a[i] as Mention).start <= (b[j] as Mention).start) out.push(a[i++] as Mention);
    else out.push(b[j++] as Mention);
  }
  while (i < a.length) out.push(a[i++] as Mention);
  while (j < b.length) out.push(b[j++] as Mention);
  return out;
}
