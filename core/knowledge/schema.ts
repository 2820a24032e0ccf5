/**
 * Valibot schemas for the knowledge: the hand-edited sources (data/articles/*.yaml, data/entities/*.yaml,
 * data/loaded-terms.yaml) that scripts/knowledge reads, and the compiled data/knowledge.json that the
 * extension loads (`parseKnowledge`). Formats are documented in docs/KNOWLEDGE.md.
 *
 * Source objects are strict: an unknown key is an error, so a misspelt field ("evidense") is caught
 * instead of silently dropped.
 */
import * as v from 'valibot';
import { ENTITY_TYPES } from './entity-types';
import type { Knowledge } from './types';

const text = v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'));
const isoDate = v.pipe(v.string(), v.isoDate('must be an ISO date, yyyy-mm-dd'));
export const ENTITY_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const entityId = v.pipe(v.string(), v.regex(ENTITY_ID, 'must be lower-case words joined by hyphens'));
/**
 * Article ids are their file names (data/articles/<id>.txt): entity ids' rule, with "_" also allowed between
 * words, as the article files are named (`000_e09d0617d344a8d0`).
 */
export const ARTICLE_ID = /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/;
export const ARTICLE_ID_RULE = 'must be lower-case letters and digits, words joined by "-" or "_"';
const articleId = v.pipe(v.string(), v.regex(ARTICLE_ID, ARTICLE_ID_RULE));
const entityType = v.picklist(ENTITY_TYPES);

// ---------------------------------------------------------------------------------------------------------
// Sources (YAML, edited by hand)

export const EvidenceSource = v.strictObject({ article: articleId, quote: text });
/** In an article's own metadata file `article` may be left out: it defaults to that article. */
export const ArticleEvidenceSource = v.strictObject({ article: v.optional(articleId), quote: text });

/** `basis` defaults to 'article'. Article claims need evidence; background claims must have none. */
export const ClaimSource = v.strictObject({
  text,
  basis: v.optional(v.picklist(['article', 'background'])),
  evidence: v.optional(v.array(EvidenceSource)),
});

export const NameSource = v.strictObject({
  text,
  kind: v.picklist(['full', 'surname', 'variant', 'acronym']),
  caseSensitive: v.optional(v.boolean()),
  /** Inflectional endings for declined languages ("Путин" + "а" → "Путина"); see core/matcher/types.ts. */
  suffixes: v.optional(v.array(text)),
  /**
   * The rule for a name two entities share: the entity that writes `yieldTo: <other id>` is also known by
   * this name, but on a page the name means the other entity. The compiler keeps the name in this entity's
   * `alsoSpelled` (so search finds it) and leaves it out of this entity's matcher names.
   */
  yieldTo: v.optional(entityId),
});

export const EntitySource = v.strictObject({
  id: entityId,
  type: entityType,
  name: text,
  names: v.pipe(v.array(NameSource), v.minLength(1, 'needs at least one name')),
  notIn: v.optional(v.array(text)),
  fuzzy: v.optional(v.boolean()),
  description: ClaimSource,
  when: v.optional(v.strictObject({ start: isoDate, end: v.optional(isoDate) })),
  context: v.optional(
    v.array(v.strictObject({ article: articleId, text, evidence: v.array(EvidenceSource) })),
  ),
  facts: v.optional(v.array(ClaimSource)),
  quotes: v.optional(
    v.array(
      v.strictObject({
        text,
        to: v.optional(text),
        toEntity: v.optional(entityId),
        where: v.optional(text),
        evidence: v.array(EvidenceSource),
      }),
    ),
  ),
  saidAbout: v.optional(
    v.array(
      v.strictObject({ by: text, byEntity: v.optional(entityId), text, evidence: v.array(EvidenceSource) }),
    ),
  ),
  relations: v.optional(
    v.array(v.strictObject({ object: entityId, text, evidence: v.array(EvidenceSource) })),
  ),
  disputes: v.optional(
    v.array(
      v.strictObject({
        topic: text,
        positions: v.pipe(
          v.array(v.strictObject({ who: text, claim: text, evidence: v.array(EvidenceSource) })),
          v.minLength(1, 'needs at least one position'),
        ),
      }),
    ),
  ),
});
export type EntitySource = v.InferOutput<typeof EntitySource>;

const provenanceSource = v.strictObject({ value: text, stated: v.boolean(), basis: text });

export const ArticleMetaSource = v.strictObject({
  headline: provenanceSource,
  publication: provenanceSource,
  date: v.strictObject({ value: isoDate, stated: v.boolean(), basis: text }),
  keyPoints: v.pipe(
    v.array(
      v.strictObject({
        text,
        basis: v.optional(v.picklist(['article', 'background'])),
        evidence: v.optional(v.array(ArticleEvidenceSource)),
      }),
    ),
    v.minLength(3, 'needs 3 to 5 key points'),
    v.maxLength(5, 'needs 3 to 5 key points'),
  ),
});
export type ArticleMetaSource = v.InferOutput<typeof ArticleMetaSource>;

/** data/loaded-terms.yaml: words the knowledge may use only inside attributed quotes. */
export const LoadedTermsSource = v.strictObject({
  terms: v.pipe(v.array(text), v.minLength(1, 'needs at least one term')),
});

// ---------------------------------------------------------------------------------------------------------
// Compiled data/knowledge.json (mirrors ./types.ts; the type check at the end keeps the two in step)

const Evidence = v.object({ article: v.string(), quote: v.string() });
const evidenceList = v.array(Evidence);
const Claim = v.object({
  text: v.string(),
  basis: v.picklist(['article', 'background']),
  evidence: evidenceList,
});
const FieldProvenance = v.object({ stated: v.boolean(), basis: v.string() });

export const ArticleMetaSchema = v.object({
  id: v.pipe(v.string(), v.regex(ARTICLE_ID, ARTICLE_ID_RULE)),
  headline: v.string(),
  publication: v.string(),
  date: isoDate,
  provenance: v.object({ headline: FieldProvenance, publication: FieldProvenance, date: FieldProvenance }),
  keyPoints: v.array(Claim),
});

export const EntitySchema = v.object({
  id: v.string(),
  type: entityType,
  names: v.array(
    v.object({
      text: v.string(),
      kind: v.picklist(['full', 'surname', 'variant', 'acronym']),
      caseSensitive: v.optional(v.boolean()),
      suffixes: v.optional(v.array(v.string())),
    }),
  ),
  notIn: v.optional(v.array(v.string())),
  fuzzy: v.optional(v.boolean()),
  name: v.string(),
  alsoSpelled: v.array(v.string()),
  description: Claim,
  context: v.array(v.object({ article: v.string(), text: v.string(), evidence: evidenceList })),
  facts: v.array(Claim),
  quotes: v.array(
    v.object({
      text: v.string(),
      to: v.optional(v.string()),
      toEntity: v.optional(v.string()),
      where: v.optional(v.string()),
      evidence: evidenceList,
    }),
  ),
  saidAbout: v.array(
    v.object({ by: v.string(), byEntity: v.optional(v.string()), text: v.string(), evidence: evidenceList }),
  ),
  relations: v.array(
    v.object({
      entity: v.string(),
      subject: v.string(),
      object: v.string(),
      text: v.string(),
      evidence: evidenceList,
    }),
  ),
  disputes: v.array(
    v.object({
      topic: v.string(),
      positions: v.array(v.object({ who: v.string(), claim: v.string(), evidence: evidenceList })),
    }),
  ),
  appearances: v.array(
    v.object({
      article: v.string(),
      mentions: v.number(),
      spans: v.optional(v.array(v.tuple([v.number(), v.number()]))),
    }),
  ),
  when: v.optional(v.object({ start: isoDate, end: v.optional(isoDate) })),
});

export const KnowledgeSchema = v.object({
  version: v.literal(1),
  articles: v.array(ArticleMetaSchema),
  entities: v.array(EntitySchema),
});

/** Validates data/knowledge.json as loaded by the extension; throws a ValiError on a malformed file. */
export function parseKnowledge(json: unknown): Knowledge {
  return v.parse(KnowledgeSchema, json);
}

// Compile-time check that the schema and the contract in ./types.ts describe the same shape.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesTypes: Same<v.InferOutput<typeof KnowledgeSchema>, Knowledge> = true;
void schemaMatchesTypes;
