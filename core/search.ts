/**
 * Fuzzy search over everything the extension knows (fuse.js). The knowledge compiler prebuilds the index with
 * `buildSearchIndex`, so opening the popup does not pay for indexing; `createSearcher` loads it.
 */
import Fuse, { type FuseIndex, type IFuseOptions } from 'fuse.js';
import type { Entity } from './knowledge/types';

/** What a search document holds: the entity's names, variants and description, flattened for fuse.js. */
export interface SearchDoc {
  id: string;
  name: string;
  names: string[];
  description: string;
}

export function toSearchDoc(entity: Entity): SearchDoc {
  return {
    id: entity.id,
    name: entity.name,
    names: entity.names.map((n) => n.text),
    description: entity.description.text,
  };
}

// Names weigh most; a hit only in the description still surfaces ("resort" finds Sochi) but ranks lower.
export const SEARCH_KEYS = [
  { name: 'name', weight: 3 },
  { name: 'names', weight: 2 },
  { name: 'description', weight: 0.5 },
];

export const SEARCH_OPTIONS: IFuseOptions<SearchDoc> = {
  keys: SEARCH_KEYS,
  includeScore: true,
  // 0.4 tolerates two typos in a surname ("Lukashnko", "Tikhanovskya") without matching unrelated names.
  threshold: 0.4,
  ignoreLocation: true,
  minMatchCharLength: 2,
};

export function buildSearchIndex(entities: Entity[]): ReturnType<FuseIndex<SearchDoc>['toJSON']> {
  return Fuse.createIndex(SEARCH_KEYS, entities.map(toSearchDoc)).toJSON();
}

export interface SearchHit {
  id: string;
  score: number;
}

export function createSearcher(entities: Entity[], indexJson?: ReturnType<FuseIndex<SearchDoc>['toJSON']>) {
  const docs = entities.map(toSearchDoc);
  const index = indexJson ? Fuse.parseIndex<SearchDoc>(indexJson) : undefined;
  const fuse = new Fuse(docs, SEARCH_OPTIONS, index);
  return {
    search(query: string, limit = 8): SearchHit[] {
      const q = query.trim();
      if (q.length < 2) return [];
      return fuse.search(q, { limit }).map((r) => ({ id: r.item.id, score: r.score ?? 0 }));
    },
  };
}
