/**
 * The card's UI (content/card-view.tsx with Preact, @floating-ui and the card's views and styles): card-ui.js
 * (entrypoints/card-ui.ts), loaded the first time a card is needed (content/on-demand.ts says how and why).
 */
import type { Card, CardDeps } from './card-view';
import { onDemand } from './on-demand';

/** Path of the card's script in the extension (web-accessible: see wxt.config.ts). */
export const CARD_UI_SCRIPT = 'card-ui.js';
/** Where card-ui.js leaves its API, on the isolated world's global. */
export const CARD_UI_GLOBAL = Symbol.for('reader-context.card-ui');

export interface CardUi {
  createCard(deps: CardDeps): Card;
}

/** Loads card-ui.js once; a failed load is forgotten, so the next card tries again. */
export const cardUiLoader = (): (() => Promise<CardUi>) => onDemand<CardUi>(CARD_UI_SCRIPT, CARD_UI_GLOBAL);
