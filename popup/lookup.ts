/**
 * A lookup's own tab: the context menu opens popup.html?q=… when the page did not open a card (the selection
 * names no entity the page knows, or no content script answered: a PDF, a browser page). That tab is about the
 * looked-up text, not about a page.
 */
import type { LookupOutcome } from '@/components/search/LookupNotice';
import type { Knowledge } from '@/core/knowledge/types';
import type { SearchHit } from '@/core/search';
import { foldForCompare } from '@/core/text/normalize';

/** The looked-up text, when popup.html was opened as a lookup's tab (a query, and no page named by ?tabId=). */
export function lookupQueryOf(params: URLSearchParams): string | undefined {
  const q = params.get('q')?.trim();
  return q && !params.has('tabId') ? q : undefined;
}

export function lookupOutcome(
  query: string,
  knowledge: Pick<Knowledge, 'entities'>,
  search: (q: string) => SearchHit[],
): LookupOutcome {
  const key = foldForCompare(query);
  if (!key) return 'unknown';
  const named = knowledge.entities.some(
    (e) => foldForCompare(e.name) === key || e.names.some((n) => foldForCompare(n.text) === key),
  );
  if (named) return 'named';
  return search(query).length > 0 ? 'near' : 'unknown';
}
