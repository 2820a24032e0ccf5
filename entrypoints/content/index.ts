/**
 * Content script wiring: knowledge + matcher → ContentPage (scan, highlights, mutations) → hover dwell → card.
 * Every listener, timer, observer and UI element is tied to `ctx` and removed when the extension is disabled
 * or updated.
 */

import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import { defineContentScript } from 'wxt/utils/define-content-script';
import knowledgeJson from '#knowledge';
import { cardCss } from '@/components/card';
import { createDwell } from '@/core/dwell';
import { parseKnowledge } from '@/core/knowledge/schema';
import type { ArticleMeta } from '@/core/knowledge/types';
import { compileMatcher } from '@/core/matcher';
import {
  type ContentHandler,
  type ContentResponses,
  onContentMessage,
  sendToBackground,
  type ToContent,
} from '@/core/messages';
import { getSettings, type Settings, setEntityKnown, watchSettings } from '@/core/settings';
import { offsetInBlock, UI_ATTRIBUTE } from '@/dom/text-blocks';
import { createCard, HOST_CSS } from './card';
import { pageScheme } from './highlights';
import { ContentPage, type Target } from './page';

const MODIFIER_FLAG = { Alt: 'altKey', Shift: 'shiftKey', Control: 'ctrlKey', Meta: 'metaKey' } as const;

export default defineContentScript({
  matches: ['<all_urls>'],
  runAt: 'document_idle',
  async main(ctx) {
    const knowledge = parseKnowledge(knowledgeJson);
    const matcher = compileMatcher({ entities: knowledge.entities });
    let settings: Settings = await getSettings();
    if (ctx.isInvalid) return;

    const articles: Record<string, ArticleMeta> = Object.fromEntries(
      knowledge.articles.map((a) => [a.id, a]),
    );
    const names = new Map(knowledge.entities.map((e) => [e.id, e.name]));

    const ui = await createShadowRootUi(ctx, {
      name: 'reader-context-ui',
      position: 'inline',
      anchor: document.documentElement,
      append: 'last',
      inheritStyles: true,
      css: `${HOST_CSS}\n${cardCss}`,
      // Keys typed in the card stay in the card: the page's own shortcuts must not fire.
      isolateEvents: true,
      onMount: (container) => container,
    });
    ui.mount();
    const host = ui.shadowHost;
    host.setAttribute(UI_ATTRIBUTE, '');
    // ::highlight() rules only apply from the document's style sheets, not a shadow root's. A <style> in the
    // host's light DOM is in the document, so the extension still adds nothing but its host element.
    const styleEl = document.createElement('style');
    host.append(styleEl);

    let page: ContentPage;
    const dwell = createDwell<Target>(
      {
        dwellMs: () => settings.dwellMs,
        same: (a, b) => a.record === b.record && a.i === b.i,
        timers: { set: (fn, ms) => ctx.setTimeout(fn, ms), clear: (id) => clearTimeout(id) },
      },
      {
        prepare: (t) => page.setActive(t),
        show: (t) => {
          const id = t.record.mentions[t.i]?.entity;
          const entity = id ? page.entity(id) : undefined;
          if (!entity) return;
          page.setActive(t);
          card.show(t, entity, { focus: false });
        },
        hide: () => {
          page.setActive(null);
          card.hide();
        },
      },
    );

    const card = createCard({
      container: ui.uiContainer,
      host,
      doc: document,
      articles,
      nameOf: (id) => names.get(id),
      scheme: () => pageScheme(document),
      onPage: () => page.entitiesOnPage(),
      position: (t) => page.positionOf(t),
      range: (t) => page.rangeOf(t),
      onStep: (t, d) => page.stepEntity(t, d),
      onKnow: (id) => {
        dwell.dismiss();
        void setEntityKnown(id, true);
      },
      onClose: () => dwell.dismiss(),
      onPin: (p) => dwell.setPinned(p),
      onEnter: () => dwell.cardEnter(),
      onLeave: () => dwell.cardLeave(),
    });

    page = new ContentPage(
      {
        doc: document,
        knowledge,
        matcher,
        host,
        styleEl,
        setTimer: (fn, ms) => ctx.setTimeout(fn, ms),
        clearTimer: (id) => clearTimeout(id),
        onCount: (count) => void sendToBackground({ type: 'badge:set', count }),
      },
      settings,
      {
        show: (t, entity, opts) => {
          dwell.openNow(t);
          page.setActive(t);
          card.show(t, entity, opts);
        },
        hide: () => dwell.dismiss(),
        isOpen: () => card.isOpen(),
        owns: (n) => card.owns(n),
      },
    );

    // Hover: hit-test at most once per frame, from the last pointer position.
    let last: PointerEvent | null = null;
    let frame = 0;
    const hitTest = () => {
      frame = 0;
      const e = last;
      if (!e || !page.isOn) return;
      if (e.composedPath().includes(host)) return; // over the card: its own enter/leave events decide
      const mod = settings.modifierKey;
      // A pressed button means the reader is selecting text, not asking for a card.
      if (e.buttons !== 0 || (mod !== 'none' && !e[MODIFIER_FLAG[mod]])) {
        dwell.pointerAt(null);
        return;
      }
      dwell.pointerAt(targetAt(e.clientX, e.clientY));
    };
    const targetAt = (x: number, y: number): Target | null => {
      let node: Node | null = null;
      let offset = 0;
      const doc = document as Document & {
        caretPositionFromPoint?: (x: number, y: number) => { offsetNode: Node; offset: number } | null;
      };
      if (typeof doc.caretPositionFromPoint === 'function') {
        const p = doc.caretPositionFromPoint(x, y);
        if (p) ({ offsetNode: node, offset } = p);
      } else if (typeof document.caretRangeFromPoint === 'function') {
        const r = document.caretRangeFromPoint(x, y);
        if (r) ({ startContainer: node, startOffset: offset } = r);
      }
      if (!node) return null;
      const t = page.mentionAt(node, offset, offsetInBlock);
      if (!t || !page.isHighlighted(t)) return null;
      // The caret snaps to the nearest text even past the end of a line: require the pointer on the name.
      for (const r of page.rangeOf(t).getClientRects())
        if (x >= r.left - 1 && x <= r.right + 1 && y >= r.top - 1 && y <= r.bottom + 1) return t;
      return null;
    };
    ctx.addEventListener(
      document,
      'pointermove',
      (e: PointerEvent) => {
        if (e.pointerType === 'touch') return;
        last = e;
        if (!frame) frame = ctx.requestAnimationFrame(hitTest);
      },
      { passive: true, capture: true },
    );
    ctx.addEventListener(
      document,
      'keydown',
      (e: KeyboardEvent) => {
        if (e.key === 'Escape' && card.isOpen()) dwell.dismiss();
      },
      { capture: true },
    );
    ctx.addEventListener(
      window,
      'scroll',
      () => {
        // A card that is neither hovered nor pinned should not float over text the reader scrolled to.
        if (card.isOpen() && !dwell.pinned) dwell.pointerAt(null);
      },
      { passive: true },
    );

    const handle = (msg: ToContent): ContentResponses[ToContent['type']] => {
      switch (msg.type) {
        case 'page:summary':
          return page.summary();
        case 'page:reveal':
          return page.isOn ? page.revealEntity(msg.entity, msg.index) : null;
        case 'page:step':
          return page.isOn ? page.step(msg.direction) : null;
        case 'page:lookup': {
          const id = page.entityForText(msg.text);
          if (!id) return null;
          if (page.isOn) page.revealEntity(id);
          return { entity: id };
        }
      }
    };
    // The switch above narrows per message type; TypeScript cannot relate that to the generic signature.
    const removeListener = onContentMessage(handle as ContentHandler);
    const unwatch = watchSettings((s) => {
      settings = s;
      page.apply(s);
    });

    ctx.onInvalidated(() => {
      removeListener();
      unwatch();
      dwell.destroy();
      page.destroy();
    });

    page.apply(settings);
    performance.mark('reader-context:ready');
  },
});
