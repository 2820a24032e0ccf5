/**
 * The reader's finger on the page: a tap on a name opens its card at once (no dwell: a finger does not hover), a
 * tap anywhere else closes it; the back gesture closes it too. The page keeps every gesture: the listeners are
 * passive, nothing here cancels a touch, so scrolling and pinch-zoom are never held up. The one thing taken from
 * the page is the click that follows a tap which opened a card on a name inside a link or a button: that tap was
 * the preview, the next tap on the name follows the link (docs/adr/0007-touch-links.md says why).
 */
import { createTapRecognizer, type TouchPoint } from '@/core/tap';
import type { AppContext } from './context';
import { mentionAtPoint } from './hit-test';
import type { HoverController } from './hover-controller';
import type { ContentPage } from './page';

/**
 * A screen this narrow (phones upright; Android's own tablet layouts start at 600 dp) or this short (phones on
 * their side, where a floating card has no room above or below a name) gets the card as a bottom sheet.
 */
export const SHEET_MAX_WIDTH = 600;
export const SHEET_MAX_HEIGHT = 480;
/** A fingertip covers several pixels: a tap this close to a name's box counts as on it. */
const TOUCH_SLOP_PX = 6;
/** Elements whose click does something: a tap on a name inside one previews first, and the page gets the next. */
const ACTIVATES = 'a[href], area[href], button, summary, label, [role="link"], [role="button"]';

export interface TouchDeps {
  ctx: AppContext;
  doc: Document;
  host: HTMLElement;
  page: ContentPage;
  controller: HoverController;
}

/**
 * Whether a tapped card is a bottom sheet: the screen's size at its own scale (the visual viewport times its
 * zoom), so that a page laid out wider than the phone, or zoomed in, still counts as a phone.
 */
export function sheetFor(win: Window): boolean {
  const vv = win.visualViewport;
  const width = vv ? vv.width * vv.scale : win.innerWidth;
  const height = vv ? vv.height * vv.scale : win.innerHeight;
  return width < SHEET_MAX_WIDTH || height < SHEET_MAX_HEIGHT;
}

export function listenForTouch({ ctx, doc, host, page, controller }: TouchDeps): void {
  const win = doc.defaultView ?? window;
  const taps = createTapRecognizer();
  /** The element whose next click is the preview's, not the page's. */
  let swallow: Element | null = null;
  const point = (e: PointerEvent): TouchPoint => ({
    pointerId: e.pointerId,
    x: e.clientX,
    y: e.clientY,
    at: e.timeStamp,
  });
  // Only the reader's own touches count: a page can dispatch pointer events wherever it likes.
  const isTouch = (e: PointerEvent) => e.isTrusted && e.pointerType === 'touch';
  const passive = { passive: true, capture: true } as const;

  ctx.addEventListener(
    doc,
    'pointerdown',
    (e: PointerEvent) => {
      if (!isTouch(e)) return;
      swallow = null;
      taps.down(point(e));
    },
    passive,
  );
  ctx.addEventListener(
    doc,
    'pointermove',
    (e: PointerEvent) => {
      if (isTouch(e)) taps.move(point(e));
    },
    passive,
  );
  ctx.addEventListener(
    doc,
    'pointercancel',
    (e: PointerEvent) => {
      if (isTouch(e)) taps.cancel(e.pointerId);
    },
    passive,
  );
  ctx.addEventListener(
    doc,
    'pointerup',
    (e: PointerEvent) => {
      if (!isTouch(e) || !taps.up(point(e)) || !page.isOn) return;
      const path = e.composedPath();
      if (path.includes(host)) return; // in the card: its own buttons
      page.registry?.restore();
      const t = mentionAtPoint(
        doc,
        page.store,
        e.clientX,
        e.clientY,
        (m) => controller.opens(m),
        TOUCH_SLOP_PX,
      );
      const result = controller.tap(t, sheetFor(win));
      if (result !== 'opened') return;
      const target = path[0];
      swallow = target instanceof Element ? target.closest(ACTIVATES) : null;
    },
    passive,
  );
  ctx.addEventListener(
    win,
    'click',
    (e: MouseEvent) => {
      const el = swallow;
      swallow = null;
      if (!el || !e.isTrusted || !e.composedPath().includes(el)) return;
      e.preventDefault();
      e.stopImmediatePropagation();
    },
    { capture: true },
  );
  // The back gesture: in a page that changes its address itself (popstate), or leaving it (pagehide; a page
  // kept in the back-forward cache would come back with its card still open).
  const close = () => {
    if (controller.isOpen) controller.dismiss();
  };
  ctx.addEventListener(win, 'popstate', close);
  ctx.addEventListener(win, 'pagehide', close);
}
