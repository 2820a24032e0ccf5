/**
 * The scan over the index tables: at each word start the trie is followed as far as the text allows, and the
 * longest name that ends on a word boundary wins (leftmost-longest). Capitalised words left over are the only
 * candidates for near misses (fuzzy-pass.ts).
 */
import { type NormalizedText, normalizeName, normalizeText, unitEnd } from '../text/normalize';
import { type Around, exclusionOf } from './context';
import { BRANCHES, edgeHash } from './flat-trie';
import type { FuzzyIndex } from './fuzzy';
import { FuzzyCache, fuzzyPass, mergeSorted, wordEnd } from './fuzzy-pass';
import type { IndexTables } from './index-builder';
import type { CompiledMatcher, ExclusionRule, Explain, Mention } from './types';
import { WORD, wordAt } from './words';

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

const MAX_SCRATCH = 1 << 21;

/**
 * Lets a matcher add names before a text is scanned (see lazy.ts): `before` sees the text's normalised units and
 * adds whatever names they may need; `version` changes whenever names were added, so the scan reloads `tables()`.
 */
export interface MatcherGrowth {
  tables(): IndexTables;
  version(): number;
  before(folded: Uint16Array, length: number): void;
}

/** The matcher over finished index tables (`compileMatcher`), or over growing ones (`growth`: `lazyMatcher`). */
export function matcherFrom(
  t: IndexTables,
  person: ArrayLike<number>,
  fuzzy1: FuzzyIndex,
  fuzzy2: FuzzyIndex,
  options: MatchOptions = {},
  growth?: MatcherGrowth,
): CompiledMatcherInfo {
  const { ids, conflictNames, conflictPrev, conflictEntity } = t;
  const useFuzzy = options.fuzzy !== false && !(fuzzy1.empty && fuzzy2.empty);
  const cache = new FuzzyCache();

  // Locals for the scan, reloaded only when a growing index has changed.
  let ROOT = t.root;
  let UNIT0 = t.unit0;
  let CHILD0 = t.child0;
  let FLAGS = t.flags;
  let EDGES = t.edges;
  let E_MASK = t.edges.length / 3 - 1;
  let FIRST = t.first;
  let P_ENTITY = t.pEntity;
  let P_BLOCK = t.pBlock;
  let P_NEXT = t.pNext;
  let P_CASED = t.pCased;
  let loaded = growth?.version() ?? 0;
  const reload = (g: MatcherGrowth): void => {
    t = g.tables();
    ROOT = t.root;
    UNIT0 = t.unit0;
    CHILD0 = t.child0;
    FLAGS = t.flags;
    EDGES = t.edges;
    E_MASK = t.edges.length / 3 - 1;
    FIRST = t.first;
    P_ENTITY = t.pEntity;
    P_BLOCK = t.pBlock;
    P_NEXT = t.pNext;
    P_CASED = t.pCased;
    loaded = g.version();
  };
  const blocked: number[] = [];

  // Which entity a terminal node yields at [from, to): >= 0 an entity, -2 a blocked span, -1 nothing valid.
  const resolve = (first: number, cased: Uint16Array, from: number, to: number): number => {
    blocked.length = 0;
    for (let p = first; p !== 0; p = P_NEXT[p] as number) {
      const c = P_CASED[p] as string | null;
      if (c !== null && !casedEquals(cased, from, to, c)) continue;
      if (P_BLOCK[p] === 1) blocked.push(P_ENTITY[p] as number);
    }
    for (let p = first; p !== 0; p = P_NEXT[p] as number) {
      if (P_BLOCK[p] === 1 || (blocked.length > 0 && blocked.includes(P_ENTITY[p] as number))) continue;
      const c = P_CASED[p] as string | null;
      if (c !== null && !casedEquals(cased, from, to, c)) continue;
      // Payloads are in declaration order, so the first entity to declare a shared name wins it.
      return P_ENTITY[p] as number;
    }
    return blocked.length > 0 ? -2 : -1;
  };

  let scratch: NormalizedText | undefined;
  let candidates = new Int32Array(256);
  const match = (text: string, explain?: Explain): Mention[] => {
    const out: Mention[] = [];
    // Entity numbers of `out`, for the context rules (context.ts).
    const outE: number[] = [];
    if (text.length === 0) return out;
    const nt = normalizeText(text, scratch);
    // Keep the buffers for the next call unless they are huge (a whole book would pin ~8 bytes a character).
    scratch = nt.folded.length <= MAX_SCRATCH ? nt : undefined;
    const F = nt.folded;
    const C = nt.cased;
    const N = nt.length;
    if (growth !== undefined) {
      growth.before(F, N);
      if (growth.version() !== loaded) reload(growth);
    }
    // Capitalised words not covered by an exact match or a notIn phrase: the only fuzzy candidates.
    let nCand = 0;
    let i = 0;
    for (;;) {
      // Skip to the next word start. (WORD: 1 word unit, 2 not, 0 not classified yet.)
      let u = 0;
      while (i < N) {
        u = F[i] as number;
        const w = WORD[u] as number;
        if (w === 1 || (w === 0 && wordAt(u))) break;
        i++;
      }
      if (i >= N) break;
      // A word start: follow the trie as far as the text goes.
      let node = ROOT[u] as number;
      let bestEnd = -1;
      let bestEntity = -1;
      let caseEntity = -1;
      let j = i + 1;
      while (node !== 0) {
        const first = FIRST[node] as number;
        // A name ends here; it counts on a word boundary (or where the name itself ends in a non-word unit).
        if (first !== 0 && (j >= N || !wordAt(F[j] as number) || !wordAt(F[j - 1] as number))) {
          const r = resolve(first, C, i, j);
          if (r !== -1) {
            bestEnd = j;
            bestEntity = r === -2 ? -2 - (blocked[0] as number) : r;
          } else if (explain !== undefined) caseEntity = P_ENTITY[first] as number;
        }
        if (j >= N) break;
        const v = F[j] as number;
        j++;
        if (UNIT0[node] === v && CHILD0[node] !== 0) {
          node = CHILD0[node] as number;
          continue;
        }
        if (((FLAGS[node] as number) & BRANCHES) === 0) break;
        // FlatTrie.child, inlined.
        let h = edgeHash(node, v) & E_MASK;
        const key = node + 1;
        node = 0;
        for (;;) {
          const p = EDGES[3 * h] as number;
          if (p === 0) break;
          if (p === key && EDGES[3 * h + 1] === v) {
            node = EDGES[3 * h + 2] as number;
            break;
          }
          h = (h + 1) & E_MASK;
        }
      }
      if (bestEnd > 0) {
        if (bestEntity >= 0) {
          out.push({
            entity: ids.at(bestEntity) as string,
            start: nt.start[i] as number,
            end: unitEnd(text, nt, bestEnd - 1),
          });
          outE.push(bestEntity);
        } else if (explain !== undefined) {
          // A notIn phrase of the entity (numbered -2 - e) covered the span.
          const entity = ids.at(-2 - bestEntity) as string;
          explain({
            entity,
            start: nt.start[i] as number,
            end: unitEnd(text, nt, bestEnd - 1),
            rule: 'list',
          });
        }
        // The scan resumes after the name: if it ended in a word unit, the next unit is not one (the match
        // ended on a boundary), so the skip loop above finds the next word start either way.
        i = bestEnd;
        continue;
      }
      if (caseEntity >= 0 && explain !== undefined) {
        const end = wordEnd(F, N, i);
        const entity = ids.at(caseEntity) as string;
        explain({ entity, start: nt.start[i] as number, end: unitEnd(text, nt, end - 1), rule: 'case' });
      }
      if (useFuzzy && u !== C[i]) {
        if (nCand === candidates.length) {
          const g = new Int32Array(2 * nCand);
          g.set(candidates);
          candidates = g;
        }
        candidates[nCand++] = i;
      }
      // Skip the rest of this word.
      i++;
      while (i < N) {
        const w = WORD[F[i] as number] as number;
        if (w === 2 || (w === 0 && !wordAt(F[i] as number))) break;
        i++;
      }
    }
    const foundE: number[] = [];
    const found = nCand > 0 ? fuzzyPass(text, nt, candidates, nCand, fuzzy1, fuzzy2, cache, ids, foundE) : [];
    dropByContext(text, out, outE, found, foundE, explain);
    return found.length > 0 ? mergeSorted(out, found) : out;
  };

  // A single-word name after a capitalised word is that person, not a namesake, when the word is one of the
  // person's given names, declined ("Владимиром Путиным"), or the two words are a near spelling of one of the
  // person's full names ("Alexandr Lukashenko"). Both read the fuzzy index's keys, present whenever some entity
  // allows near misses, in a compiled and a lazy matcher alike.
  const around = (out: Mention[], found: Mention[]): Around => ({
    mentionAt: (start, end) => overlaps(out, start, end) || overlaps(found, start, end),
    spelling(given, name, e) {
      if (!useFuzzy || fuzzy2.empty) return false;
      if (fuzzy2.givenName(normalizeName(given).folded, e)) return true;
      const key = normalizeName(`${given} ${name}`).folded;
      return fuzzy2.mayMatch(key.charCodeAt(0), key.length) && fuzzy2.lookup(key) === e;
    },
  });

  // Drops, in place, the mentions the context rules exclude (deciding all before dropping any, since a
  // neighbouring mention is itself a signal).
  const dropByContext = (
    text: string,
    out: Mention[],
    outE: number[],
    found: Mention[],
    foundE: number[],
    explain: Explain | undefined,
  ): void => {
    if (out.length === 0 && found.length === 0) return;
    const ctx = around(out, found);
    // Only the excluded are remembered (few), as [list, index, rule] triples in order.
    const dropped: (number | ExclusionRule)[] = [];
    for (let k = 0; k < out.length; k++) {
      const e = outE[k] as number;
      const rule = exclusionOf(text, out[k] as Mention, e, person[e] === 1, ctx);
      if (rule !== null) dropped.push(0, k, rule);
    }
    for (let k = 0; k < found.length; k++) {
      const e = foundE[k] as number;
      const rule = exclusionOf(text, found[k] as Mention, e, person[e] === 1, ctx);
      if (rule !== null) dropped.push(1, k, rule);
    }
    if (dropped.length === 0) return;
    let d = 0;
    for (const [l, list] of [out, found].entries()) {
      let w = 0;
      for (let k = 0; k < list.length; k++) {
        const m = list[k] as Mention;
        if (dropped[d] === l && dropped[d + 1] === k) {
          explain?.({ entity: m.entity, start: m.start, end: m.end, rule: dropped[d + 2] as ExclusionRule });
          d += 3;
        } else list[w++] = m;
      }
      list.length = w;
    }
  };

  return {
    match,
    get size() {
      return (growth?.tables() ?? t).size;
    },
    get nodes() {
      return (growth?.tables() ?? t).count;
    },
    get conflicts() {
      const conflicts = new Map<string, Set<string>>();
      for (let k = 0; k < conflictNames.length; k++) {
        const folded = conflictNames[k] as string;
        const set = conflicts.get(folded) ?? new Set([ids.at(conflictPrev[k] as number) as string]);
        set.add(ids.at(conflictEntity[k] as number) as string);
        conflicts.set(folded, set);
      }
      return [...conflicts].map(([name, set]) => ({ name, entities: [...set] }));
    },
  };
}

/** Whether a mention of the sorted `list` overlaps [start, end). */
function overlaps(list: readonly Mention[], start: number, end: number): boolean {
  let lo = 0;
  let hi = list.length;
  // The first mention ending after `start`.
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as Mention).end <= start) lo = mid + 1;
    else hi = mid;
  }
  return lo < list.length && (list[lo] as Mention).start < end;
}

function casedEquals(cased: Uint16Array, from: number, to: number, want: string): boolean {
  if (to - from !== want.length) return false;
  for (let k = 0; k < want.length; k++) if (cased[from + k] !== want.charCodeAt(k)) return false;
  return true;
}
