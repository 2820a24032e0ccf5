/** What the content script answers: the popup's summary and reveals, keyboard steps, context-menu lookups. */
import type { ContentResponses, ToContent } from '@/core/messages';
import type { HoverController } from './hover-controller';
import type { ContentPage } from './page';
import { selectedMention } from './stepping';

export function contentHandler(doc: Document, page: ContentPage, controller: HoverController) {
  return (msg: ToContent): ContentResponses[ToContent['type']] => {
    switch (msg.type) {
      case 'page:summary':
        return page.summary();
      case 'page:reveal':
        return page.isOn ? controller.revealEntity(msg.entity, msg.index) : null;
      case 'page:step':
        return page.isOn ? controller.step(msg.direction) : null;
      case 'page:lookup': {
        const id = page.entityForText(msg.text);
        if (!id) return null;
        if (page.isOn) {
          // The mention the reader selected, where they are; else the entity's next one.
          const at = selectedMention(doc, page.store, id);
          if (at) controller.reveal(at, false);
          else controller.revealEntity(id);
        }
        return { entity: id };
      }
    }
  };
}
