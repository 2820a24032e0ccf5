/**
 * Mounts the entity card (a Preact view) in the extension's shadow root and keeps it next to its mention with
 * @floating-ui/dom: flips and shifts to stay in the viewport, an arrow pointing at the name. A card opened by a
 * tap is drawn for the finger (card-touch.css): large targets, and on a phone a bottom sheet instead of a
 * floating card.
 */
import { arrow, autoUpdate, computePosition, flip, offset, shift, size } from '@floating-ui/dom';
import { render } from 'preact';
import { cardCss, EntityCard, type LayerId } from '@/components/card';
import type { ArticleMeta } from '@/core/knowledge/types';
import type { EntityDetails } from '@/core/messages';
import type { Scheme } from '@/core/scheme';
import touchCss from './card-touch.css?inline';
import type { Target } from './mention';

/**
 * How a card is drawn. hover: floating beside the name, for the mouse and the keyboard. touch: floating, with
 * targets sized for a finger (a tap opened it on a tablet-sized screen). sheet: a tap opened it on a phone-sized
 * screen, where a floating card would cover the text it sits beside: fixed to the bottom, full width.
 */
export type CardMode = 'hover' | 'touch' | 'sheet';

/** Card width: Page Previews' 320 px fits a one-line description and a quote without crowding the page. */
const CARD_WIDTH = 320;
/** Keep this far from the viewport's edges when shifting. */
const EDGE = 8;
/** The bottom sheet's tallest, as a share of the screen: the text the reader tapped in stays in view above it. */
const SHEET_HEIGHT = 0.7;
/**
 * The least a sheet is cut down to, to leave a name in view above it on a page too short to scroll it there: room
 * for the header, a few lines and the footer.
 */
const SHEET_MIN_HEIGHT = 0.3;

/** Gap between the name and the card, room for the arrow. */
const GAP = 10;

// The floating box stays laid out (empty, unseen) between cards: were it display: none, putting it back would make
// the card's first layout a layout of the whole page. While in use it is a compositor layer of its own, and a warmed
// card is revealed by its opacity alone: changing its visibility, inert or pointer-events, or starting an animation,
// each repaints the whole page, most of a frame on a long page. The style change of the reveal still costs one
// repaint where highlights are registered (Chromium rebuilds its highlight markers after any style change).
const FRAME_CSS = `
.rc-floating { position: fixed; top: 0; left: 0; width: ${CARD_WIDTH}px; max-width: calc(100vw - ${2 * EDGE}px); }
.rc-floating[hidden] { display: block; visibility: hidden; }
/* Empty while hidden; the card's own visibility: visible must not show through if it ever is not. */
.rc-floating[hidden] * { visibility: hidden !important; }
.rc-floating:not([hidden]) { will-change: transform, opacity; }
/* Rendered, placed and painted ahead of its dwell, not shown yet: transparent, and inert (no pointer, no focus, not
   in the accessibility tree) until the frame after it is revealed. */
.rc-floating[data-warm] { opacity: 0; }
/* A warmed card fades in on the compositor instead of playing the card's own entrance animation. */
.rc-floating[data-warmed] .rc-card { animation: none !important; }
@media (prefers-reduced-motion: no-preference) {
  .rc-floating[data-warmed]:not([data-warm]) { transition: opacity 200ms ease-out; }
}
/* Never taller than the room beside the name (set by the size middleware), so its buttons stay on screen. */
.rc-floating .rc-card { max-height: min(70vh, 560px, var(--rc-room, 560px)); }
.rc-arrow { position: absolute; width: 12px; height: 12px; transform: rotate(45deg); z-index: 1;
  background: #ffffff; border: 1px solid #d3d8de; }
.rc-floating[data-placement^="bottom"] .rc-arrow { top: -6px; border-right: 0; border-bottom: 0; }
.rc-floating[data-placement^="top"] .rc-arrow { bottom: -6px; border-left: 0; border-top: 0; }
/* Same colours as the card's own background and border (components/card/card.css). */
.rc-floating[data-scheme="dark"] .rc-arrow { background: #1e2127; border-color: #3b414a; }
.rc-floating[data-scheme="dark"] { color-scheme: dark; }
.rc-live { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
${touchCss}`;

export interface CardDeps {
  container: HTMLElement;
  host: HTMLElement;
  doc: Document;
  nameOf(id: string): string | undefined;
  scheme(): Scheme;
  /** The page's publication date, when it states one (content/page-date.ts). */
  pageDate?(): string | undefined;
  onPage(): Set<string>;
  position(t: Target): { index: number; count: number };
  /** A live range over the mention; null when the page changed its text since the scan. */
  range(t: Target): Range | null;
  onStep(t: Target, direction: -1 | 1): void;
  onKnow(entityId: string): void;
  onClose(): void;
  onPin(pinned: boolean): void;
  onEnter(): void;
  onLeave(): void;
  /** Runs `fn` in a task of its own: after the frame being rendered, when called from an animation frame. */
  later(fn: () => void): void;
}

export interface Card {
  /** Render and place the card for `target`, invisibly, so a later `show` of the same only reveals it. */
  warm(target: Target, details: EntityDetails): void;
  /** Drop a warmed card that was not shown. */
  cool(): void;
  /** mode: how the card is drawn (hover unless a tap opened it); pinned: whether the reader has it pinned. */
  show(
    target: Target,
    details: EntityDetails,
    opts: { focus: boolean; mode?: CardMode; pinned?: boolean },
  ): void;
  hide(): void;
  isOpen(): boolean;
  /** The top edge of the card on screen when it is a bottom sheet (viewport px); null when it is not. */
  sheetTop(): number | null;
  /**
   * Keeps a bottom sheet under `y` (viewport px) as far as it can: no taller than the room below it, but not
   * shorter than SHEET_MIN_HEIGHT of the screen. For this card only: the next starts at its full height.
   */
  sheetBelow(y: number): void;
  /** Whether a node is the extension's own UI (the card, or its shadow root). */
  owns(node: Node | null): boolean;
}

/**
 * Sets a style property only when its value changes. Chromium invalidates an element's style on every write, even of
 * the value it already has, and the frame after that repaints the whole page, most of a frame on a long page.
 * The card is placed again whenever it resizes or the page scrolls, mostly to the same place.
 */
function setStyle(el: HTMLElement, property: string, value: string): void {
  if (el.style.getPropertyValue(property) !== value) el.style.setProperty(property, value);
}

export function createCard(deps: CardDeps): Card {
  const { doc } = deps;
  const floating = doc.createElement('div');
  floating.className = 'rc-floating';
  floating.hidden = true;
  const arrowEl = doc.createElement('div');
  arrowEl.className = 'rc-arrow';
  const body = doc.createElement('div');
  floating.append(arrowEl, body);
  const live = doc.createElement('div');
  live.className = 'rc-live';
  live.setAttribute('aria-live', 'polite');
  // The card's frame and looks come with it: content.js, on every page, carries only the host's rules
  // (content/host-css.ts).
  const style = doc.createElement('style');
  style.textContent = `${FRAME_CSS}\n${cardCss}`;
  deps.container.append(style, floating, live);
  // A finger enters the card when it touches it and leaves when it lifts: that is no hovering, and its leaving
  // must not start the hide grace of a card the reader is reading.
  floating.addEventListener('pointerenter', (e) => {
    if (e.pointerType !== 'touch') deps.onEnter();
  });
  floating.addEventListener('pointerleave', (e) => {
    if (e.pointerType !== 'touch') deps.onLeave();
  });

  interface Shown {
    target: Target;
    details: EntityDetails;
    articles: Record<string, ArticleMeta>;
    pinned: boolean;
  }
  /** The card on screen. */
  let current: Shown | null = null;
  /** A card rendered and placed ahead of its dwell, invisible until `show` reveals it. */
  let warmed: Shown | null = null;
  let stopAutoUpdate: (() => void) | null = null;
  /** How tall the open sheet may be, in viewport px (sheetBelow); null: as tall as SHEET_HEIGHT allows. */
  let sheetRoom: number | null = null;
  /** Sizes and places the open sheet on the visual viewport; null when no sheet is open. */
  let fitSheet: (() => void) | null = null;
  let returnFocus: HTMLElement | null = null;
  /**
   * The card's layers the reader opened last, for every card after it: kept in memory for this page's session
   * (a reader who wants the facts on every card opens them once per page).
   */
  let openLayers: LayerId[] = [];

  const draw = (state: Shown | null = current) => {
    if (!state) return;
    const { target, details, articles, pinned } = state;
    const entity = details.entity;
    render(
      <EntityCard
        entity={entity}
        articles={articles}
        earlier={details.earlier}
        nameOf={deps.nameOf}
        onPage={deps.onPage()}
        mention={deps.position(target)}
        onStep={(d) => deps.onStep(target, d)}
        pinned={pinned}
        onPin={() => {
          if (!current) return;
          current.pinned = !current.pinned;
          deps.onPin(current.pinned);
          draw();
        }}
        onClose={() => deps.onClose()}
        onKnow={() => deps.onKnow(entity.id)}
        scheme={deps.scheme()}
        asOf={deps.pageDate?.()}
        openLayers={openLayers}
        onLayersChange={(open) => {
          openLayers = open;
        }}
      />,
      body,
    );
  };

  const stateFor = (target: Target, details: EntityDetails, pinned: boolean): Shown => ({
    target,
    details,
    articles: Object.fromEntries(details.articles.map((a) => [a.id, a])),
    pinned,
  });

  const clear = () => {
    stopAutoUpdate?.();
    stopAutoUpdate = null;
    render(null, body);
    floating.hidden = true;
    delete floating.dataset.warm;
    delete floating.dataset.warmed;
    setMode('hover');
    floating.inert = false;
  };

  const setMode = (mode: CardMode) => {
    floating.toggleAttribute('data-touch', mode !== 'hover');
    floating.toggleAttribute('data-sheet', mode === 'sheet');
  };

  /**
   * A bottom sheet fills the bottom of the visual viewport, the part of the page on screen, and is laid out at the
   * screen's own scale: on a page zoomed in by the reader, or laid out wider than the phone (a page without a
   * viewport meta tag is drawn 980 px wide and shrunk), it is neither cut off nor shrunk. It follows the visual
   * viewport as the reader pans and zooms.
   */
  const placeSheet = () => {
    stopAutoUpdate?.();
    stopAutoUpdate = null;
    sheetRoom = null;
    setStyle(floating, '--rc-room', '');
    delete floating.dataset.placement;
    const vv = doc.defaultView?.visualViewport;
    if (!vv) return; // the stylesheet's full-width sheet at the bottom of the layout viewport
    const onScreen = () => {
      const scale = vv.scale || 1;
      const tallest =
        sheetRoom === null
          ? vv.height * SHEET_HEIGHT
          : Math.min(vv.height * SHEET_HEIGHT, Math.max(sheetRoom, vv.height * SHEET_MIN_HEIGHT));
      setStyle(floating, 'width', `${Math.round(vv.width * scale)}px`);
      setStyle(floating, '--rc-sheet-height', `${Math.round(tallest * scale)}px`);
      setStyle(
        floating,
        'transform',
        `translate(${vv.offsetLeft}px, ${vv.offsetTop + vv.height}px) scale(${1 / scale}) translateY(-100%)`,
      );
    };
    onScreen();
    vv.addEventListener('resize', onScreen);
    vv.addEventListener('scroll', onScreen);
    fitSheet = onScreen;
    stopAutoUpdate = () => {
      vv.removeEventListener('resize', onScreen);
      vv.removeEventListener('scroll', onScreen);
      fitSheet = null;
      sheetRoom = null;
      setStyle(floating, 'width', '');
      setStyle(floating, '--rc-sheet-height', '');
    };
  };

  const place = (range: Range) => {
    // The mention may wrap across lines: point at the line box the reader is looking at (the first).
    const reference = {
      getBoundingClientRect: () => range.getClientRects()[0] ?? range.getBoundingClientRect(),
      getClientRects: () => range.getClientRects(),
      contextElement: range.startContainer.parentElement ?? undefined,
    };
    stopAutoUpdate?.();
    stopAutoUpdate = autoUpdate(reference, floating, () => {
      void computePosition(reference, floating, {
        strategy: 'fixed',
        placement: 'bottom-start',
        middleware: [
          offset(GAP),
          flip({ padding: EDGE }),
          shift({ padding: EDGE }),
          size({
            padding: EDGE,
            apply: ({ availableHeight }) => {
              setStyle(floating, '--rc-room', `${Math.max(120, Math.floor(availableHeight))}px`);
            },
          }),
          arrow({ element: arrowEl }),
        ],
      }).then(({ x, y, placement, middlewareData }) => {
        setStyle(floating, 'transform', `translate(${Math.round(x)}px, ${Math.round(y)}px)`);
        if (floating.dataset.placement !== placement) floating.dataset.placement = placement;
        const a = middlewareData.arrow;
        // Whole pixels: Chromium reads a fractional length back shortened (37.453125px as 37.4531px), and the
        // comparison would then always see a change.
        setStyle(arrowEl, 'left', a?.x != null ? `${Math.round(a.x)}px` : '');
      });
    });
  };

  return {
    warm(target, details) {
      // An open card keeps its place: the next one renders when its dwell ends.
      if (current) return;
      const range = deps.range(target);
      if (!range) return;
      warmed = stateFor(target, details, false);
      floating.dataset.warm = '';
      floating.dataset.warmed = '';
      floating.inert = true;
      floating.dataset.scheme = deps.scheme();
      floating.hidden = false;
      draw(warmed);
      place(range);
    },
    cool() {
      if (!warmed) return;
      warmed = null;
      if (!current) clear();
    },
    show(target, details, { focus, mode = 'hover', pinned = false }) {
      const ready =
        mode === 'hover' && !pinned && !current && warmed?.target === target && warmed.details === details
          ? warmed
          : null;
      warmed = null;
      const range = deps.range(target);
      // The page changed that text since the scan (or since the card was warmed): nothing to point at until the
      // rescan.
      if (!range) {
        if (!current) clear();
        return;
      }
      delete floating.dataset.warm;
      if (ready) {
        // Rendered and placed during the dwell: revealing it is all that is left. It takes the pointer and focus
        // in the next task, a frame later, so that this frame only changes its opacity. A pointer that reaches it
        // within that frame finds the page under it, which starts the hide grace; entering the card cancels it.
        current = ready;
        if (focus) floating.inert = false;
        else
          deps.later(() => {
            if (current === ready) floating.inert = false;
          });
      } else {
        floating.inert = false;
        current = stateFor(target, details, pinned);
        floating.dataset.scheme = deps.scheme();
        setMode(mode);
        floating.hidden = false;
        draw();
        if (mode === 'sheet') placeSheet();
        else place(range);
      }
      // Remember where focus was on the page (not in the card: stepping between mentions keeps the first).
      const active = doc.activeElement;
      if (focus && active !== deps.host && active instanceof HTMLElement) returnFocus = active;
      if (focus) {
        (body.querySelector('[role="dialog"]') as HTMLElement | null)?.focus({ preventScroll: true });
        const pos = deps.position(target);
        live.textContent = `${details.entity.name}: ${pos.index + 1} / ${pos.count}`;
      }
    },
    hide() {
      warmed = null;
      if (!current) {
        clear();
        return;
      }
      const root = deps.container.getRootNode();
      const focusInside = root instanceof ShadowRoot && root.activeElement !== null;
      current = null;
      clear();
      // Focus goes back to where the reader was, or it would be lost on <body>.
      if (focusInside && returnFocus?.isConnected) returnFocus.focus({ preventScroll: true });
      returnFocus = null;
    },
    isOpen: () => current !== null,
    sheetTop: () =>
      current && floating.hasAttribute('data-sheet') ? floating.getBoundingClientRect().top : null,
    sheetBelow(y) {
      const vv = doc.defaultView?.visualViewport;
      if (!current || !fitSheet || !vv) return;
      sheetRoom = vv.offsetTop + vv.height - y;
      fitSheet();
    },
    owns: (node) => node !== null && (floating.contains(node) || node === deps.container.getRootNode()),
  };
}
