/** Builds the index tables (see flat-trie.ts) from entities' names, all at once or item by item. */
import { normalizeName } from '../text/normalize';
import { FlatTrie, NAMED } from './flat-trie';
import type { FuzzyIndex } from './fuzzy';
import {
  addFuzzyKey,
  forEachItem,
  fuzzyEligible,
  ITEM_NAME_EXACT,
  ITEM_NOT_IN,
  ITEM_SUFFIX,
  ITEM_SUFFIX_EXACT,
  type ItemOp,
} from './items';
import type { MatcherEntity, MatcherSource, TextList } from './types';

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
