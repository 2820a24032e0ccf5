/**
 * card-ui.js: the card's UI, loaded by content.js when it first needs a card (content/card-ui.ts says how and why).
 */
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { CARD_UI_GLOBAL, type CardUi } from '@/content/card-ui';
import { createCard } from '@/content/card-view';

export default defineUnlistedScript(() => {
  const ui: CardUi = { createCard };
  (globalThis as unknown as Record<symbol, CardUi>)[CARD_UI_GLOBAL] = ui;
});
