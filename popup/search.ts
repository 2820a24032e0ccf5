/** The popup's search over the bundled knowledge, with the index prebuilt for it at compile time. */
import type { Knowledge } from '@/core/knowledge/types';
import { createSearcher } from '@/core/search';
import searchIndex from '@/data/search-index.json';

type IndexJson = Parameters<typeof createSearcher>[1];

export function bundledSearcher(knowledge: Knowledge): ReturnType<typeof createSearcher> {
  // The prebuilt index matches the bundled knowledge; if a different knowledge file was bundled (benchmarks),
  // fall back to indexing on open rather than searching with a mismatched index.
  const index = searchIndex as unknown as IndexJson;
  return createSearcher(
    knowledge.entities,
    index && (index as { records?: unknown[] }).records?.length === knowledge.entities.length
      ? index
      : undefined,
  );
}
