/**
 * The reading memory's record of a page (content/memory-recorder.ts sends it): its title, the day it says it was
 * published, and per entity how often it is named and the first sentence naming it. In page-facts.js, with the
 * recorder (content/page-facts.ts).
 */
import { MAX_ENTITIES_PER_PAGE, MAX_TITLE_LENGTH, sentenceAround, trimAtWord } from '@/core/memory';
import type { ToBackground } from '@/core/messages';
import { pagePublishedDate } from './page-date';
import type { MentionStore } from './store';

export type RecordMessage = Extract<ToBackground, { type: 'memory:record' }>;
/** What a record is built from: the page's counts and its blocks in document order. */
export type RecordedStore = Pick<MentionStore, 'entityCounts' | 'blocksInOrder'>;

/** The page's headline: Open Graph's title, else its first heading, else the document's title. */
export function pageTitle(doc: Document): string | null {
  const candidates = [
    doc.querySelector('meta[property="og:title"]')?.getAttribute('content'),
    doc.querySelector('h1')?.textContent,
    doc.title,
  ];
  for (const c of candidates) {
    const title = trimAtWord(c ?? '', MAX_TITLE_LENGTH);
    if (title) return title;
  }
  return null;
}

/** What the page names, as one `memory:record` message; null when it names nothing or has no title. */
export function buildRecord(doc: Document, store: RecordedStore): RecordMessage | null {
  const counts = store.entityCounts().slice(0, MAX_ENTITIES_PER_PAGE);
  const title = pageTitle(doc);
  if (counts.length === 0 || !title) return null;
  const wanted = new Map(counts.map((c) => [c.id, c.count]));
  const sentences = new Map<string, string>();
  for (const record of store.blocksInOrder()) {
    for (const m of record.mentions) {
      if (!wanted.has(m.entity) || sentences.has(m.entity)) continue;
      const sentence = sentenceAround(record.block.text, m.start, m.end);
      if (sentence) sentences.set(m.entity, sentence);
    }
    if (sentences.size === wanted.size) break;
  }
  const entities = counts
    .filter((c) => sentences.has(c.id))
    .map((c) => ({ id: c.id, count: c.count, sentence: sentences.get(c.id) as string }));
  if (entities.length === 0) return null;
  const published = pagePublishedDate(doc);
  return { type: 'memory:record', title, ...(published ? { published } : {}), entities };
}
