/**
 * The matcher's contract. Everything that finds names (knowledge compiler, content script, popup,
 * command-line annotator) goes through `compileMatcher(...).match(text)`, so this file is the one place
 * that says what a name source and a mention are.
 */

import type { EntityType } from '../knowledge/entity-types';

export type { EntityType };

/** One name an entity is known by, as the knowledge sources declare it. */
export interface NameSpec {
  /** The name as written, in its usual case ("Alexander Lukashenko", "Лукашэнка", "UN"). */
  text: string;
  /**
   * full: the complete name; surname: a surname alone (declared only where unambiguous); variant: another
   * spelling or transliteration; acronym: an abbreviation. Acronyms and names marked caseSensitive match only
   * in the case given, so "UN" is not the French article "un".
   */
  kind: 'full' | 'surname' | 'variant' | 'acronym';
  caseSensitive?: boolean;
  /**
   * Inflectional endings that may follow this name as part of the same word, for languages that decline
   * names (Russian "Путин" → "Путина", "Путину": suffixes ["а", "у", "ым", "е"]). The mention then covers the
   * whole inflected word. Declared per name rather than guessed, so invariant names ("Лукашенко") and
   * lookalike words stay unmatched; only the end of a multi-word name is extended.
   */
  suffixes?: string[];
}

/** What the matcher needs to know about one entity. */
export interface MatcherEntity {
  id: string;
  type: EntityType;
  names: NameSpec[];
  /**
   * Longer phrases that contain one of this entity's names but are not this entity: a newspaper or agreement
   * named after a city ("Minsk agreements"), where the context rules (context.ts) cannot tell: they already drop
   * a namesake ("Viktor Lukashenko") and a name inside a capitalised compound ("Minsk Group").
   * A text span covered by one of these phrases is not a mention of this entity.
   */
  notIn?: string[];
  /** Whether near-miss spellings (not in `names`) may be matched for this entity; people and places only. */
  fuzzy?: boolean;
}

export interface MatcherSource {
  entities: MatcherEntity[];
}

/** One mention: `text.slice(start, end)` is the matched name, possessive suffix excluded. */
export interface Mention {
  entity: string;
  start: number;
  end: number;
  /** Set when the mention was found by near-miss (fuzzy) matching rather than a declared name. */
  fuzzy?: true;
}

/**
 * Why a name found in a text is not a mention: `case` (an acronym or case-sensitive name in another case: French
 * "un"), `list` (an entity's `notIn` phrase), or a context rule of core/matcher/context.ts: `address`,
 * `other-person`, `longer-name`.
 */
export type ExclusionRule = 'address' | 'other-person' | 'longer-name' | 'list' | 'case';

/** A name found in the text but not reported as a mention, and the rule that dropped it. */
export interface Exclusion {
  entity: string;
  start: number;
  end: number;
  rule: ExclusionRule;
}

/** Receives each excluded candidate (the annotator's `--why`); matching without one pays nothing for it. */
export type Explain = (exclusion: Exclusion) => void;

export interface CompiledMatcher {
  /**
   * All mentions in `text`, sorted by start, never overlapping; offsets index into `text` as given. `explain`,
   * if given, hears of every name found but not reported, with the rule that dropped it.
   */
  match(text: string, explain?: Explain): Mention[];
  /** Number of distinct normalised names in the index (for reports and benchmarks). */
  readonly size: number;
}

/**
 * A list of texts read by index: an array, or a list that makes each text when it is first read (the content
 * script's entity ids and bucket texts, core/matcher/names/).
 */
export interface TextList {
  readonly length: number;
  at(i: number): string | undefined;
}
