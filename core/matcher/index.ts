/** The name matcher: `compileMatcher(source).match(text)` → mentions. See docs/MATCHER.md. */
export { type CompiledMatcherInfo, compileMatcher, type MatchOptions } from './compile';
export { type LazySource, lazyMatcher } from './lazy';
export type {
  CompiledMatcher,
  EntityType,
  Exclusion,
  ExclusionRule,
  Explain,
  MatcherEntity,
  MatcherSource,
  Mention,
  NameSpec,
  TextList,
} from './types';
