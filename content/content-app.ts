/**
 * The content app (content/app.ts: the matcher, the highlights, the hover and the card's loader): content-app.js
 * (entrypoints/content-app.ts), loaded by the first look (content/first-look.ts) once a page may name someone, or
 * the extension asks the page something (content/on-demand.ts says how).
 *
 * What it imports for its values is imported by a relative path: wxt.config.ts, loaded without the '@/' alias,
 * imports this file.
 */
import type { ContentHandler } from '@/extension/messaging';
import { NAMES_GLOBAL, NAMES_SCRIPT } from '../core/matcher/names/format';
import type { AppContext } from './context';
import { onDemand } from './on-demand';

/** Path of the app's script in the extension (web-accessible: see wxt.config.ts). */
export const CONTENT_APP_SCRIPT = 'content-app.js';
/** Where content-app.js leaves its API, on the isolated world's global. */
export const CONTENT_APP_GLOBAL = Symbol.for('reader-context.content-app');

export interface ContentApp {
  /**
   * Starts the app on this page, for the lifetime of `ctx`; resolves to what answers the extension's messages.
   * Rejects when the app cannot start (the page then has no extension).
   */
  start(ctx: AppContext): Promise<ContentHandler>;
}

/**
 * Loads content-app.js once, and beside it the names the app matches with (content-names.js); a failed load is
 * forgotten, so the next reason to start tries again. `wxt dev` has no content-names.js: its build of the app
 * bundles the names (content/app.ts).
 */
export const contentAppLoader = (): (() => Promise<ContentApp>) => {
  const app = onDemand<ContentApp>(CONTENT_APP_SCRIPT, CONTENT_APP_GLOBAL);
  const names = onDemand<unknown>(NAMES_SCRIPT, NAMES_GLOBAL);
  return () => (import.meta.env.DEV ? app() : Promise.all([names(), app()]).then(([, a]) => a));
};
