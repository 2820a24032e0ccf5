/**
 * The card's UI (content/card-view.tsx with Preact, @floating-ui and the card's views and styles) is a script of its
 * own, card-ui.js (entrypoints/card-ui.ts), loaded the first time a card is needed: content.js runs on every page,
 * and most pages never show a card (docs/adr/0005-card-ui-loaded-on-demand.md).
 *
 * Loaded with `import()` from the content script, so it runs in the content scripts' isolated world, never in the
 * page's; it hands its API over through that world's global, under a symbol no page script can reach.
 */
import type { Card, CardDeps } from './card-view';

/** Path of the card's script in the extension (web-accessible: see wxt.config.ts). */
export const CARD_UI_SCRIPT = 'card-ui.js';
/** Where card-ui.js leaves its API, on the isolated world's global. */
export const CARD_UI_GLOBAL = Symbol.for('reader-context.card-ui');

export interface CardUi {
  createCard(deps: CardDeps): Card;
}

// The extension API's own name, not the bundled `browser`: the call stays `chrome.runtime.getURL(…)` in the minified
// bundle, which addons.mozilla.org's linter accepts as the argument of a dynamic import. Firefox names it `chrome`
// too; in Chromium it is the per-session address that use_dynamic_url asks for.
declare const chrome: { runtime: { getURL(path: string): string } };

/** Loads card-ui.js once; a failed load is forgotten, so the next card tries again. */
export function cardUiLoader(): () => Promise<CardUi> {
  let loading: Promise<CardUi> | null = null;
  return () => {
    loading ??= import(/* @vite-ignore */ chrome.runtime.getURL(`/${CARD_UI_SCRIPT}`))
      .then(() => {
        const ui = (globalThis as unknown as Record<symbol, CardUi | undefined>)[CARD_UI_GLOBAL];
        if (!ui) throw new Error(`${CARD_UI_SCRIPT} did not load`);
        return ui;
      })
      .catch((err: unknown) => {
        loading = null;
        throw err;
      });
    return loading;
  };
}
