/**
 * The names slice of the knowledge as the content script receives it: what the matcher and the highlights need
 * (ids, types, display names, the names to find). Everything a card shows comes from the background on demand,
 * so a page pays for a few kilobytes of names rather than the whole knowledge base.
 *
 * The names travel as the lazy matcher's buckets (core/matcher/lazy.ts), each a short JSON text parsed and
 * compiled only when a page's words can reach it: a page reaches a small share of a large knowledge base's
 * names. The entity list (ids, types, display names) travels as three texts, checked whole by a few native passes
 * (./checks.ts) and kept as they came: an entity's id, name and `NameEntry` are made only when the page asks for
 * them (./name-table.ts).
 *
 * This file is the format's one definition: the build's writer (scripts/knowledge/names-script.ts) and the
 * content script's loader (./load.ts) both take the separator, the type letters and the global's key from here.
 * Imports are relative: wxt.config.ts loads this file, through the writer, without the '@/' alias.
 */
import { ENTITY_TYPES, type EntityType } from '../../knowledge/entity-types';
import type { TextList } from '../types';

/** An entity's type as one letter of `NameBundle.types` (upper case: near misses allowed). */
export const TYPE_CODES: Record<EntityType, string> = {
  person: 'p',
  place: 'l',
  organisation: 'o',
  event: 'e',
};

/** By the lower-case letter's code: the type (undefined for any other code). */
export const TYPE_OF: readonly (EntityType | undefined)[] = (() => {
  const byCode: (EntityType | undefined)[] = new Array(128).fill(undefined);
  for (const t of ENTITY_TYPES) byCode[TYPE_CODES[t].charCodeAt(0)] = t;
  return byCode;
})();

/** The type a `types` letter (as its char code) stands for, in either case; undefined for any other code. */
export const typeOfCode = (code: number): EntityType | undefined => TYPE_OF[code | 0x20];

/** Whether a `types` letter (as its char code) is upper case: the entity allows near misses. */
export const fuzzyCode = (code: number): boolean => code < 0x61;

/**
 * What content-names.js (see scripts/knowledge/names-script.ts) leaves for the content script. Every part is text
 * (JSON, or as described) or numbers, parsed and validated by the content script when it needs it.
 */
export interface NameBundle {
  /** The entities' ids in declaration order (the matcher's entity numbers), joined by spaces (ids hold none). */
  ids: string;
  /** Per entity, one letter for its type (`TYPE_CODES`), in upper case when the entity allows near misses. */
  types: string;
  /** The entities' display names, in the same order, joined by `SEP` (no name holds it: `toNameBundle`). */
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

/** What the content script keeps of an entity: its id, type and display name (and whether it is fuzzy). */
export type NameEntry = { id: string; type: EntityType; name: string; fuzzy?: true };

/**
 * Where content-names.js leaves the bundle: a global of the extension's isolated world, which the page cannot
 * see.
 */
export const NAMES_KEY = 'reader-context.names';
export const NAMES_GLOBAL = Symbol.for(NAMES_KEY);
/**
 * The script that leaves it there, loaded with the content app (content/content-app.ts) rather than on every page:
 * most pages name no one, and never need the names (web-accessible: see wxt.config.ts).
 */
export const NAMES_SCRIPT = 'content-names.js';

/**
 * Between the parts of a list packed into one text. JSON text never holds it raw (JSON.stringify escapes every
 * control character), so splitting on it gives back exactly the texts joined.
 */
export const SEP = '\u0001';

/** How content-names.js carries a `NameBundle`: every part one text, the lists joined with `SEP`. */
export interface PackedNames {
  ids: string;
  types: string;
  names: string;
  fuzzy: string;
  fuzzyKeys: string;
  /**
   * JSON of `{ bits: slotBits, slots }`, each slot given as its distance from the one before (the first from
   * 0): a distance takes fewer digits than a slot number in a large table, and the script is evaluated on every
   * page the app starts on.
   */
  slots: string;
  items: string;
}
