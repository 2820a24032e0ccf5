/**
 * The name index: a trie over normalised (case-folded, accent-stripped) names, walked only from word starts.
 *
 * Scanning is leftmost-longest: at each word start the trie is followed as far as the text allows, and the
 * longest name that ends on a word boundary wins, so "Alexander Lukashenko" is one mention and "UN" inside "UN
 * Human Rights Council" is not a second. A `notIn` phrase is a key like any name, but it marks the span as
 * "not this entity": being longer, it swallows the name inside it. Cost per page is one pass over the text
 * plus a walk per word no longer than the longest name sharing its prefix — independent of how many names
 * there are, which is why it beats one RegExp per name (mark.js) by orders of magnitude at 10,000 entities.
 *
 * The trie is stored flat (no object per node, so building 30,000 names makes little garbage): nodes are
 * numbers, the root's children sit in a table indexed by code unit, every other edge in one open-addressing
 * hash table keyed by (parent, unit), and payloads in parallel arrays linked per node.
 */
import {
  isWordUnit,
  type NormalizedText,
  normalizeName,
  normalizeText,
  unitEnd,
  unitsToString,
} from '../text/normalize';
import { FuzzyIndex } from './fuzzy';
import type { CompiledMatcher, MatcherEntity, MatcherSource, Mention, NameSpec, TextList } from './types';

/** Word-character table shared with the normaliser's lazily filled one: 0 unknown, 1 word, 2 not. */
const WORD = new Uint8Array(0x10000);
export function wordAt(u: number): boolean {
  let w = WORD[u] as number;
  if (w === 0) {
    w = isWordUnit(u) ? 1 : 2;
    WORD[u] = w;
  }
  return w === 1;
}

/** Node flag: the node's folded string is declared as a name that is not case-sensitive (counted in size). */
const NAMED = 1;

/** Node flag: the node has more than one child (the others are in the edge hash table). */
const BRANCHES = 2;

/**
 * A flat trie over UTF-16 units. Node 0 is the root; child id 0 means "none" (the root is nobody's child).
 * Most nodes have one child, stored inline (`unit0`, `child0`): a new name's chain of nodes is then written
 * sequentially, and walking it reads neighbouring memory. Further children of branching nodes go to one
 * open-addressing hash table of (parent + 1, unit, child) triples; the root's children to a table by unit.
 */
class FlatTrie {
  /** Nodes in use (root included). */
  count = 1;
  /** Root's child per code unit. */
  readonly root = new Int32Array(0x10000);
  /** Per node: the first child's unit and id (0 none). */
  unit0: Uint16Array;
  child0: Int32Array;
  /** Edge hash table, 3 ints a slot: parent + 1 (0 empty), unit, child. */
  edges: Int32Array;
  /** Slots - 1 (a power of two). */
  eMask: number;
  private eUsed = 0;
  /** Per node: first and last payload + 1 (0 none). */
  first: Int32Array;
  last: Int32Array;
  /** Per node: entity + 1 that first declared this node's folded string as a name (0 none). */
  owner: Int32Array;
  /** Per node: bit flags (NAMED, BRANCHES). */
  flags: Uint8Array;
  // Payloads, linked per node in insertion order: entity, whether a notIn block, cased spelling or null.
  pEntity: Int32Array;
  pBlock: Uint8Array;
  pNext: Int32Array;
  pPrev: Int32Array;
  pCased: (string | null)[] = [];
  pCount = 0;

  constructor(nodeCapacity: number, payloadCapacity: number, edgeSlots: number) {
    let slots = 1024;
    while (slots < edgeSlots) slots *= 2;
    this.eMask = slots - 1;
    this.edges = new Int32Array(3 * slots);
    this.unit0 = new Uint16Array(nodeCapacity + 1);
    this.child0 = new Int32Array(nodeCapacity + 1);
    this.first = new Int32Array(nodeCapacity + 1);
    this.last = new Int32Array(nodeCapacity + 1);
    this.owner = new Int32Array(nodeCapacity + 1);
    this.flags = new Uint8Array(nodeCapacity + 1);
    this.pEntity = new Int32Array(payloadCapacity + 1);
    this.pBlock = new Uint8Array(payloadCapacity + 1);
    this.pNext = new Int32Array(payloadCapacity + 1);
    this.pPrev = new Int32Array(payloadCapacity + 1);
  }

  child(node: number, u: number): number {
    if (node === 0) return this.root[u] as number;
    if (this.unit0[node] === u && this.child0[node] !== 0) return this.child0[node] as number;
    if (((this.flags[node] as number) & BRANCHES) === 0) return 0;
    const edges = this.edges;
    const mask = this.eMask;
    let h = edgeHash(node, u) & mask;
    for (;;) {
      const p = edges[3 * h] as number;
      if (p === 0) return 0;
      if (p === node + 1 && edges[3 * h + 1] === u) return edges[3 * h + 2] as number;
      h = (h + 1) & mask;
    }
  }

  private newNode(): number {
    const id = this.count++;
    if (id >= this.first.length) {
      const cap = 2 * this.first.length;
      this.first = grow32(this.first, cap);
      this.last = grow32(this.last, cap);
      this.owner = grow32(this.owner, cap);
      this.child0 = grow32(this.child0, cap);
      const u0 = new Uint16Array(cap);
      u0.set(this.unit0);
      this.unit0 = u0;
      const f = new Uint8Array(cap);
      f.set(this.flags);
      this.flags = f;
    }
    return id;
  }

  /** The node for `folded`, created as needed. */
  insert(folded: string): number {
    let node = 0;
    for (let k = 0; k < folded.length; k++) {
      const u = folded.charCodeAt(k);
      let next = this.child(node, u);
      if (next === 0) {
        next = this.newNode();
        if (node === 0) this.root[u] = next;
        else if (this.child0[node] === 0) {
          this.unit0[node] = u;
          this.child0[node] = next;
        } else {
          this.flags[node] = (this.flags[node] as number) | BRANCHES;
          this.link(node, u, next);
        }
      }
      node = next;
    }
    return node;
  }

  private link(node: number, u: number, child: number): void {
    if (2 * (this.eUsed + 1) > this.eMask + 1) this.rehash(2 * (this.eMask + 1));
    const edges = this.edges;
    const mask = this.eMask;
    let h = edgeHash(node, u) & mask;
    while (edges[3 * h] !== 0) h = (h + 1) & mask;
    edges[3 * h] = node + 1;
    edges[3 * h + 1] = u;
    edges[3 * h + 2] = child;
    this.eUsed++;
  }

  private rehash(slots: number): void {
    const old = this.edges;
    this.edges = new Int32Array(3 * slots);
    this.eMask = slots - 1;
    this.eUsed = 0;
    for (let h = 0; h < old.length; h += 3) {
      const p = old[h] as number;
      if (p !== 0) this.link(p - 1, old[h + 1] as number, old[h + 2] as number);
    }
  }

  /** Drops the unused tail of the per-node and payload arrays (they were sized by a guess). */
  trim(): void {
    const n = this.count;
    this.unit0 = this.unit0.slice(0, n);
    this.child0 = this.child0.slice(0, n);
    this.first = this.first.slice(0, n);
    this.flags = this.flags.slice(0, n);
    this.last = new Int32Array(0); // only needed while adding payloads
    this.owner = new Int32Array(0); // only needed while compiling
    const p = this.pCount + 1;
    this.pEntity = this.pEntity.slice(0, p);
    this.pBlock = this.pBlock.slice(0, p);
    this.pNext = this.pNext.slice(0, p);
    this.pPrev = new Int32Array(0);
  }

  /** Sets `bit` on `node`; true if it was not set before. */
  flag(node: number, bit: number): boolean {
    const f = this.flags[node] as number;
    if ((f & bit) !== 0) return false;
    this.flags[node] = f | bit;
    return true;
  }

  /**
   * Adds a payload at `node`. One payload per (entity, block) pair and case form: duplicates only slow the
   * terminal check. An entity's names are inserted together, so its payloads at a node are the last ones:
   * look only there (a name shared by many entities would make a full scan quadratic).
   */
  addPayload(node: number, entity: number, block: boolean, cased: string | null): void {
    for (let p = this.last[node] as number; p !== 0; p = this.pPrev[p] as number) {
      if (this.pEntity[p] !== entity) break;
      if ((this.pBlock[p] === 1) === block && this.pCased[p] === cased) return;
    }
    const p = ++this.pCount;
    if (p >= this.pEntity.length) {
      const cap = 2 * this.pEntity.length;
      this.pEntity = grow32(this.pEntity, cap);
      this.pNext = grow32(this.pNext, cap);
      this.pPrev = grow32(this.pPrev, cap);
      const b = new Uint8Array(cap);
      b.set(this.pBlock);
      this.pBlock = b;
    }
    this.pEntity[p] = entity;
    this.pBlock[p] = block ? 1 : 0;
    this.pCased[p] = cased;
    const tail = this.last[node] as number;
    this.pPrev[p] = tail;
    if (tail === 0) this.first[node] = p;
    else this.pNext[tail] = p;
    this.last[node] = p;
  }
}

function edgeHash(node: number, u: number): number {
  return Math.imul(node ^ Math.imul(u, 0x85ebca6b), 0x9e3779b1) ^ (node >>> 7);
}

function grow32(a: Int32Array, cap: number): Int32Array {
  const g = new Int32Array(cap);
  g.set(a);
  return g;
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
export function fuzzyEligible(entity: Pick<MatcherEntity, 'type' | 'fuzzy'>): boolean {
  return entity.fuzzy === true && (entity.type === 'person' || entity.type === 'place');
}

const MAX_FUZZY_CACHE = 20_000;
const MAX_SCRATCH = 1 << 21;

export function compileMatcher(source: MatcherSource, options: MatchOptions = {}): CompiledMatcherInfo {
  const fuzzy1 = new FuzzyIndex();
  const fuzzy2 = new FuzzyIndex();
  return matcherFrom(buildIndex(source, fuzzy1, fuzzy2), fuzzy1, fuzzy2, options);
}

/**
 * Everything `match` reads, as flat arrays: the trie's tables (see FlatTrie) plus the entity ids and the
 * facts for reports. `compileMatcher` builds them from names at once; `lazyMatcher` (lazy.ts) bucket by bucket.
 */
export interface IndexTables {
  /** Trie nodes in use, root included (the per-node arrays have exactly this length once finished). */
  count: number;
  root: Int32Array;
  unit0: Uint16Array;
  child0: Int32Array;
  flags: Uint8Array;
  first: Int32Array;
  /** Edge hash table, 3 ints a slot; its slot count is a power of two. */
  edges: Int32Array;
  /** Payloads (index 0 unused): entity, notIn block flag, next payload at the node, cased spelling or null. */
  pEntity: Int32Array;
  pBlock: Uint8Array;
  pNext: Int32Array;
  pCased: (string | null)[];
  /** Entity ids by entity number. */
  ids: TextList;
  /** Distinct normalised names (CompiledMatcher.size). */
  size: number;
  /** Names declared by several entities: (folded name, first owner, other entity) events. */
  conflictNames: string[];
  conflictPrev: number[];
  conflictEntity: number[];
}

/**
 * Adds a name's fuzzy keys (the same for compiling and for a lazy matcher's shipped key list): names of
 * one or two words that are not case-sensitive.
 */
export function addFuzzyKey(
  folded: string,
  exactCase: boolean,
  e: number,
  fuzzyOk: boolean,
  fuzzy1: FuzzyIndex,
  fuzzy2: FuzzyIndex,
): void {
  if (exactCase) return;
  const space = folded.indexOf(' ');
  if (space < 0) fuzzy1.add(folded, e, fuzzyOk);
  else if (folded.indexOf(' ', space + 1) < 0) fuzzy2.add(folded, e, fuzzyOk);
}

/** Whether a name matches only in its declared case. */
export function isExactCase(spec: NameSpec): boolean {
  return spec.kind === 'acronym' || spec.caseSensitive === true;
}

/** Builds the index tables from the names of `source`, adding fuzzy keys to `fuzzy1`/`fuzzy2`. */
export function buildIndex(source: MatcherSource, fuzzy1: FuzzyIndex, fuzzy2: FuzzyIndex): IndexTables {
  const builder = new IndexBuilder(fuzzy1, fuzzy2, countNames(source.entities));
  builder.add(source.entities);
  return builder.finish();
}

function countNames(entities: readonly MatcherEntity[]): number {
  let n = 0;
  for (const entity of entities) n += entity.names.length + (entity.notIn?.length ?? 0);
  return n;
}

/** What one string of an entity adds to the index (see `forEachItem`). */
export type ItemOp = 0 | 1 | 2 | 3 | 4;
/** A name matched in any case. */
export const ITEM_NAME = 0;
/** An acronym or case-sensitive name: matched only in its declared case. */
export const ITEM_NAME_EXACT = 1;
/** A name with one of its inflectional suffixes (`NameSpec.suffixes`), in any case / in its declared case. */
export const ITEM_SUFFIX = 2;
export const ITEM_SUFFIX_EXACT = 3;
/** A `notIn` phrase. */
export const ITEM_NOT_IN = 4;

/**
 * Every string `entity` puts in the index, in the order compiling adds them: each name, followed by that name
 * with each of its suffixes, then the notIn phrases. (`suffix` is '' but for suffix items.)
 */
export function forEachItem(
  entity: MatcherEntity,
  visit: (op: ItemOp, text: string, suffix: string) => void,
): void {
  for (const spec of entity.names) {
    const exact = isExactCase(spec);
    visit(exact ? ITEM_NAME_EXACT : ITEM_NAME, spec.text, '');
    if (spec.suffixes !== undefined)
      for (const suffix of spec.suffixes) visit(exact ? ITEM_SUFFIX_EXACT : ITEM_SUFFIX, spec.text, suffix);
  }
  if (entity.notIn !== undefined) for (const phrase of entity.notIn) visit(ITEM_NOT_IN, phrase, '');
}

/** The normalised string an item inserts into the trie ('' when it inserts nothing). */
export function itemKey(op: ItemOp, text: string, suffix: string): string {
  const { folded } = normalizeName(text);
  if (folded.length === 0) return '';
  return op === ITEM_SUFFIX || op === ITEM_SUFFIX_EXACT ? folded + normalizeName(suffix).folded : folded;
}

/**
 * The index, built entity by entity in declaration order (`add`: what `buildIndex` does), or item by item
 * (`item`: what the lazy matcher does, a bucket of names at a time, as a page's words reach them).
 */
export class IndexBuilder {
  private readonly trie: FlatTrie;
  /** Ids of entities added by `add`; `ids` is this list unless `setIds` gave another. */
  private readonly added: string[] = [];
  private ids: TextList = this.added;
  private distinctFolded = 0;
  private readonly exactNames = new Set<string>();
  // Names declared by several entities, as (folded name, first owner, other entity) events: turned into the
  // `conflicts` report only if someone reads it (a content script never does).
  private readonly conflictNames: string[] = [];
  private readonly conflictPrev: number[] = [];
  private readonly conflictEntity: number[] = [];
  private finished = false;

  /**
   * `nameHint`: about how many names and notIn phrases will come (the flat arrays grow if it is short).
   * Fuzzy indexes `null`: no fuzzy keys are added (a lazy matcher gets them all at once from its source).
   */
  constructor(
    private readonly fuzzy1: FuzzyIndex | null,
    private readonly fuzzy2: FuzzyIndex | null,
    nameHint = 1024,
  ) {
    // Names average ~12 units, most sharing a prefix with another: 5 new nodes a name is a generous guess.
    this.trie = new FlatTrie(nameHint * 5 + 16, nameHint + 16, nameHint * 2);
  }

  add(entities: readonly MatcherEntity[]): void {
    if (this.finished) throw new Error('IndexBuilder: add after finish');
    for (const entity of entities) {
      if (this.ids !== this.added) throw new Error('IndexBuilder: add after setIds');
      const e = this.added.length;
      this.added.push(entity.id);
      const fuzzyOk = fuzzyEligible(entity);
      forEachItem(entity, (op, text, suffix) => this.item(e, op, text, suffix, fuzzyOk));
    }
  }

  /**
   * Adds one item of entity `e` (see `forEachItem`). Items of one entity come in `forEachItem`'s order and
   * entities in declaration order, at least among items whose strings are equal: payloads at a node keep that
   * order, and the first entity to declare a name wins it.
   */
  item(e: number, op: ItemOp, text: string, suffix: string, fuzzyOk: boolean): void {
    const trie = this.trie;
    if (op === ITEM_NOT_IN) {
      const { folded } = normalizeName(text);
      if (folded.length > 0) trie.addPayload(trie.insert(folded), e, true, null);
      return;
    }
    const { folded, cased } = normalizeName(text);
    if (folded.length === 0) return;
    const exactCase = op === ITEM_NAME_EXACT || op === ITEM_SUFFIX_EXACT;
    if (op === ITEM_SUFFIX || op === ITEM_SUFFIX_EXACT) {
      const s = normalizeName(suffix);
      trie.addPayload(trie.insert(folded + s.folded), e, false, exactCase ? cased + s.cased : null);
      return;
    }
    const node = trie.insert(folded);
    // Distinct names: folded forms, and case-sensitive ones by their declared case.
    if (exactCase) this.exactNames.add(cased);
    if (!exactCase && trie.flag(node, NAMED)) this.distinctFolded++;
    const prev = (trie.owner[node] as number) - 1;
    if (prev === -1) trie.owner[node] = e + 1;
    else if (prev !== e && !exactCase) {
      this.conflictNames.push(folded);
      this.conflictPrev.push(prev);
      this.conflictEntity.push(e);
    }
    trie.addPayload(node, e, false, exactCase ? cased : null);
    if (this.fuzzy1 !== null && this.fuzzy2 !== null)
      addFuzzyKey(folded, exactCase, e, fuzzyOk, this.fuzzy1, this.fuzzy2);
  }

  /** Entity ids for items added one by one (a lazy matcher knows every entity before any of its names). */
  setIds(ids: TextList): void {
    if (this.ids.length > 0 || this.ids !== this.added) throw new Error('IndexBuilder: ids already set');
    this.ids = ids;
  }

  /** The tables as they stand, untrimmed, for a matcher that keeps adding items (see lazy.ts). */
  live(): IndexTables {
    const trie = this.trie;
    return {
      count: trie.count,
      root: trie.root,
      unit0: trie.unit0,
      child0: trie.child0,
      flags: trie.flags,
      first: trie.first,
      edges: trie.edges,
      pEntity: trie.pEntity,
      pBlock: trie.pBlock,
      pNext: trie.pNext,
      pCased: trie.pCased,
      ids: this.ids,
      size: this.distinctFolded + this.exactNames.size,
      conflictNames: this.conflictNames,
      conflictPrev: this.conflictPrev,
      conflictEntity: this.conflictEntity,
    };
  }

  /** The final tables, trimmed; nothing can be added after. */
  finish(): IndexTables {
    if (this.finished) throw new Error('IndexBuilder: finished twice');
    this.finished = true;
    const trie = this.trie;
    trie.trim();
    trie.pCased.length = trie.pCount + 1;
    return this.live();
  }
}

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
  const match = (text: string): Mention[] => {
    const out: Mention[] = [];
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
      let j = i + 1;
      while (node !== 0) {
        const first = FIRST[node] as number;
        // A name ends here; it counts on a word boundary (or where the name itself ends in a non-word unit).
        if (first !== 0 && (j >= N || !wordAt(F[j] as number) || !wordAt(F[j - 1] as number))) {
          const r = resolve(first, C, i, j);
          if (r !== -1) {
            bestEnd = j;
            bestEntity = r;
          }
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
        }
        // The scan resumes after the name: if it ended in a word unit, the next unit is not one (the match
        // ended on a boundary), so the skip loop above finds the next word start either way.
        i = bestEnd;
        continue;
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
    if (nCand > 0) {
      const found = fuzzyPass(text, nt, candidates, nCand, fuzzy1, fuzzy2, cache, ids);
      if (found.length > 0) return mergeSorted(out, found);
    }
    return out;
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

/**
 * Fuzzy results per distinct word, kept across calls (a content script calls match() per text run, and news
 * pages repeat their capitalised words). Keyed by a hash of the word's units so that a repeated word costs
 * no string: the stored word is compared unit by unit before its result is trusted.
 */
class FuzzyCache {
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

function casedEquals(cased: Uint16Array, from: number, to: number, want: string): boolean {
  if (to - from !== want.length) return false;
  for (let k = 0; k < want.length; k++) if (cased[from + k] !== want.charCodeAt(k)) return false;
  return true;
}

function wordEnd(F: Uint16Array, N: number, from: number): number {
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

function fuzzyPass(
  text: string,
  nt: NormalizedText,
  candidates: Int32Array,
  nCand: number,
  one: FuzzyIndex,
  two: FuzzyIndex,
  cache: FuzzyCache,
  ids: TextList,
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
