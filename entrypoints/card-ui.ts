/**
 * card-ui.js: the card's UI, loaded by content.js when it first needs a card (content/card-ui.ts says how and why).
 */
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { CARD_UI_GLOBAL, type CardUi } from '@/content/card-ui';
import { createCard } from '@/content/card-view';
import { provide } from '@/content/on-demand';
import { pagePublishedDate } from '@/content/page-date';
import { setEntityKnown } from '@/extension/settings-store';

export default defineUnlistedScript(() => {
  // What only a card does is done here, in the card's script, so content.js carries neither: read the page's date,
  // and write "I know this one" to the settings (a full list, ListFullError, leaves the name marked).
  provide<CardUi>(CARD_UI_GLOBAL, {
    createCard: (deps) =>
      createCard({
        ...deps,
        pageDate: () => pagePublishedDate(deps.doc),
        onKnow: (id) => {
          deps.onKnow(id);
          void setEntityKnown(id, true).catch(() => {});
        },
      }),
  });
});
