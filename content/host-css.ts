/**
 * The host's own rules: in content.js, since the host is made on every page. The card's frame and looks come with
 * the card's UI (content/card-view.tsx).
 */

// The host is a fixed 0×0 box, so containing it costs nothing and keeps the card's layout inside it (the frame that
// reveals the card runs no layout of the page).
export const HOST_CSS = `
:host { all: initial !important; position: fixed !important; inset: 0 auto auto 0 !important;
  width: 0 !important; height: 0 !important; z-index: 2147483647 !important; overflow: visible !important;
  display: block !important; visibility: visible !important; opacity: 1 !important; transform: none !important;
  contain: size layout style !important; }
`;
