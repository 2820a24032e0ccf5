/**
 * The cards' details, answered to `knowledge:entity`: the background holds the whole knowledge base so that
 * each content script carries only the names it matches with.
 */
import knowledgeJson from '#knowledge';
import { parseKnowledge } from '@/core/knowledge/schema';
import type { Knowledge } from '@/core/knowledge/types';
import type { EntityDetails } from '@/core/messages';

/** The entity and the articles its claims cite (for the card), or null for an unknown id. */
export function entityDetails(knowledge: Knowledge, id: string): EntityDetails | null {
  const entity = knowledge.entities.find((e) => e.id === id);
  if (!entity) return null;
  const cited = new Set<string>();
  const cite = (list: { article: string }[]) => {
    for (const e of list) cited.add(e.article);
  };
  cite(entity.description.evidence);
  cite(entity.context);
  for (const group of [entity.facts, entity.quotes, entity.saidAbout, entity.relations])
    for (const item of group) cite(item.evidence);
  for (const d of entity.disputes) for (const p of d.positions) cite(p.evidence);
  for (const a of entity.appearances) cited.add(a.article);
  return { entity, articles: knowledge.articles.filter((a) => cited.has(a.id)) };
}

/** Parsed (schema-checked) once per background lifetime, on the first card that needs it. */
let knowledgeCache: Knowledge | null = null;
export const bundledKnowledge = (): Knowledge => {
  knowledgeCache ??= parseKnowledge(knowledgeJson);
  return knowledgeCache;
};
