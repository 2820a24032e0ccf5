/**
 * The slice of the knowledge the content script bundles: what the matcher and the highlights need (ids, types,
 * display names, the names to find). Everything a card shows comes from the background on demand, so a page
 * pays for a few kilobytes of names rather than the whole knowledge base.
 *
 * The names travel as the lazy matcher's buckets (core/matcher/lazy.ts), each a short JSON text parsed and
 * compiled only when a page's words can reach it: of the 30,000 names of a 10,000-entity knowledge base, a
 * saved real news page reaches fewer than 30 and the 100 KB bench page about 900. The entity list (id, type,
 * display name) is parsed in chunks, a chunk per step of a few milliseconds, so even a large knowledge base never
 * makes one long task.
 */
import * as v from 'valibot';
import type { CompiledMatcherInfo } from '../matcher';
import { ITEM_NAME, ITEM_NAME_EXACT, ITEM_NOT_IN, ITEM_SUFFIX, ITEM_SUFFIX_EXACT } from '../matcher/compile';
import {
  bucketItems,
  type FuzzyFacts,
  fuzzyFacts,
  fuzzyKeys,
  type LazyItem,
  lazyMatcher,
} from '../matcher/lazy';
import { ENTITY_ID, ENTITY_TYPES } from './schema';
import type { EntityType, Knowledge } from './types';

/**
 * Entities per chunk of the entity list. A chunk of 250 (id, type, name) entries parses and is checked in 0.06 ms
 * warm and at most 3 ms cold (Node, the benchmark knowledge's 40 chunks), inside one 8 ms slice.
 */
export const NAME_CHUNK = 250;

/**
 * What content-names.js (see `namesScript`) leaves for the content script. Every part is JSON text or numbers,
 * parsed and validated by the content script when it needs it.
 */
export interface NameBundle {
  /** JSON arrays of `[id, type, name]` (or `[id, type, name, 1]` for an entity with fuzzy matching), in order. */
  entities: string[];
  /** JSON of the two `FuzzyFacts` (one-word and two-word names). */
  fuzzy: string;
  /** JSON of `fuzzyKeys`: `[entity, folded name]` pairs, read on a page's first fuzzy lookup (`[]` if none). */
  fuzzyKeys: string;
  /** The bucket table has 2^slotBits slots (`Buckets.bits`). */
  slotBits: number;
  /** `[slot, key lengths]` per bucket, flat, in slot order. */
  slots: number[];
  /** Per bucket, its items (`LazyItem[]`) as JSON. */
  items: string[];
}

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
  entities: string;
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
 * the shared global, as five texts in single-quoted string literals. The script is evaluated on every page, and
 * its form is chosen for what V8 does with it there:
 * - Texts stay strings, parsed by the content script when needed: JSON.parse of a string is faster than the same
 *   data as a JavaScript object literal, and most buckets are never parsed at all.
 * - Few literals, with few escapes. The 10,000-entity benchmark knowledge's 11,736 buckets as 11,736
 *   double-quoted JSON strings (every quote of their JSON escaped) took 11.5 ms to evaluate; packed into five
 *   single-quoted texts, 5.6 ms (Node, fresh context, median of 15). Splitting the buckets' text back into its
 *   parts costs about 1 ms, once (`bundledNames`).
 * - Not a template literal, which V8 scans more slowly than a plain string: a bundler's minifier turns a list of
 *   JSON strings into one (14.0 ms of CPU against 6.0 ms for double-quoted strings, Chromium traces of the 100 KB
 *   bench page, median of 11 loads). That, and the runtime wrapper and module-level schemas a bundled entrypoint
 *   carried (7 kB of the real knowledge's 12 kB script), is why the script is written here, not bundled.
 */
export function namesScript(bundle: NameBundle): string {
  const packed: PackedNames = {
    entities: bundle.entities.join(SEP),
    fuzzy: bundle.fuzzy,
    fuzzyKeys: bundle.fuzzyKeys,
    slots: JSON.stringify({ bits: bundle.slotBits, slots: shiftSlots(bundle.slots, -1) }),
    items: bundle.items.join(SEP),
  };
  const fields = Object.entries(packed).map(([k, text]) => `${k}:${singleQuoted(text)}`);
  return `globalThis[Symbol.for(${JSON.stringify(NAMES_KEY)})]={${fields.join(',')}};\n`;
}

/**
 * (slot, lengths) pairs with each slot made its distance from the one before (`sign` -1), or back (`sign` 1).
 */
function shiftSlots(pairs: readonly number[], sign: 1 | -1): number[] {
  const out = [...pairs];
  for (let i = 2; i < out.length; i += 2)
    out[i] = (out[i] as number) + sign * ((sign === 1 ? out[i - 2] : pairs[i - 2]) as number);
  return out;
}

const MISSING = 'bundled names missing: content-names.js must run before content.js (see wxt.config.ts)';
const MALFORMED = 'bundled names malformed (content-names.js, written by namesScript)';
const unpack = (text: string) => (text === '' ? [] : text.split(SEP));

/** The bundle content-names.js left, checked for shape (each text is validated when it is parsed). */
export function bundledNames(g: object = globalThis): NameBundle {
  const p = (g as Record<symbol, unknown>)[NAMES_GLOBAL] as Partial<PackedNames> | undefined;
  if (typeof p !== 'object' || p === null) throw new Error(MISSING);
  const { entities, fuzzy, fuzzyKeys, slots, items } = p;
  if (
    typeof entities !== 'string' ||
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
  const itemList = unpack(items);
  if (
    !Number.isInteger(bits) ||
    !Array.isArray(slotList) ||
    !slotList.every((n) => Number.isInteger(n)) ||
    slotList.length !== 2 * itemList.length
  )
    throw new Error(`${MALFORMED}: its slots do not match its ${itemList.length} buckets`);
  return {
    entities: unpack(entities),
    fuzzy,
    fuzzyKeys,
    slotBits: bits as number,
    // Back from distances to slots; the matcher checks that they increase.
    slots: shiftSlots(slotList as number[], 1),
    items: itemList,
  };
}

/** Build time: the bundle for `knowledge` (wxt.config.ts writes it into content-names.js). */
export function toNameBundle(knowledge: Knowledge, size = NAME_CHUNK): NameBundle {
  const entities: string[] = [];
  for (let i = 0; i < knowledge.entities.length; i += size) {
    const chunk = knowledge.entities
      .slice(i, i + size)
      .map((e) => (e.fuzzy ? [e.id, e.type, e.name, 1] : [e.id, e.type, e.name]));
    entities.push(JSON.stringify(chunk));
  }
  const source = { entities: knowledge.entities };
  const slots: number[] = [];
  const items: string[] = [];
  const { bits, buckets } = bucketItems(source);
  for (const b of buckets) {
    slots.push(b.slot, b.lengths);
    items.push(JSON.stringify(b.items));
  }
  const facts = fuzzyFacts(source);
  return {
    entities,
    fuzzy: JSON.stringify(facts),
    fuzzyKeys: JSON.stringify(fuzzyKeys(source, facts)),
    slotBits: bits,
    slots,
    items,
  };
}

/** What the content script keeps of an entity: its id, type and display name (and whether it is fuzzy). */
export type NameEntry = { id: string; type: EntityType; name: string; fuzzy?: true };

// The entity list and the buckets are checked by hand, to the same rules as the knowledge file's schema (ids,
// types, non-empty names): they are read on every page, where code runs cold. For the 10,000 entities of the
// benchmark knowledge, valibot's generic schemas took 18.5 ms cold (4 ms warm), these checks with their JSON.parse
// 7.4 ms cold (2 ms warm; Node, first of three rounds).
const TYPES: ReadonlySet<string> = new Set(ENTITY_TYPES);

/** Parses and checks one chunk of the entity list; throws on a malformed one (the build made it: a bug). */
export function parseEntityChunk(text: string): NameEntry[] {
  const rows: unknown = JSON.parse(text);
  if (!Array.isArray(rows)) throw new Error('not an array');
  const out: NameEntry[] = [];
  for (let i = 0; i < rows.length; i++) {
    const r: unknown = rows[i];
    if (!Array.isArray(r) || (r.length !== 3 && !(r.length === 4 && r[3] === 1)))
      throw new Error(`entity ${i}: expected [id, type, name] or [id, type, name, 1]`);
    const [id, type, name] = r as unknown[];
    if (typeof id !== 'string' || !ENTITY_ID.test(id)) throw new Error(`entity ${i}: bad id`);
    if (typeof type !== 'string' || !TYPES.has(type)) throw new Error(`entity ${i} (${id}): bad type`);
    if (typeof name !== 'string' || name.trim().length === 0)
      throw new Error(`entity ${i} (${id}): bad name`);
    const e: NameEntry = { id, type: type as EntityType, name };
    if (r.length === 4) e.fuzzy = true;
    out.push(e);
  }
  return out;
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
  names: { entities: NameEntry[]; byId: ReadonlyMap<string, NameEntry> };
  matcher: CompiledMatcherInfo;
}

/**
 * Parses and validates the entity list, one chunk per step of `runner` (a SliceRunner: steps run in time-boxed
 * slices, each slice its own task), then makes the lazy matcher over the bundle's buckets: each bucket is parsed,
 * validated and compiled when a scanned text first reaches it. Rejects, naming the part, if the entity list or
 * the fuzzy facts are malformed; a malformed bucket throws, naming its slot, from the `match` that compiles it:
 * one whose text reaches it, or the one at which the matcher compiles what is left.
 */
export function loadNames(
  bundle: NameBundle,
  runner: { add(step: () => boolean): void },
): Promise<CompiledNames> {
  return new Promise((resolve, reject) => {
    const entities: NameEntry[] = [];
    const byId = new Map<string, NameEntry>();
    const chunks = bundle.entities;
    let next = 0;
    runner.add(() => {
      try {
        if (next < chunks.length) {
          for (const e of parseEntityChunk(chunks[next] as string)) {
            if (byId.has(e.id)) throw new Error(`entity ${e.id} listed twice`);
            entities.push(e);
            byId.set(e.id, e);
          }
          next++;
          return true;
        }
      } catch (error) {
        reject(new Error(`bundled names, entity chunk ${next + 1} of ${chunks.length}: ${String(error)}`));
        return false;
      }
      try {
        const fuzzy = v.parse(FuzzySchema, JSON.parse(bundle.fuzzy)) as [FuzzyFacts, FuzzyFacts];
        const count = entities.length;
        const { slotBits, slots, items } = bundle;
        const load = (i: number): LazyItem[] => {
          try {
            return parseBucket(items[i] as string, count);
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
          names: { entities, byId },
          matcher: lazyMatcher({ entities, slotBits, slots, load, fuzzy, fuzzyKeys: keys }),
        });
      } catch (error) {
        reject(new Error(`bundled names: ${String(error)}`));
      }
      return false;
    });
  });
}
