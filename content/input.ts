/**
 * The reader's input on the page, turned into calls on the hover controller: pointer moves (hit-tested at most once
 * a frame), a pointer going down, Esc, and scrolling; taps are content/touch.ts's. Every listener is tied to the
 * content script's context.
 */
import type { ModifierKey } from '@/core/settings';
import type { AppContext } from './context';
import { mentionAtPoint } from './hit-test';
import type { HoverController } from './hover-controller';
import type { OwnedTimers } from './owned-timers';
import type { ContentPage } from './page';
import { listenForTouch } from './touch';

const MODIFIER_FLAG = { Alt: 'altKey', Shift: 'shiftKey', Control: 'ctrlKey', Meta: 'metaKey' } as const;

export interface InputDeps {
  ctx: AppContext;
  doc: Document;
  host: HTMLElement;
  page: ContentPage;
  controller: HoverController;
  timers: OwnedTimers;
  modifierKey(): ModifierKey;
}

export function listenForInput({ ctx, doc, host, page, controller, timers, modifierKey }: InputDeps): void {
  let last: PointerEvent | null = null;
  let frame = 0;
  const hitTest = (frameTime: number) => {
    frame = 0;
    const e = last;
    if (!e || !page.isOn) return;
    // The page may have cleared the highlights since; a reader moving the pointer gets them back.
    page.registry?.restore();
    if (e.composedPath().includes(host)) return; // over the card: its own enter/leave events decide
    const mod = modifierKey();
    // A pressed button means the reader is selecting text, not asking for a card.
    if (e.buttons !== 0 || (mod !== 'none' && !e[MODIFIER_FLAG[mod]])) {
      controller.pointerAt(null);
      return;
    }
    const t = mentionAtPoint(doc, page.store, e.clientX, e.clientY, (m) => controller.opens(m));
    // The pointer's rest is timed from this frame, so the card can be shown in the frame that ends the dwell.
    controller.pointerAt(t, frameTime);
  };
  const win = doc.defaultView ?? window;
  ctx.addEventListener(
    doc,
    'pointermove',
    (e: PointerEvent) => {
      // Only the reader's own input opens a card: a page can dispatch pointer events wherever it likes. A finger
      // does not hover: its moves are a scroll or a drag (content/touch.ts tells them from a tap).
      if (!e.isTrusted || e.pointerType === 'touch') return;
      last = e;
      if (!frame) frame = timers.frames.request(hitTest);
    },
    { passive: true, capture: true },
  );
  ctx.addEventListener(
    doc,
    'keydown',
    (e: KeyboardEvent) => {
      if (e.isTrusted && e.key === 'Escape' && controller.isOpen) controller.dismiss();
    },
    { capture: true },
  );
  ctx.addEventListener(
    doc,
    'pointerdown',
    (e: PointerEvent) => {
      if (e.isTrusted) controller.pointerDown(e.composedPath().includes(host));
    },
    {
      passive: true,
      capture: true,
    },
  );
  ctx.addEventListener(
    win,
    'scroll',
    (e) => {
      if (e.isTrusted) controller.scrolled();
    },
    { passive: true },
  );
  ctx.addEventListener(
    win,
    'scrollend',
    (e) => {
      if (e.isTrusted) controller.scrollEnded();
    },
    { passive: true },
  );
  // Scrolling the page or any scrollable part of it (captured: scroll events do not bubble) moves the window of
  // registered highlights on long pages; so does a new viewport size.
  ctx.addEventListener(doc, 'scroll', () => page.window.scheduleFit(), { passive: true, capture: true });
  ctx.addEventListener(win, 'resize', () => page.window.scheduleFit(), { passive: true });
  listenForTouch({ ctx, doc, host, page, controller });
}
