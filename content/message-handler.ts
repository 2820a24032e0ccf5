/** What the content script answers: the popup's summary and reveals, keyboard steps, context-menu lookups. */
import type { ContentResponses, ToContent } from '@/core/messages';
import type { HoverController } from './hover-controller';
import type { ContentPage } from './page';
import type { PageFacts } from './page-facts';
import { selectedMention } from './stepping';

export function contentHandler(
  doc: Document,
  page: ContentPage,
  controller: HoverController,
  facts: () => Promise<PageFacts>,
) {
  return async (msg: ToContent): Promise<ContentResponses[ToContent['type']]> => {
    switch (msg.type) {
      case 'page:summary': {
        // The day is read by page-facts.js; without it (a failed load) the summary still answers.
        const published = await facts().then(
          (f) => f.publishedDate(doc),
          () => undefined,
        );
        return { ...page.summary(), ...(published ? { published } : {}) };
      }
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
