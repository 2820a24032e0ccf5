/**
 * What a page says about itself (its publication day, its headline) and the reading memory's record of it:
 * page-facts.js (entrypoints/page-facts.ts), loaded the first time the popup asks for the page's summary or the
 * reading memory records a page (content/on-demand.ts says how and why). The card reads the day in card-ui.js.
 */

import { onDemand } from './on-demand';
import type { RecordedStore, RecordMessage } from './page-record';

/** Path of the script in the extension (web-accessible: see wxt.config.ts). */
export const PAGE_FACTS_SCRIPT = 'page-facts.js';
/** Where page-facts.js leaves its API, on the isolated world's global. */
export const PAGE_FACTS_GLOBAL = Symbol.for('reader-context.page-facts');

export interface PageFacts {
  /** The page's publication day (yyyy-mm-dd), or undefined when the page does not state one. */
  publishedDate(doc: Document): string | undefined;
  /** What the page names, as one `memory:record` message; null when it names nothing or has no title. */
  buildRecord(doc: Document, store: RecordedStore): RecordMessage | null;
}

/** Loads page-facts.js once; a failed load is forgotten, so the next use tries again. */
export const pageFactsLoader = (): (() => Promise<PageFacts>) =>
  onDemand<PageFacts>(PAGE_FACTS_SCRIPT, PAGE_FACTS_GLOBAL);
