/** The name matcher: `compileMatcher(source).match(text)` → mentions. See docs/MATCHER.md. */
export { type CompiledMatcherInfo, compileMatcher, type MatchOptions, matcherBuilder } from './compile';
export {
  loadMatcher,
  MATCHER_FORMAT_VERSION,
  MatcherFormatError,
  type SerializedMatcher,
  serializeMatcher,
} from './serialize';
export type { CompiledMatcher, EntityType, MatcherEntity, MatcherSource, Mention, NameSpec } from './types';
