/**
 * A matcher that compiles a name only when a text may contain it: what the content script uses, so a page pays
 * for the names its words can reach rather than for all of them: a news page reaches a small share of a large
 * knowledge base's names.
 *
 * At build time, `bucketItems` puts every string an entity adds to the trie (its names, suffixed names and
 * notIn phrases; see `forEachItem`) into one of 2^bits buckets (`slotBitsFor`) by a hash of the string's first
 * `KEY_UNITS` normalised units (all of them if it is shorter). At run time, before scanning a text, the matcher
 * hashes the first 1…`KEY_UNITS` units at every word start and compiles the buckets those hashes name. A name
 * found in the text starts at a word start with its own first units, so its bucket is compiled before the scan
 * needs it; a hash collision only compiles names that were not needed.
 *
 * It finds exactly what `compileMatcher` finds (tests/unit/matcher/lazy.test.ts):
 * - Equal strings share a bucket, and a bucket's items keep declaration order, so the payloads at every trie
 *   node are in the order one full compile gives them: the first entity to declare a name still wins it.
 * - The fuzzy indexes need every name (any declared name within reach vetoes a near miss): the build ships what
 *   they answer before they are built (`FuzzyFacts`) and, when some entity allows near misses, every name's
 *   folded form (`fuzzyKeys`), added on their first real lookup; no bucket is compiled for them.
 * - `size`, `nodes` and `conflicts` are facts about all names: reading them compiles every bucket.
 * - A small knowledge stops looking once looking has cost about what compiling the rest costs (`UNITS_PER_BUCKET`).
 */

import {
  addFuzzyKey,
  type CompiledMatcherInfo,
  forEachItem,
  fuzzyEligible,
  IndexBuilder,
  ITEM_NAME,
  type ItemOp,
  itemKey,
  type MatcherGrowth,
  type MatchOptions,
  matcherFrom,
  wordAt,
} from './compile';
import { FuzzyIndex } from './fuzzy';
import type { MatcherSource, TextList } from './types';

/**
 * Units of a string that choose its bucket. Longer keys make a page's word starts reach far fewer names: with
 * shorter ones a large knowledge costs a page markedly more to highlight than a small one. Six is long enough
 * that a page reaches a small share of a large knowledge's names.
 */
export const KEY_UNITS = 6;
/**
 * The bucket table's size, 2^bits slots, is chosen at build time from the knowledge's distinct keys
 * (`slotBitsFor`) and shipped with the buckets. A word start whose prefix is no key compiles whatever bucket its
 * hash lands in, so the table is kept about an eighth full (`SLOTS_PER_KEY`): a fuller table compiles several
 * times the names a page needs. The run-time cost is one byte a slot (the `pending` table).
 */
const SLOTS_PER_KEY = 8;
/** The smallest table, 16,384 slots: a small knowledge gets a table sparser than it needs, for 16 KB. */
export const MIN_SLOT_BITS = 14;
/** The largest table, 2^20 slots (1 MB of `pending`): enough for about 130,000 distinct keys. */
export const MAX_SLOT_BITS = 20;

/** Bits of the bucket table for a knowledge with `keys` distinct keys (see `SLOTS_PER_KEY`). */
export function slotBitsFor(keys: number): number {
  let bits = MIN_SLOT_BITS;
  while (bits < MAX_SLOT_BITS && 2 ** bits < keys * SLOTS_PER_KEY) bits++;
  return bits;
}

/**
 * When to stop looking and compile what is left: once the units of text handed to the look-ahead come to this many
 * per bucket still to compile, and at most `FINISH_MAX` buckets are left, the rest are compiled in one go and texts
 * are no longer read for buckets. The rent-or-buy rule: the looking has then cost about what finishing costs, so
 * the total is at most about twice the better of the two choices made in hindsight. Reading a unit for buckets
 * costs a few hundred times less than compiling a bucket, hence 256. A small knowledge finishes on a long page;
 * a short article keeps looking, which costs it less than finishing would.
 */
export const UNITS_PER_BUCKET = 256;
/**
 * Most buckets compiled in one go when finishing: a few milliseconds cold, inside one step of a time-sliced
 * scan. While more are left the matcher keeps looking, as a large knowledge always does.
 */
export const FINISH_MAX = 512;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * The bucket, in a table of 2^bits slots, of the key whose running FNV-1a hash is `h` (multiplied again: FNV's
 * low bits mix poorly, so the slot is the product's high bits).
 */
function slotOfHash(h: number, bits: number): number {
  return Math.imul(h, 0x9e3779b1) >>> (32 - bits);
}

/**
 * The bucket of a normalised string in a table of 2^bits slots, and which key length (bit k - 1 for k units) it
 * is found by.
 */
export function slotOf(key: string, bits: number): { slot: number; lengthBit: number } {
  const n = Math.min(KEY_UNITS, key.length);
  let h = FNV_OFFSET;
  for (let k = 0; k < n; k++) h = Math.imul(h ^ key.charCodeAt(k), FNV_PRIME);
  return { slot: slotOfHash(h, bits), lengthBit: 1 << (n - 1) };
}

/** One item in a bucket: [entity number, op, text, suffix] (the suffix only for suffix items). */
export type LazyItem = [number, ItemOp, string] | [number, ItemOp, string, string];

export interface Bucket {
  slot: number;
  /** Key lengths of its items: bit k - 1 when some item's key has k units (KEY_UNITS ≤ 8: one byte). */
  lengths: number;
  items: LazyItem[];
}

/** What a fuzzy index answers before it is built (from a full compile at build time). */
export interface FuzzyFacts {
  targets: boolean;
  /** First letter → bit set of target-name lengths. */
  lengths: [number, number][];
}

/** The buckets of a knowledge: the table's size and its non-empty buckets by slot. */
export interface Buckets {
  /** The table has 2^bits slots (`slotBitsFor`). */
  bits: number;
  buckets: Bucket[];
}

/** Build time: every item of `source` in its bucket, buckets by slot, items in declaration order. */
export function bucketItems(source: MatcherSource): Buckets {
  const keyed: { key: string; item: LazyItem }[] = [];
  source.entities.forEach((entity, e) => {
    forEachItem(entity, (op, text, suffix) => {
      const key = itemKey(op, text, suffix);
      // A string that normalises to nothing adds nothing to the index.
      if (key.length > 0) keyed.push({ key, item: suffix === '' ? [e, op, text] : [e, op, text, suffix] });
    });
  });
  const bits = slotBitsFor(new Set(keyed.map(({ key }) => key.slice(0, KEY_UNITS))).size);
  const buckets = new Map<number, Bucket>();
  for (const { key, item } of keyed) {
    const { slot, lengthBit } = slotOf(key, bits);
    let b = buckets.get(slot);
    if (b === undefined) {
      b = { slot, lengths: 0, items: [] };
      buckets.set(slot, b);
    }
    b.lengths |= lengthBit;
    b.items.push(item);
  }
  return { bits, buckets: [...buckets.values()].sort((a, b) => a.slot - b.slot) };
}

/** Build time: what the fuzzy indexes of `source` answer before they are built. */
export function fuzzyFacts(source: MatcherSource): [FuzzyFacts, FuzzyFacts] {
  const one = new FuzzyIndex();
  const two = new FuzzyIndex();
  const builder = new IndexBuilder(one, two);
  builder.add(source.entities);
  return [
    { targets: !one.empty, lengths: one.targetLengths() },
    { targets: !two.empty, lengths: two.targetLengths() },
  ];
}

/**
 * Build time: every name's folded form that compiling adds to the fuzzy indexes, as [entity, folded name], in
 * compile order; none when no entity allows near misses (the indexes are then never looked up).
 */
export function fuzzyKeys(
  source: MatcherSource,
  facts: readonly [FuzzyFacts, FuzzyFacts] = fuzzyFacts(source),
): [number, string][] {
  const [one, two] = facts;
  if (!one.targets && !two.targets) return [];
  const keys: [number, string][] = [];
  // The names compiling gives `addFuzzyKey` (IndexBuilder.item): every name matched in any case.
  source.entities.forEach((entity, e) => {
    forEachItem(entity, (op, text, suffix) => {
      if (op !== ITEM_NAME) return;
      const key = itemKey(op, text, suffix);
      if (key.length > 0) keys.push([e, key]);
    });
  });
  return keys;
}

/** `LazySource.ids`, `fuzzyOk` and `person` for a source's entities (tests and benchmarks; the extension ships them). */
export function lazyEntities(
  entities: MatcherSource['entities'],
): Pick<LazySource, 'ids' | 'fuzzyOk' | 'person'> {
  return {
    ids: entities.map((e) => e.id),
    fuzzyOk: Uint8Array.from(entities, (e) => (fuzzyEligible(e) ? 1 : 0)),
    person: Uint8Array.from(entities, (e) => (e.type === 'person' ? 1 : 0)),
  };
}

export interface LazySource {
  /** Entity ids, in declaration order: the entity numbers of the buckets' items. */
  ids: TextList;
  /** Per entity, 1 if it may be found by near misses (`fuzzyEligible`), else 0. */
  fuzzyOk: Uint8Array;
  /** Per entity, 1 if it is a person (the context rule `other-person`, context.ts), else 0. */
  person: Uint8Array;
  /** The bucket table has 2^slotBits slots (`Buckets.bits`). */
  slotBits: number;
  /** Every non-empty bucket as a pair: its slot, its key lengths (`Bucket.lengths`); flat, in slot order. */
  slots: readonly number[];
  /** The items of the `i`th bucket of `slots`; called at most once per bucket. */
  load(i: number): readonly LazyItem[];
  fuzzy: readonly [FuzzyFacts, FuzzyFacts];
  /** `fuzzyKeys` of the source; called at most once, by the first fuzzy lookup. */
  fuzzyKeys(): readonly (readonly [number, string])[];
}

/**
 * The matcher over `source`'s buckets, compiling each when a text first reaches it.
 * @param finishMax `FINISH_MAX`; tests pass 0 to keep the look-ahead on whatever the texts.
 */
export function lazyMatcher(
  source: LazySource,
  options: MatchOptions = {},
  finishMax = FINISH_MAX,
): CompiledMatcherInfo {
  const { ids, fuzzyOk } = source;
  if (fuzzyOk.length !== ids.length) throw new Error('lazy matcher: one fuzzy flag per entity');
  if (source.person.length !== ids.length) throw new Error('lazy matcher: one person flag per entity');
  const fuzzy1 = new FuzzyIndex();
  const fuzzy2 = new FuzzyIndex();
  // Sized for about a name per bucket, what a page typically reaches; growing from the default would rehash the
  // trie's edges several times on the way.
  const builder = new IndexBuilder(null, null, Math.max(1024, source.slots.length / 2));
  builder.setIds(ids);
  const bits = source.slotBits;
  if (!Number.isInteger(bits) || bits < MIN_SLOT_BITS || bits > MAX_SLOT_BITS)
    throw new Error(`lazy matcher: a table of 2^${String(bits)} slots`);
  const size = 2 ** bits;
  // Per slot, the key lengths of its items while it is not compiled (0 once compiled, or if empty).
  const pending = new Uint8Array(size);
  let pendingCount = 0;
  // Key lengths that any bucket has (skips looking up the shorter prefixes when no name is that short).
  let lengthsAny = 0;
  const slots = source.slots;
  if (slots.length % 2 !== 0) throw new Error('lazy matcher: slots must come in (slot, lengths) pairs');
  // Increasing slots: a bucket is found by a binary search when it is compiled (rarely: no table per slot).
  for (let i = 0, last = -1; i < slots.length; i += 2) {
    const slot = slots[i] as number;
    if (!Number.isInteger(slot) || slot <= last || slot >= size)
      throw new Error(`lazy matcher: bad, repeated or unordered bucket slot ${String(slot)}`);
    last = slot;
    const lengths = slots[i + 1] as number;
    // Bit k - 1 for keys of k units: 1 to 2^KEY_UNITS - 1 (0 would be a bucket no text can reach).
    if (!Number.isInteger(lengths) || lengths <= 0 || lengths >= 1 << KEY_UNITS)
      throw new Error(`lazy matcher: bucket ${slot}: bad key lengths ${String(lengths)}`);
    pending[slot] = lengths;
    lengthsAny |= lengths;
    pendingCount++;
  }
  // The index of the bucket at `slot`, which exists.
  const bucketAt = (slot: number): number => {
    let lo = 0;
    let hi = slots.length / 2 - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((slots[2 * mid] as number) < slot) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  // Bumped whenever names were added; the tables view is rebuilt (a few references) when it moved.
  let version = 0;
  let tables = builder.live();
  let tablesVersion = 0;

  const compile = (slot: number, bucket = bucketAt(slot)): void => {
    pending[slot] = 0;
    pendingCount--;
    const items = source.load(bucket);
    for (const [e, op, text, suffix] of items) builder.item(e, op, text, suffix ?? '', fuzzyOk[e] === 1);
    version++;
  };
  // Units of text handed to the look-ahead while buckets were pending, the current text's included
  // (`UNITS_PER_BUCKET`): a long text finishes before it is read.
  let looked = 0;
  const compileAll = (): void => {
    if (pendingCount === 0) return;
    for (let i = 0; i < slots.length; i += 2) {
      const slot = slots[i] as number;
      if (pending[slot] !== 0) compile(slot, i / 2);
    }
  };

  const growth: MatcherGrowth = {
    tables() {
      if (tablesVersion !== version) {
        tables = builder.live();
        tablesVersion = version;
      }
      return tables;
    },
    version: () => version,
    before(F, N) {
      if (pendingCount === 0) return;
      looked += N;
      if (pendingCount <= finishMax && looked >= pendingCount * UNITS_PER_BUCKET) {
        compileAll();
        return;
      }
      let i = 0;
      while (i < N) {
        while (i < N && !wordAt(F[i] as number)) i++;
        if (i >= N) break;
        // The bucket of every key a name starting here could have: its first 1…KEY_UNITS units.
        const end = Math.min(N, i + KEY_UNITS);
        let h = FNV_OFFSET;
        for (let k = i, bit = 1; k < end; k++, bit <<= 1) {
          h = Math.imul(h ^ (F[k] as number), FNV_PRIME);
          if ((lengthsAny & bit) === 0) continue;
          const slot = slotOfHash(h, bits);
          if (((pending[slot] as number) & bit) !== 0) compile(slot);
        }
        while (i < N && wordAt(F[i] as number)) i++;
      }
    },
  };
  // Both indexes' keys come in one list, on whichever index is looked up first.
  let keysAdded = false;
  const addKeys = (): void => {
    if (keysAdded) return;
    keysAdded = true;
    for (const [e, folded] of source.fuzzyKeys())
      addFuzzyKey(folded, false, e, fuzzyOk[e] === 1, fuzzy1, fuzzy2);
  };
  fuzzy1.preset(source.fuzzy[0].lengths, source.fuzzy[0].targets, addKeys);
  fuzzy2.preset(source.fuzzy[1].lengths, source.fuzzy[1].targets, addKeys);
  const matcher = matcherFrom(tables, source.person, fuzzy1, fuzzy2, options, growth);
  return {
    match: matcher.match,
    get size() {
      compileAll();
      return matcher.size;
    },
    get nodes() {
      compileAll();
      return matcher.nodes;
    },
    get conflicts() {
      compileAll();
      return matcher.conflicts;
    },
  };
}
