/**
 * The slice of the knowledge the content script bundles: what the matcher and the highlights need (ids, types,
 * display names, the names to find). Everything a card shows comes from the background on demand, so a page
 * pays for parsing a few kilobytes of names rather than the whole knowledge base.
 */
import * as v from 'valibot';
import type { NameSpec } from '../matcher/types';
import { EntitySchema } from './schema';
import type { EntityType, Knowledge } from './types';

export interface NameIndexEntity {
  id: string;
  type: EntityType;
  name: string;
  names: NameSpec[];
  notIn?: string[];
  fuzzy?: boolean;
}

export interface NameIndex {
  entities: NameIndexEntity[];
}

/** Run at build time (see the '#knowledge-names' module in wxt.config.ts). */
export function toNameIndex(knowledge: Knowledge): NameIndex {
  return {
    entities: knowledge.entities.map((e) => ({
      id: e.id,
      type: e.type,
      name: e.name,
      names: e.names,
      ...(e.notIn?.length ? { notIn: e.notIn } : {}),
      ...(e.fuzzy ? { fuzzy: true } : {}),
    })),
  };
}

// The same field rules as the full knowledge file's entities, so the two can never disagree.
const NameIndexSchema = v.object({
  entities: v.array(v.pick(EntitySchema, ['id', 'type', 'name', 'names', 'notIn', 'fuzzy'])),
});

/** Validates the bundled name index; throws on a malformed one (the build produced it, so that is a bug). */
export function parseNameIndex(json: unknown): NameIndex {
  return v.parse(NameIndexSchema, json);
}
