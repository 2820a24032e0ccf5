/**
 * The ::highlight() rules, planted at document_start (see the manifest hook in wxt.config.ts), before the page is
 * first styled: added later, a style sheet with these rules restyles every element of the page at once, a long task
 * on a long page; present from the start, it adds a small share to each of the page's own style passes instead (ADR
 * 0001). The sheet is adopted by the document, so no element is added to the page; content.js takes it from the
 * content scripts' shared global (content/highlights.ts, `highlightRules`).
 *
 * Tiny on purpose: it runs on every page the reader opens, before the page itself, and knows nothing of the
 * reader's settings (they are read asynchronously); it writes the default look, which content.js changes if it must.
 */
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import {
  adoptSheet,
  EARLY_SCHEME,
  EARLY_SHEET_GLOBAL,
  EARLY_STYLE,
  highlightCss,
} from '@/content/highlights';

export default defineUnlistedScript(() => {
  const sheet = adoptSheet(document, highlightCss(EARLY_STYLE, EARLY_SCHEME));
  if (sheet) (globalThis as unknown as Record<symbol, unknown>)[EARLY_SHEET_GLOBAL] = sheet;
});
