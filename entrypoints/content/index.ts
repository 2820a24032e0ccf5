/**
 * Content script wiring: knowledge + matcher → ContentPage (scan, highlights, mutations) → hover dwell → card.
 * Every listener, timer, observer and UI element is tied to `ctx` and removed when the extension is disabled
 * or updated.
 */

import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import { defineContentScript } from 'wxt/utils/define-content-script';
import devNames from '#knowledge-names';
import { cardCss } from '@/components/card';
import { createDwell } from '@/core/dwell';
import { bundledNames, loadNames } from '@/core/matcher/names/load';
import type { ContentResponses, EntityDetails, ToContent } from '@/core/messages';
import type { Settings } from '@/core/settings';
import { defaultSliceEnv, SliceRunner } from '@/core/slices';
import { offsetInBlock, UI_ATTRIBUTE } from '@/dom/text-blocks';
import {
  type ContentHandler,
  onContentMessage,
  requestFromBackground,
  sendToBackground,
} from '@/extension/messaging';
import { getSettings, setEntityKnown, watchSettings } from '@/extension/settings-store';
import { createCard, HOST_CSS } from './card';
import { highlightRules, pageScheme } from './highlights';
import { ownedTimers } from './owned-timers';
import { ContentPage, type Target } from './page';

/** Cards fetched ahead of any hover: the page's most mentioned entities, a handful of small answers. */
const PREFETCH_CARDS = 16;

const MODIFIER_FLAG = { Alt: 'altKey', Shift: 'shiftKey', Control: 'ctrlKey', Meta: 'metaKey' } as const;

export default defineContentScript({
  matches: ['<all_urls>'],
  runAt: 'document_idle',
  // WXT tells an older copy of this script (before an update) to stop with a DOM event; by default it also posts
  // the same news to the page's own window, where every page script can read it. Chrome takes a stack trace of
  // a postMessage call with source positions, and the stack held the whole bundle's top-level function: V8
  // reparsed all of content.js to find them, 10–13 ms of every page's start-up (traces of 7 loads of the 100 KB
  // benchmark page: content.js evaluation 29.5 ms with the call, 15.7 ms without).
  noScriptStartedPostMessage: true,
  async main(ctx) {
    // Begin in a task of its own, after the script's evaluation, so the page never sees one long task for both.
    // It also means the first extension API call has only main() on the stack: Chrome takes a stack trace of
    // every API call, and V8 reparses each function on the stack to find its source positions — at evaluation
    // time that was the whole bundle, twice (≈8 ms on the benchmark machine).
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
    if (ctx.isInvalid) return;
    // The highlight rules: usually the sheet content-early.js adopted before the page was first styled. Taken now,
    // so they leave with this context even if the rest of the start-up never happens.
    let mountedHost: HTMLElement | null = null;
    const rules = highlightRules(document, () => mountedHost);
    ctx.onInvalidated(() => rules.remove());
    // The entity list is read in slices while the settings are read: a knowledge base of 10,000 entities must not
    // hold the page in one long task. Names are compiled later, by the scan, as the page's words reach them.
    const boot = new SliceRunner(defaultSliceEnv());
    ctx.onInvalidated(() => boot.stop());
    // `wxt dev` registers content.js by itself for hot reload, without content-names.js: the development build
    // bundles the names instead (a constant condition, so production bundles do not).
    const compiled = loadNames(import.meta.env.DEV ? devNames : bundledNames(), boot);
    // Awaited below, after the settings; until then a rejection is not "unhandled".
    compiled.catch(() => {});
    // Watched from the start: a change while the names load (the reader pauses, or switches the site off) is
    // kept, and applied once the page exists.
    let changed: Settings | null = null;
    let onSettings: ((s: Settings) => void) | null = null;
    const unwatch = watchSettings((s) => {
      changed = s;
      onSettings?.(s);
    });
    ctx.onInvalidated(unwatch);
    let settings: Settings = await getSettings();
    const { names, matcher } = await compiled;
    if (ctx.isInvalid) return;

    // What a card shows comes from the background: fetched for the page's most mentioned entities once the scan
    // has found them, else while the pointer rests on a name, so it is there before the dwell ends. Each answer is
    // cached; failed fetches are forgotten, so the next hover retries.
    const details = new Map<string, Promise<EntityDetails | null>>();
    const detailsOf = (id: string): Promise<EntityDetails | null> => {
      let p = details.get(id);
      if (!p) {
        p = requestFromBackground({ type: 'knowledge:entity', id }).then((d) => d ?? null);
        details.set(id, p);
        void p.then((d) => {
          if (!d) details.delete(id);
        });
      }
      return p;
    };
    const idOf = (t: Target) => t.record.mentions[t.i]?.entity;
    // The keyboard and popup paths move focus into the card; hover does not.
    let focusNext = false;
    // A card the reader asked for (keyboard, popup, context menu) stays until dismissed: Esc, its close button,
    // a click elsewhere. The scroll that brings its mention into view, or a pointer passing by, must not close it.
    let sticky = false;

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
    mountedHost = host;

    const timers = ownedTimers(ctx);
    let page: ContentPage;
    const dwell = createDwell<Target>(
      {
        dwellMs: () => settings.dwellMs,
        same: (a, b) => a.record === b.record && a.i === b.i,
        timers,
      },
      {
        prepare: (t) => {
          page.setActive(t);
          const id = idOf(t);
          if (id) void detailsOf(id);
        },
        warm: (t) => {
          const id = idOf(t);
          if (!id) return;
          void detailsOf(id).then((d) => {
            // Still the name under the pointer, its card not shown yet.
            if (d && dwell.pendingTarget === t && !ctx.isInvalid) card.warm(t, d);
          });
        },
        cool: () => card.cool(),
        show: (t) => {
          const id = idOf(t);
          const focus = focusNext;
          focusNext = false;
          sticky = false;
          if (!id) return;
          // Marked after the frame that reveals the card, not in it: a highlight change repaints the page's text
          // (≈ 11 ms on the benchmark's 5 MB page). Already marked by prepare unless the dwell is the shortest.
          timers.set(() => {
            if (dwell.openTarget === t) page.setActive(t);
          }, 0);
          void detailsOf(id).then((d) => {
            // The pointer may have moved on while the details were on their way.
            if (d && dwell.openTarget === t && !ctx.isInvalid) card.show(t, d, { focus });
          });
        },
        hide: () => {
          page.setActive(null);
          card.hide();
          sticky = false;
        },
      },
    );

    const card = createCard({
      container: ui.uiContainer,
      host,
      doc: document,
      nameOf: (id) => names.get(id)?.name,
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
      onPin: (p) => {
        sticky = false;
        dwell.setPinned(p);
      },
      onEnter: () => dwell.cardEnter(),
      onLeave: () => dwell.cardLeave(),
      later: (fn) => timers.set(fn, 0),
    });

    page = new ContentPage(
      {
        doc: document,
        names,
        matcher,
        host,
        rules,
        alive: () => ctx.isValid,
        setTimer: timers.set,
        clearTimer: timers.clear,
        onCount: (count) => {
          void sendToBackground({ type: 'badge:set', count });
          // The cards a reader is most likely to open, fetched once the scan has found them. The rest load while
          // the pointer rests on a name, before its dwell ends (warm, prepare). Bounded: a page naming hundreds of
          // entities would otherwise cost hundreds of messages (≈20 ms of the page's main thread with the
          // 10,000-entity benchmark knowledge).
          for (const id of page.topEntities(PREFETCH_CARDS)) void detailsOf(id);
        },
      },
      settings,
      {
        show: (t, opts) => {
          focusNext = opts.focus;
          dwell.openNow(t);
          sticky = true;
          dwell.setPinned(true);
        },
        hide: () => dwell.dismiss(),
      },
    );

    // Hover: hit-test at most once per frame, from the last pointer position.
    let last: PointerEvent | null = null;
    let frame = 0;
    const hitTest = (frameTime: number) => {
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
      // The pointer's rest is timed from this frame, so the card can be shown in the frame that ends the dwell.
      dwell.pointerAt(targetAt(e.clientX, e.clientY), frameTime);
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
      for (const r of page.rangeOf(t)?.getClientRects() ?? [])
        if (x >= r.left - 1 && x <= r.right + 1 && y >= r.top - 1 && y <= r.bottom + 1) return t;
      return null;
    };
    ctx.addEventListener(
      document,
      'pointermove',
      (e: PointerEvent) => {
        if (e.pointerType === 'touch') return;
        last = e;
        if (!frame) frame = timers.frames.request(hitTest);
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
      document,
      'pointerdown',
      (e: PointerEvent) => {
        if (sticky && card.isOpen() && !e.composedPath().includes(host)) dwell.dismiss();
      },
      { passive: true, capture: true },
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
    // Scrolling the page or any scrollable part of it (captured: scroll events do not bubble) moves the window of
    // registered highlights on long pages; so does a new viewport size.
    ctx.addEventListener(document, 'scroll', () => page.scheduleWindow(), { passive: true, capture: true });
    ctx.addEventListener(window, 'resize', () => page.scheduleWindow(), { passive: true });

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
    if (changed) settings = changed;
    onSettings = (s) => {
      settings = s;
      page.apply(s);
    };

    ctx.onInvalidated(() => {
      removeListener();
      dwell.destroy();
      page.destroy();
    });

    page.apply(settings);
    performance.mark('reader-context:ready');
  },
});
