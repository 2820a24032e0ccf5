/**
 * The checks of what content-names.js left, made by the content script as it reads the parts: the entity list
 * whole, then each bucket and the fuzzy keys when first used. The build made the bundle, so a failed check is a
 * bug, reported by naming the part.
 */
import { ENTITY_ID } from '../../knowledge/schema';
import {
  fuzzyEligible,
  ITEM_NAME,
  ITEM_NAME_EXACT,
  ITEM_NOT_IN,
  ITEM_SUFFIX,
  ITEM_SUFFIX_EXACT,
} from '../compile';
import type { FuzzyFacts, LazyItem } from '../lazy';
import { fuzzyCode, type NameBundle, SEP, TYPE_CODES, TYPE_OF, typeOfCode } from './format';
import { EntityIds } from './name-table';
import { PackedTexts } from './packed-texts';

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
 * whole list, where a test per id would be most of the list's checks, run cold at start-up.
 */
const ID_LIST = new RegExp(
  `^(?:${ENTITY_ID.source.slice(1, -1)})(?: (?:${ENTITY_ID.source.slice(1, -1)}))*$`,
);

/** A name that is blank (only white space, as `String.prototype.trim` sees it), in a `SEP`-joined list. */
const BLANK_NAME = new RegExp(`(?:^|${SEP})\\s*(?=${SEP}|$)`);

/**
 * Checks the entity list whole, to the knowledge schema's rules (id pattern, type, a name that is not blank),
 * and returns its parts, made into lists; throws, naming the first bad entity, if any is malformed (the build made
 * it: a bug). Native passes only (regular expressions over each text, and `indexOf`), because this runs cold at
 * start-up, where checking entities one by one and putting their ids in a Map is what a large knowledge base
 * cannot afford. Whether an id is listed twice is the build's to check (`toNameBundle`).
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

/** Per entity of a checked `types` text: 1 if it is a person (the matcher's context rules). */
export function personFlags(types: string): Uint8Array<ArrayBuffer> {
  const flags = new Uint8Array(types.length);
  for (let i = 0; i < types.length; i++) if (typeOfCode(types.charCodeAt(i)) === 'person') flags[i] = 1;
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

/** Whether `x` is a plain object with exactly `keys`. */
function hasExactly(x: unknown, keys: string[]): x is Record<string, unknown> {
  if (x === null || typeof x !== 'object' || Array.isArray(x)) return false;
  const own = Object.keys(x);
  return own.length === keys.length && keys.every((k) => Object.hasOwn(x, k));
}

const isCount = (x: unknown): boolean => Number.isInteger(x) && (x as number) >= 0;

/**
 * Parses and checks the fuzzy facts: one small text, read once a page, two `{ targets, lengths }` records (one-word
 * and two-word names), `lengths` pairs of whole numbers.
 */
export function parseFuzzyFacts(text: string): [FuzzyFacts, FuzzyFacts] {
  const facts: unknown = JSON.parse(text);
  if (!Array.isArray(facts) || facts.length !== 2) throw new Error('fuzzy facts: expected two records');
  for (const [i, f] of facts.entries()) {
    if (
      !hasExactly(f, ['targets', 'lengths']) ||
      typeof f.targets !== 'boolean' ||
      !Array.isArray(f.lengths) ||
      !f.lengths.every((l: unknown) => Array.isArray(l) && l.length === 2 && l.every(isCount))
    )
      throw new Error(`fuzzy facts ${i}: expected { targets, lengths: [count, count][] }`);
  }
  return facts as [FuzzyFacts, FuzzyFacts];
}
