/**
 * The name index: a trie over normalised (case-folded, accent-stripped) names, walked only from word starts.
 *
 * Scanning is leftmost-longest: at each word start the trie is followed as far as the text allows, and the
 * longest name that ends on a word boundary wins, so "Alexander Lukashenko" is one mention and "UN" inside "UN
 * Human Rights Council" is not a second. A `notIn` phrase is a key like any name, but it marks the span as
 * "not this entity": being longer, it swallows the name inside it. Cost per page is one pass over the text
 * plus a walk per word no longer than the longest name sharing its prefix — independent of how many names
 * there are, which is why it beats one RegExp per name (mark.js) by orders of magnitude at 10,000 entities.
 */
import {
  isWordUnit,
  type NormalizedText,
  normalizeName,
  normalizeText,
  unitsToString,
} from '../text/normalize';
import { FuzzyIndex } from './fuzzy';
import type { CompiledMatcher, MatcherEntity, MatcherSource, Mention } from './types';

interface Payload {
  entity: number;
  /** A notIn phrase of `entity`: the span is consumed and the entity is not mentioned. */
  block: boolean;
  /** For acronyms and case-sensitive names: the name in its declared case, checked unit by unit. */
  cased: string | null;
}

/**
 * A trie node. Most nodes deep in a name have one child, so that child is stored inline and a Map is made
 * only where names branch: building 30,000 names then costs a few Map allocations per name, not one per
 * letter.
 */
class TrieNode {
  key = -1;
  next: TrieNode | null = null;
  more: Map<number, TrieNode> | null = null;
  payloads: Payload[] | null = null;

  child(u: number): TrieNode | undefined {
    if (this.key === u) return this.next as TrieNode;
    return this.more === null ? undefined : this.more.get(u);
  }

  add(u: number): TrieNode {
    if (this.key === -1) {
      this.key = u;
      this.next = new TrieNode();
      return this.next;
    }
    if (this.key === u) return this.next as TrieNode;
    if (this.more === null) this.more = new Map();
    let n = this.more.get(u);
    if (n === undefined) {
      n = new TrieNode();
      this.more.set(u, n);
    }
    return n;
  }
}

/** Extra, non-contract facts about a compiled matcher (for reports, tests and the benchmark). */
export interface CompiledMatcherInfo extends CompiledMatcher {
  /** Trie nodes, a proxy for index memory. */
  readonly nodes: number;
  /** Names declared by more than one entity, with the entity that wins them (the first declared). */
  readonly conflicts: { name: string; entities: string[] }[];
}

export interface MatchOptions {
  /** Near-miss matching for entities with `fuzzy: true`; on by default. */
  fuzzy?: boolean;
}

// A name a fuzzy entity may be found by in misspelt form: its own name in one or two words, never an
// acronym or case-sensitive token (those are exact by nature).
function fuzzyEligible(entity: MatcherEntity): boolean {
  return entity.fuzzy === true && (entity.type === 'person' || entity.type === 'place');
}

const MAX_FUZZY_CACHE = 20_000;
const MAX_SCRATCH = 1 << 21;

export function compileMatcher(source: MatcherSource, options: MatchOptions = {}): CompiledMatcherInfo {
  const root = new TrieNode();
  let nodes = 1;
  const ids: string[] = [];
  const names = new Set<string>();
  const owner = new Map<string, number>();
  const conflicts = new Map<string, Set<string>>();
  const fuzzy1 = new FuzzyIndex();
  const fuzzy2 = new FuzzyIndex();

  const insert = (folded: string, payload: Payload): void => {
    let node = root;
    for (let k = 0; k < folded.length; k++) {
      const u = folded.charCodeAt(k);
      const existing = node.child(u);
      if (existing === undefined) nodes++;
      node = existing ?? node.add(u);
    }
    if (node.payloads === null) node.payloads = [];
    // One payload per (entity, block) pair and case form: duplicates only slow the terminal check. An
    // entity's names are inserted together, so its payloads at a node are the last ones: look only there
    // (a name shared by many entities would make a full scan quadratic).
    for (let k = node.payloads.length - 1; k >= 0; k--) {
      const p = node.payloads[k] as Payload;
      if (p.entity !== payload.entity) break;
      if (p.block === payload.block && p.cased === payload.cased) return;
    }
    node.payloads.push(payload);
  };

  source.entities.forEach((entity, e) => {
    ids.push(entity.id);
    const fuzzyOk = fuzzyEligible(entity);
    for (const spec of entity.names) {
      const { folded, cased } = normalizeName(spec.text);
      if (folded.length === 0) continue;
      const exactCase = spec.kind === 'acronym' || spec.caseSensitive === true;
      names.add(exactCase ? `\u0000${cased}` : folded);
      const prev = owner.get(folded);
      if (prev === undefined) owner.set(folded, e);
      else if (prev !== e && !exactCase) {
        const set = conflicts.get(folded) ?? new Set([ids[prev] as string]);
        set.add(entity.id);
        conflicts.set(folded, set);
      }
      insert(folded, { entity: e, block: false, cased: exactCase ? cased : null });
      for (const suffix of spec.suffixes ?? []) {
        const s = normalizeName(suffix);
        insert(folded + s.folded, { entity: e, block: false, cased: exactCase ? cased + s.cased : null });
      }
      if (!exactCase) {
        const space = folded.indexOf(' ');
        if (space < 0) fuzzy1.add(folded, e, fuzzyOk);
        else if (folded.indexOf(' ', space + 1) < 0) fuzzy2.add(folded, e, fuzzyOk);
      }
    }
    for (const phrase of entity.notIn ?? []) {
      const { folded } = normalizeName(phrase);
      if (folded.length > 0) insert(folded, { entity: e, block: true, cased: null });
    }
  });

  const useFuzzy = options.fuzzy !== false && !(fuzzy1.empty && fuzzy2.empty);
  // Results per distinct word survive across calls: a content script calls match() per text run, and
  // news pages repeat their capitalised words.
  const fuzzyCache = new Map<string, number>();
  const fuzzyLookup = (index: FuzzyIndex, word: string): number => {
    let r = fuzzyCache.get(word);
    if (r === undefined) {
      r = index.lookup(word);
      if (fuzzyCache.size >= MAX_FUZZY_CACHE) fuzzyCache.clear();
      fuzzyCache.set(word, r);
    }
    return r;
  };

  // Which entity a terminal node yields at [from, to): >= 0 an entity, -2 a blocked span, -1 nothing valid.
  const resolve = (payloads: Payload[], nt: NormalizedText, from: number, to: number): number => {
    let winner = -1;
    let blocked: number[] | null = null;
    for (const p of payloads) {
      if (p.cased !== null && !casedEquals(nt.cased, from, to, p.cased)) continue;
      if (p.block) {
        if (blocked === null) blocked = [];
        blocked.push(p.entity);
      }
    }
    for (const p of payloads) {
      if (p.block || (blocked !== null && blocked.includes(p.entity))) continue;
      if (p.cased !== null && !casedEquals(nt.cased, from, to, p.cased)) continue;
      // Payloads are in declaration order, so the first entity to declare a shared name wins it.
      winner = p.entity;
      break;
    }
    if (winner >= 0) return winner;
    return blocked !== null ? -2 : -1;
  };

  let scratch: NormalizedText | undefined;
  const match = (text: string): Mention[] => {
    const out: Mention[] = [];
    if (text.length === 0) return out;
    const nt = normalizeText(text, scratch);
    // Keep the buffers for the next call unless they are huge (a whole book would pin ~12 bytes a character).
    scratch = nt.folded.length <= MAX_SCRATCH ? nt : undefined;
    const F = nt.folded;
    const N = nt.length;
    // Capitalised words not covered by an exact match or a notIn phrase: the only fuzzy candidates.
    const candidates: number[] = [];
    let prevWord = false;
    let i = 0;
    while (i < N) {
      const u = F[i] as number;
      const w = isWordUnit(u);
      if (!w || prevWord) {
        prevWord = w;
        i++;
        continue;
      }
      let node = root.child(u);
      let bestEnd = -1;
      let bestEntity = -1;
      let j = i + 1;
      while (node !== undefined) {
        if (
          node.payloads !== null &&
          (j >= N || !isWordUnit(F[j] as number) || !isWordUnit(F[j - 1] as number))
        ) {
          const r = resolve(node.payloads, nt, i, j);
          if (r !== -1) {
            bestEnd = j;
            bestEntity = r;
          }
        }
        if (j >= N) break;
        node = node.child(F[j] as number);
        j++;
      }
      if (bestEnd > 0) {
        if (bestEntity >= 0) {
          out.push({
            entity: ids[bestEntity] as string,
            start: nt.start[i] as number,
            end: nt.end[bestEnd - 1] as number,
          });
        }
        i = bestEnd;
        prevWord = isWordUnit(F[bestEnd - 1] as number);
        continue;
      }
      if (useFuzzy && u !== nt.cased[i]) candidates.push(i);
      prevWord = true;
      i++;
    }
    if (candidates.length > 0) {
      const found = fuzzyPass(nt, candidates, fuzzy1, fuzzy2, fuzzyLookup, ids);
      if (found.length > 0) return mergeSorted(out, found);
    }
    return out;
  };

  return {
    match,
    size: names.size,
    nodes,
    conflicts: [...conflicts].map(([name, set]) => ({ name, entities: [...set] })),
  };
}

function casedEquals(cased: Uint16Array, from: number, to: number, want: string): boolean {
  if (to - from !== want.length) return false;
  for (let k = 0; k < want.length; k++) if (cased[from + k] !== want.charCodeAt(k)) return false;
  return true;
}

function wordEnd(F: Uint16Array, N: number, from: number): number {
  let j = from;
  while (j < N && isWordUnit(F[j] as number)) j++;
  return j;
}

function hasDigit(F: Uint16Array, from: number, to: number): boolean {
  for (let k = from; k < to; k++) {
    const u = F[k] as number;
    if (u >= 0x30 && u <= 0x39) return true;
  }
  return false;
}

function fuzzyPass(
  nt: NormalizedText,
  candidates: number[],
  one: FuzzyIndex,
  two: FuzzyIndex,
  lookup: (index: FuzzyIndex, word: string) => number,
  ids: string[],
): Mention[] {
  const F = nt.folded;
  const N = nt.length;
  const found: Mention[] = [];
  for (let c = 0; c < candidates.length; c++) {
    const s1 = candidates[c] as number;
    const e1 = wordEnd(F, N, s1);
    if (hasDigit(F, s1, e1)) continue;
    // Two capitalised words in a row ("Sviatlana Tsichanouskaja") may be a near miss of a full name.
    const s2 = candidates[c + 1];
    if (!two.empty && s2 === e1 + 1 && F[e1] === 0x20) {
      const e2 = wordEnd(F, N, s2);
      if (!hasDigit(F, s2, e2)) {
        const r = lookup(two, unitsToString(F, s1, e2));
        if (r >= 0) {
          found.push({
            entity: ids[r] as string,
            start: nt.start[s1] as number,
            end: nt.end[e2 - 1] as number,
            fuzzy: true,
          });
          c++;
          continue;
        }
      }
    }
    if (one.empty || e1 - s1 < 5) continue;
    const r = lookup(one, unitsToString(F, s1, e1));
    if (r >= 0) {
      found.push({
        entity: ids[r] as string,
        start: nt.start[s1] as number,
        end: nt.end[e1 - 1] as number,
        fuzzy: true,
      });
    }
  }
  return found;
}

function mergeSorted(a: Mention[], b: Mention[]): Mention[] {
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
