/**
 * The name index: a trie over normalised (case-folded, accent-stripped) names, walked only from word starts.
 *
 * Scanning is leftmost-longest: at each word start the trie is followed as far as the text allows, and the
 * longest name that ends on a word boundary wins, so "Alexander Lukashenko" is one mention and "UN" inside "UN
 * Human Rights Council" is not a second. A `notIn` phrase is a key like any name, but it marks the span as
 * "not this entity": being longer, it swallows the name inside it. Cost per page is one pass over the text
 * plus a walk per word no longer than the longest name sharing its prefix, independent of how many names
 * there are, which is why it beats one RegExp per name (mark.js) on a large knowledge base.
 *
 * The parts: items.ts (what an entity adds), flat-trie.ts and index-builder.ts (the tables), scan.ts (the
 * scan), fuzzy-pass.ts (near misses). This file compiles a whole source at once and re-exports the parts that
 * lazy.ts and the knowledge's name format build on.
 */
import { FuzzyIndex } from './fuzzy';
import { buildIndex } from './index-builder';
import { type CompiledMatcherInfo, type MatchOptions, matcherFrom } from './scan';
import type { MatcherSource } from './types';

export { buildIndex, IndexBuilder, type IndexTables } from './index-builder';
export {
  addFuzzyKey,
  forEachItem,
  fuzzyEligible,
  ITEM_NAME,
  ITEM_NAME_EXACT,
  ITEM_NOT_IN,
  ITEM_SUFFIX,
  ITEM_SUFFIX_EXACT,
  type ItemOp,
  isExactCase,
  itemKey,
} from './items';
export { type CompiledMatcherInfo, type MatcherGrowth, type MatchOptions, matcherFrom } from './scan';
export { wordAt } from './words';

export function compileMatcher(source: MatcherSource, options: MatchOptions = {}): CompiledMatcherInfo {
  const fuzzy1 = new FuzzyIndex();
  const fuzzy2 = new FuzzyIndex();
  const person = Uint8Array.from(source.entities, (e) => (e.type === 'person' ? 1 : 0));
  return matcherFrom(buildIndex(source, fuzzy1, fuzzy2), person, fuzzy1, fuzzy2, options);
}
