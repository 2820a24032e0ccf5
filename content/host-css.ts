/**
 * The host's own rules and the card's frame (where it floats, how it is revealed): in content.js, since the host is
 * made on every page; the card's looks come with the card's module (content/card-view.tsx).
 */
/** Card width: Page Previews' 320 px fits a one-line description and a quote without crowding the page. */
export const CARD_WIDTH = 320;
/** Keep this far from the viewport's edges when shifting. */
export const EDGE = 8;

// The host is a fixed 0×0 box, so containing it costs nothing and keeps the card's layout inside it (the frame that
// reveals the card runs no layout of the page).
//
// The floating box stays laid out (empty, unseen) between cards: were it display: none, putting it back would make
// the card's first layout a layout of the whole page. While in use it is a compositor layer of its own, and a warmed
// card is revealed by its opacity alone: changing its visibility, inert or pointer-events, or starting an animation,
// each repaints the whole page, most of a frame on a long page. The style change of the reveal still costs one
// repaint where highlights are registered (Chromium rebuilds its highlight markers after any style change).
export const HOST_CSS = `
:host { all: initial !important; position: fixed !important; inset: 0 auto auto 0 !important;
  width: 0 !important; height: 0 !important; z-index: 2147483647 !important; overflow: visible !important;
  display: block !important; visibility: visible !important; opacity: 1 !important; transform: none !important;
  contain: size layout style !important; }
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
`;
