/**
 * The browser's own extension API, for the scripts that run in web pages (content.js, content-app.js, card-ui.js,
 * page-facts.js): the build points their `wxt/browser` here instead of at webextension-polyfill (wxt.config.ts),
 * which would be parsed on every page for the few calls they make. What they call answers with a promise natively in every target
 * (Chromium MV3 and Firefox); the one exception, answering a message, is written the way every browser takes
 * (extension/messaging.ts, onContentMessage).
 */
import type { browser as polyfilled } from 'wxt/browser';

type Api = typeof polyfilled;
const scope = globalThis as unknown as { browser?: Api; chrome?: Api };

// Firefox's `browser`, else Chromium's `chrome` (which Firefox also defines).
export const browser: Api = scope.browser?.runtime?.id ? scope.browser : (scope.chrome as Api);
