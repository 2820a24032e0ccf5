/**
 * The strings one entity puts in the index (names, suffixed names, notIn phrases) and their keys: what compiling
 * adds and what the lazy matcher's build buckets, so both see the same items in the same order.
 */
import { normalizeName } from '../text/normalize';
import type { FuzzyIndex } from './fuzzy';
import type { MatcherEntity, NameSpec } from './types';

// A name a fuzzy entity may be found by in misspelt form: its own name in one or two words, never an
// acronym or case-sensitive token (those are exact by nature).
export function fuzzyEligible(entity: Pick<MatcherEntity, 'type' | 'fuzzy'>): boolean {
  return entity.fuzzy === true && (entity.type === 'person' || entity.type === 'place');
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
