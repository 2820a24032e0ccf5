/**
 * The slice of the knowledge the content script bundles: what the matcher and the highlights need (ids, types,
 * display names, the names to find). Everything a card shows comes from the background on demand, so a page
 * pays for a few kilobytes of names rather than the whole knowledge base.
 *
 * The names travel as the lazy matcher's buckets (core/matcher/lazy.ts), each a short JSON text parsed and
 * compiled only when a page's words can reach it: of the 30,000 names of a 10,000-entity knowledge base, a
 * saved real news page reaches fewer than 30 and the 100 KB bench page about 900. The entity list (ids, types,
 * display names) travels as three texts, checked whole by a few native passes (regular expressions, `indexOf`)
 * and kept as they came: an entity's id, name and `NameEntry` are made only when the page asks for them.
 */
import * as v from 'valibot';
import type { CompiledMatcherInfo, TextList } from '../matcher';
import {
  fuzzyEligible,
  ITEM_NAME,
  ITEM_NAME_EXACT,
  ITEM_NOT_IN,
  ITEM_SUFFIX,
  ITEM_SUFFIX_EXACT,
} from '../matcher/compile';
import {
  bucketItems,
  type FuzzyFacts,
  fuzzyFacts,
  fuzzyKeys,
  type LazyItem,
  lazyMatcher,
} from '../matcher/lazy';
import { ENTITY_TYPES } from './entity-types';
import { ENTITY_ID } from './schema';
import type { EntityType, Knowledge } from './types';

/** An entity's type as one letter of `NameBundle.types` (upper case: near misses allowed). */
const TYPE_CODES: Record<EntityType, string> = { person: 'p', place: 'l', organisation: 'o', event: 'e' };
/** By the lower-case letter's code: the type (undefined for any other code). */
const TYPE_OF: readonly (EntityType | undefined)[] = (() => {
  const byCode: (EntityType | undefined)[] = new Array(128).fill(undefined);
  for (const t of ENTITY_TYPES) byCode[TYPE_CODES[t].charCodeAt(0)] = t;
  return byCode;
})();
/** The type a `types` letter (as its char code) stands for, in either case; undefined for any other code. */
const typeOfCode = (code: number): EntityType | undefined => TYPE_OF[code | 0x20];
/** Whether a `types` letter (as its char code) is upper case: the entity allows near misses. */
const fuzzyCode = (code: number): boolean => code < 0x61;
/** A `types` text of known letters only. */
const TYPES_TEXT = new RegExp(
  `^[${Object.values(TYPE_CODES).join('')}${Object.values(TYPE_CODES).join('').toUpperCase()}]*$`,
);
/** By the lower-case letter's code: whether that type's entities may be found by near misses (`fuzzyEligible`). */
const FUZZY_TYPE: readonly boolean[] = TYPE_OF.map(
  (t) => t !== undefined && fuzzyEligible({ type: t, fuzzy: true }),
);
/**
 * Every id of a list, space-separated (`ENTITY_ID` without its anchors, repeated): one native match for the
 * 10,000 ids of the benchmark knowledge, where a test per id was most of the list's checks, cold.
 */
const ID_LIST = new RegExp(
  `^(?:${ENTITY_ID.source.slice(1, -1)})(?: (?:${ENTITY_ID.source.slice(1, -1)}))*$`,
);

/**
 * What content-names.js (see `namesScript`) leaves for the content script. Every part is text (JSON, or as
 * described) or numbers, parsed and validated by the content script when it needs it.
 */
export interface NameBundle {
  /** The entities' ids in declaration order (the matcher's entity numbers), joined by spaces (ids hold none). */
  ids: string;
  /** Per entity, one letter for its type (`TYPE_CODES`), in upper case when the entity allows near misses. */
  types: string;
  /** The entities' display names, in the same order, joined by U+0001 (no name holds it: `toNameBundle`). */
  names: string;
  /** JSON of the two `FuzzyFacts` (one-word and two-word names). */
  fuzzy: string;
  /** JSON of `fuzzyKeys`: `[entity, folded name]` pairs, read on a page's first fuzzy lookup (`[]` if none). */
  fuzzyKeys: string;
  /** The bucket table has 2^slotBits slots (`Buckets.bits`). */
  slotBits: number;
  /** `[slot, key lengths]` per bucket, flat, in slot order. */
  slots: number[];
  /**
   * Per bucket, its items (`LazyItem[]`) as JSON. A real array at build time; in the content script the texts as
   * content-names.js packed them (`PackedTexts`), each read out when its bucket is compiled.
   */
  items: TextList;
}

/** A bundle as the build makes it (`toNameBundle`), its bucket texts an array. */
export type BuiltNames = NameBundle & { items: string[] };

/**
 * Where content-names.js leaves the bundle: a global of the extension's isolated world, which the page cannot
 * see.
 */
const NAMES_KEY = 'reader-context.names';
export const NAMES_GLOBAL = Symbol.for(NAMES_KEY);

/**
 * Between the parts of a list packed into one text. JSON text never holds it raw (JSON.stringify escapes every
 * control character), so splitting on it gives back exactly the texts joined.
 */
const SEP = '\u0001';

/** How content-names.js carries a `NameBundle`: every part one text, the lists joined with `SEP`. */
interface PackedNames {
  ids: string;
  types: string;
  names: string;
  fuzzy: string;
  fuzzyKeys: string;
  /**
   * JSON of `{ bits: slotBits, slots }`, each slot given as its distance from the one before (the first from
   * 0): in a table of 2^18 slots, two digits rather than six, 80 KB less script for the benchmark knowledge.
   */
  slots: string;
  items: string;
}

const LITERAL_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  "'": "\\'",
  '\n': '\\n',
  '\r': '\\r',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/** A JavaScript string literal of `s` in single quotes: JSON's double quotes go in as they are. */
function singleQuoted(s: string): string {
  return `'${s.replace(/[\\'\n\r\u2028\u2029]/g, (c) => LITERAL_ESCAPES[c] as string)}'`;
}

/**
 * The whole of content-names.js (build time; wxt.config.ts writes it): one statement that leaves the bundle in
 * the shared global, as seven texts in single-quoted string literals. The script is evaluated on every page, and
 * its form is chosen for what V8 does with it there:
 * - Texts stay strings, parsed by the content script when needed: JSON.parse of a string is faster than the same
 *   data as a JavaScript object literal, and most buckets are never parsed at all.
 * - Few literals, with few escapes. The 10,000-entity benchmark knowledge's 11,736 buckets as 11,736
 *   double-quoted JSON strings (every quote of their JSON escaped) took 11.5 ms to evaluate; packed into five
 *   single-quoted texts, 5.6 ms (Node, fresh context, median of 15). The content script reads a part out of its
 *   text when it needs it (`PackedTexts`).
 * - Not a template literal, which V8 scans more slowly than a plain string: a bundler's minifier turns a list of
 *   JSON strings into one (14.0 ms of CPU against 6.0 ms for double-quoted strings, Chromium traces of the 100 KB
 *   bench page, median of 11 loads). That, and the runtime wrapper and module-level schemas a bundled entrypoint
 *   carried (7 kB of the real knowledge's 12 kB script), is why the script is written here, not bundled.
 */
export function namesScript(bundle: BuiltNames): string {
  const packed: PackedNames = {
    ids: bundle.ids,
    types: bundle.types,
    names: bundle.names,
    fuzzy: bundle.fuzzy,
    fuzzyKeys: bundle.fuzzyKeys,
    slots: JSON.stringify({ bits: bundle.slotBits, slots: slotDistances(bundle.slots) }),
    items: bundle.items.join(SEP),
  };
  const fields = Object.entries(packed).map(([k, text]) => `${k}:${singleQuoted(text)}`);
  return `globalThis[Symbol.for(${JSON.stringify(NAMES_KEY)})]={${fields.join(',')}};\n`;
}

/** (slot, lengths) pairs, each slot after the first written as its distance from the one before (build time). */
function slotDistances(pairs: readonly number[]): number[] {
  return pairs.map((n, i) => (i % 2 === 0 && i > 0 ? n - (pairs[i - 2] as number) : n));
}

/**
 * Back from `slotDistances`, in place: the array was just parsed (a plain loop; this runs cold, on every page). A
 * distance that is no number would add as one (JSON's true as 1, null as 0); the matcher refuses a sum that is no
 * integer.
 */
function slotsFromDistances(pairs: unknown[]): number[] {
  for (let i = 2; i < pairs.length; i += 2) {
    const d = pairs[i];
    if (typeof d !== 'number') throw new Error(`${MALFORMED}: slot distance ${String(d)}`);
    pairs[i] = d + (pairs[i - 2] as number);
  }
  return pairs as number[];
}

const MISSING = 'bundled names missing: content-names.js must run before content.js (see wxt.config.ts)';
const MALFORMED = 'bundled names malformed (content-names.js, written by namesScript)';

/**
 * Texts joined by one separator, kept as the one string they came in; a text is sliced out when it is read. The
 * benchmark knowledge's 19,758 buckets split into as many strings at once, most never read, and all kept alive
 * while the page loads: every young-generation collection of the start-up then copied them. The same texts in a
 * page: parsing the entity list's names took 5.5–9 ms after that split, 0.5 ms without it (Chromium, three
 * loads each). The table of where each text ends is one typed array, outside the collected heap.
 */
export class PackedTexts implements TextList {
  private readonly ends: Int32Array;
  private readonly sepCode: number;

  /** Throws unless `text` holds exactly `count` texts ('' holds none); `sep` is one UTF-16 unit. */
  constructor(
    private readonly text: string,
    count: number,
    private readonly sep = SEP,
  ) {
    if (sep.length !== 1) throw new Error('PackedTexts: the separator must be one UTF-16 unit');
    this.sepCode = sep.charCodeAt(0);
    const ends = new Int32Array(count);
    let k = 0;
    if (text !== '') {
      for (let at = text.indexOf(sep); at !== -1 && k < count; at = text.indexOf(sep, at + 1)) ends[k++] = at;
      if (k < count) ends[k++] = text.length;
      else k++; // a text more than `count`
    }
    if (k !== count) throw new Error(`${count} texts expected, ${k < count ? k : 'more'} found`);
    this.ends = ends;
  }

  get length(): number {
    return this.ends.length;
  }

  at(i: number): string | undefined {
    if (!Number.isInteger(i) || i < 0 || i >= this.ends.length) return undefined;
    return this.text.slice(this.startOf(i), this.ends[i]);
  }

  /** The first i with `at(i) === t`, or -1: a native search of the whole text, no string made per text. */
  find(t: string): number {
    if (t.includes(this.sep) || this.ends.length === 0) return -1;
    const { text, sepCode } = this;
    // Not `at = indexOf(t, at + 1)` in the loop's head: for '' that stops moving at the end of the text.
    for (let from = 0; from <= text.length; ) {
      const at = text.indexOf(t, from);
      if (at === -1) break;
      const end = at + t.length;
      const starts = at === 0 || text.charCodeAt(at - 1) === sepCode;
      if (starts && (end === text.length || text.charCodeAt(end) === sepCode)) return this.indexAt(at);
      from = at + 1;
    }
    return -1;
  }

  /** The text that holds the character at `offset` (or the separator after it). */
  indexAt(offset: number): number {
    let lo = 0;
    let hi = this.ends.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.ends[mid] as number) < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private startOf(i: number): number {
    return i === 0 ? 0 : (this.ends[i - 1] as number) + 1;
  }
}

/** The bundle content-names.js left, checked for shape (each text is validated when it is parsed). */
export function bundledNames(g: object = globalThis): NameBundle {
  const p = (g as Record<symbol, unknown>)[NAMES_GLOBAL] as Partial<PackedNames> | undefined;
  if (typeof p !== 'object' || p === null) throw new Error(MISSING);
  const { ids, types, names, fuzzy, fuzzyKeys, slots, items } = p;
  if (
    typeof ids !== 'string' ||
    typeof types !== 'string' ||
    typeof names !== 'string' ||
    typeof fuzzy !== 'string' ||
    typeof fuzzyKeys !== 'string' ||
    typeof slots !== 'string' ||
    typeof items !== 'string'
  )
    throw new Error(MISSING);
  let table: unknown;
  try {
    table = JSON.parse(slots);
  } catch {
    throw new Error(`${MALFORMED}: its slots are not JSON`);
  }
  const { bits, slots: slotList } = (typeof table === 'object' && table !== null ? table : {}) as {
    bits?: unknown;
    slots?: unknown;
  };
  // Each slot (an integer, in range, increasing) and its key lengths are checked by the matcher (`lazyMatcher`),
  // which reads them anyway: a second pass over the benchmark knowledge's 39,516 numbers here cost 2–4 ms cold.
  if (!Number.isInteger(bits) || !Array.isArray(slotList) || slotList.length % 2 !== 0)
    throw new Error(`${MALFORMED}: its slots are not a table of (slot, lengths) pairs`);
  let itemList: PackedTexts;
  try {
    itemList = new PackedTexts(items, slotList.length / 2);
  } catch (error) {
    throw new Error(`${MALFORMED}: its slots do not match its buckets (${String(error)})`);
  }
  return {
    ids,
    types,
    names,
    fuzzy,
    fuzzyKeys,
    slotBits: bits as number,
    // The matcher checks that the slots increase.
    slots: slotsFromDistances(slotList),
    items: itemList,
  };
}

/** Build time: the bundle for `knowledge` (wxt.config.ts writes it into content-names.js). */
export function toNameBundle(knowledge: Knowledge): BuiltNames {
  const list = knowledge.entities;
  const code = (e: (typeof list)[number]) =>
    e.fuzzy ? TYPE_CODES[e.type].toUpperCase() : TYPE_CODES[e.type];
  const source = { entities: knowledge.entities };
  const slots: number[] = [];
  const items: string[] = [];
  const { bits, buckets } = bucketItems(source);
  for (const b of buckets) {
    slots.push(b.slot, b.lengths);
    items.push(JSON.stringify(b.items));
  }
  const facts = fuzzyFacts(source);
  // What the content script relies on without checking (`loadNames`): ids are unique (it remembers an id at the
  // first entity number it reads for it), and no display name holds the separator the list is joined by.
  const seen = new Set<string>();
  for (const e of list) {
    if (seen.has(e.id)) throw new Error(`names bundle: entity ${e.id} is listed twice`);
    seen.add(e.id);
    if (e.name.includes(SEP)) throw new Error(`names bundle: entity ${e.id}: its name holds U+0001`);
  }
  return {
    ids: list.map((e) => e.id).join(' '),
    types: list.map(code).join(''),
    names: list.map((e) => e.name).join(SEP),
    fuzzy: JSON.stringify(facts),
    fuzzyKeys: JSON.stringify(fuzzyKeys(source, facts)),
    slotBits: bits,
    slots,
    items,
  };
}

/** What the content script keeps of an entity: its id, type and display name (and whether it is fuzzy). */
export type NameEntry = { id: string; type: EntityType; name: string; fuzzy?: true };

/**
 * The entities' ids, by entity number (the matcher emits mentions with them): each id string is made the first
 * time it is read, then kept, so every mention of an entity carries the same string.
 */
export class EntityIds implements TextList {
  private readonly made: (string | undefined)[];
  private readonly numbers = new Map<string, number>();

  constructor(private readonly packed: PackedTexts) {
    this.made = new Array(packed.length);
  }

  get length(): number {
    return this.packed.length;
  }

  at(i: number): string | undefined {
    let id = this.made[i];
    if (id === undefined) {
      id = this.packed.at(i);
      if (id === undefined) return undefined;
      this.made[i] = id;
      // The matcher reads an entity's id to emit its mentions, and the page then asks for the entity by that id.
      if (!this.numbers.has(id)) this.numbers.set(id, i);
    }
    return id;
  }

  /**
   * The entity number of `id`, or -1. An id read before (the matcher's mentions carry them) is remembered; any
   * other is searched for in the whole list: ≈ 50 µs for an id near the end of the benchmark knowledge's 10,000
   * (Node). Before ids read were remembered, every mention's took that path: 3.3 ms of the 100 KB bench page's
   * start-up in a sampled profile.
   */
  indexOf(id: string): number {
    let i = this.numbers.get(id);
    if (i === undefined) {
      i = this.packed.find(id);
      if (i < 0) return -1;
      this.numbers.set(id, i);
    }
    return i;
  }
}

/** Where an entity's `NameEntry` comes from: the entity list as shipped, checked (`loadNames`). */
export class NameTable {
  private readonly made: (NameEntry | undefined)[] = [];

  constructor(
    /** Ids in declaration order: entity numbers. */
    readonly ids: EntityIds,
    private readonly types: string,
    private readonly names: TextList,
  ) {}

  get size(): number {
    return this.ids.length;
  }

  /** Entity number `i`. */
  at(i: number): NameEntry {
    let e = this.made[i];
    if (e === undefined) {
      const code = this.types.charCodeAt(i);
      e = {
        id: this.ids.at(i) as string,
        type: typeOfCode(code) as EntityType,
        name: this.names.at(i) as string,
      };
      if (fuzzyCode(code)) e.fuzzy = true;
      this.made[i] = e;
    }
    return e;
  }

  get(id: string): NameEntry | undefined {
    const i = this.ids.indexOf(id);
    return i < 0 ? undefined : this.at(i);
  }

  has(id: string): boolean {
    return this.ids.indexOf(id) >= 0;
  }
}

/** A name that is blank (only white space, as `String.prototype.trim` sees it), in a `SEP`-joined list. */
const BLANK_NAME = new RegExp(`(?:^|${SEP})\\s*(?=${SEP}|$)`);

/**
 * Checks the entity list whole, to the knowledge schema's rules (id pattern, type, a name that is not blank),
 * and returns its parts, made into lists; throws, naming the first bad entity, if any is malformed (the build made
 * it: a bug). Native passes only (regular expressions over each text, and `indexOf`): the benchmark knowledge's
 * 10,000 entities checked one by one, their ids put in a Map, took 4–8 ms on the 100 KB bench page, start-up code
 * running cold; this is one step, ≈ 2 ms cold at 10,000 entities (Node). Whether an id is listed twice is the
 * build's to check (`toNameBundle`).
 */
export function checkEntities(bundle: Pick<NameBundle, 'ids' | 'types' | 'names'>): {
  ids: EntityIds;
  types: string;
  names: PackedTexts;
} {
  const { types } = bundle;
  const count = types.length;
  const lineUp = (what: string, text: string, sep: string): PackedTexts => {
    try {
      return new PackedTexts(text, count, sep);
    } catch (error) {
      throw new Error(`${count} types, and the ${what}: ${(error as Error).message}`);
    }
  };
  const ids = lineUp('ids', bundle.ids, ' ');
  const names = lineUp('names', bundle.names, SEP);
  if (count > 0 && !ID_LIST.test(bundle.ids)) {
    for (let i = 0; i < count; i++)
      if (!ENTITY_ID.test(ids.at(i) as string)) throw new Error(`entity ${i}: bad id`);
  }
  const name = count > 0 ? BLANK_NAME.exec(bundle.names) : null;
  if (name !== null) {
    const i = names.indexAt(name.index + (name[0].startsWith(SEP) ? 1 : 0));
    throw new Error(`entity ${i} (${ids.at(i)}): bad name`);
  }
  if (!TYPES_TEXT.test(types)) {
    for (let i = 0; i < count; i++)
      if (typeOfCode(types.charCodeAt(i)) === undefined)
        throw new Error(`entity ${i} (${ids.at(i)}): bad type`);
  }
  return { ids: new EntityIds(ids), types, names };
}

/** Per entity of a checked `types` text: 1 if it may be found by near misses (`fuzzyEligible`). */
export function fuzzyFlags(types: string): Uint8Array<ArrayBuffer> {
  const flags = new Uint8Array(types.length);
  for (let i = 0; i < types.length; i++) {
    const code = types.charCodeAt(i);
    if (fuzzyCode(code) && FUZZY_TYPE[code | 0x20]) flags[i] = 1;
  }
  return flags;
}

/** Parses and checks one bucket's items, whose entity numbers must be below `entities`. */
export function parseBucket(text: string, entities: number): LazyItem[] {
  const items: unknown = JSON.parse(text);
  if (!Array.isArray(items)) throw new Error('not an array');
  for (let i = 0; i < items.length; i++) {
    const it: unknown = items[i];
    if (!Array.isArray(it)) throw new Error(`item ${i}: not an array`);
    const [e, op, name, suffix] = it as unknown[];
    if (typeof e !== 'number' || !Number.isInteger(e) || e < 0 || e >= entities)
      throw new Error(`item ${i}: entity ${String(e)} out of range (${entities})`);
    const suffixed = op === ITEM_SUFFIX || op === ITEM_SUFFIX_EXACT;
    if (!suffixed && op !== ITEM_NAME && op !== ITEM_NAME_EXACT && op !== ITEM_NOT_IN)
      throw new Error(`item ${i}: bad op ${String(op)}`);
    if (
      typeof name !== 'string' ||
      it.length !== (suffixed ? 4 : 3) ||
      (suffixed && typeof suffix !== 'string')
    )
      throw new Error(`item ${i}: expected [entity, op, text${suffixed ? ', suffix' : ''}]`);
  }
  return items as LazyItem[];
}

/** Parses and checks the fuzzy keys: `[entity, folded name]` pairs, entity numbers below `entities`. */
export function parseFuzzyKeys(text: string, entities: number): [number, string][] {
  const keys: unknown = JSON.parse(text);
  if (!Array.isArray(keys)) throw new Error('not an array');
  for (let i = 0; i < keys.length; i++) {
    const k: unknown = keys[i];
    if (
      !Array.isArray(k) ||
      k.length !== 2 ||
      !Number.isInteger(k[0]) ||
      k[0] < 0 ||
      k[0] >= entities ||
      typeof k[1] !== 'string'
    )
      throw new Error(`key ${i}: expected [entity, folded name], entity below ${entities}`);
  }
  return keys as [number, string][];
}

// The fuzzy facts: one small text, read once a page.
const Int = v.pipe(v.number(), v.integer(), v.minValue(0));
const FuzzyFactsSchema = v.strictObject({
  targets: v.boolean(),
  lengths: v.array(v.strictTuple([Int, Int])),
});
const FuzzySchema = v.strictTuple([FuzzyFactsSchema, FuzzyFactsSchema]);

export interface CompiledNames {
  /** Every entity, in declaration order (the matcher's entity numbers), without its names; and by id. */
  names: NameTable;
  matcher: CompiledMatcherInfo;
}

/**
 * Checks the entity list in one step of `runner` (a SliceRunner: steps run in time-boxed slices, each slice its
 * own task), then, in another, makes the lazy matcher over the bundle's buckets: each
 * bucket is parsed, validated and compiled when a scanned text first reaches it. Rejects, naming the part, if
 * the entity list or the fuzzy facts are malformed; a malformed bucket throws, naming its slot, from the `match`
 * that compiles it: one whose text reaches it, or the one at which the matcher compiles what is left.
 */
export function loadNames(
  bundle: NameBundle,
  runner: { add(step: () => boolean): void },
): Promise<CompiledNames> {
  return new Promise((resolve, reject) => {
    let list: ReturnType<typeof checkEntities> | undefined;
    let fuzzyOk = new Uint8Array(0);
    runner.add(() => {
      if (list === undefined) {
        try {
          list = checkEntities(bundle);
          fuzzyOk = fuzzyFlags(list.types);
          return true;
        } catch (error) {
          reject(new Error(`bundled names, entity list: ${String(error)}`));
          return false;
        }
      }
      try {
        const fuzzy = v.parse(FuzzySchema, JSON.parse(bundle.fuzzy)) as [FuzzyFacts, FuzzyFacts];
        const { ids, types, names } = list;
        const count = ids.length;
        const { slotBits, slots, items } = bundle;
        const load = (i: number): LazyItem[] => {
          try {
            return parseBucket(items.at(i) ?? '', count);
          } catch (error) {
            throw new Error(`bundled names, bucket ${slots[2 * i]}: ${String(error)}`);
          }
        };
        const keys = (): [number, string][] => {
          try {
            return parseFuzzyKeys(bundle.fuzzyKeys, count);
          } catch (error) {
            throw new Error(`bundled names, fuzzy keys: ${String(error)}`);
          }
        };
        resolve({
          names: new NameTable(ids, types, names),
          matcher: lazyMatcher({ ids, fuzzyOk, slotBits, slots, load, fuzzy, fuzzyKeys: keys }),
        });
      } catch (error) {
        reject(new Error(`bundled names: ${String(error)}`));
      }
      return false;
    });
  });
}
