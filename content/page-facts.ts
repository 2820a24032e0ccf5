/**
 * What a page says about itself (its publication day, its headline) and the reading memory's recorder of it:
 * page-facts.js (entrypoints/page-facts.ts), loaded the first time the popup asks for the page's summary or a scan
 * pass ends with the reading memory on (content/on-demand.ts says how and why). The card reads the day in
 * card-ui.js.
 */
import type { RecorderDeps } from './memory-recorder';
import { onDemand } from './on-demand';

/** Path of the script in the extension (web-accessible: see wxt.config.ts). */
export const PAGE_FACTS_SCRIPT = 'page-facts.js';
/** Where page-facts.js leaves its API, on the isolated world's global. */
export const PAGE_FACTS_GLOBAL = Symbol.for('reader-context.page-facts');

export interface PageFacts {
  /** The page's publication day (yyyy-mm-dd), or undefined when the page does not state one. */
  publishedDate(doc: Document): string | undefined;
  /** The reading memory's recorder of this page (content/memory-recorder.ts), building its records here. */
  recorder(deps: Omit<RecorderDeps, 'build'>): PageRecorder;
}

export interface PageRecorder {
  /** A scan pass ended: record now, or later if a record was sent less than a minute ago. */
  passEnded(): void;
}

/** Loads page-facts.js once; a failed load is forgotten, so the next use tries again. */
export const pageFactsLoader = (): (() => Promise<PageFacts>) =>
  onDemand<PageFacts>(PAGE_FACTS_SCRIPT, PAGE_FACTS_GLOBAL);
