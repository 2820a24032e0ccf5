/**
 * The extension's one element on the page: a host with a closed shadow root, where the card lives. Closed, so a page
 * script can neither read the card nor press its buttons; its key events stay inside, so the page's shortcuts do
 * not fire while the reader types in the card. Put back if the page removes it.
 */
import { UI_ATTRIBUTE } from '@/dom/text-blocks';
import type { AppContext } from './context';

const ISOLATED_EVENTS = ['keydown', 'keyup', 'keypress'] as const;
/** A page that removes the host every time it comes back is not fought forever. */
const MAX_REMOUNTS = 20;

export interface Host {
  /** The element on the page. */
  element: HTMLElement;
  /** Where the card is rendered, inside the closed shadow root. */
  container: HTMLElement;
}

/**
 * Whether the document is one the extension works in: an HTML or XHTML page. An XML file (which Chromium shows in
 * a viewer of its own) or an SVG image has no article to read.
 */
export function isHtmlDocument(doc: Document): boolean {
  return (
    (doc.contentType === 'text/html' || doc.contentType === 'application/xhtml+xml') &&
    doc.documentElement?.namespaceURI === 'http://www.w3.org/1999/xhtml'
  );
}

/**
 * Makes the host: a plain `div`, which no page can redefine. A custom element name would let a page that defines
 * it first run its own constructor on our host, or reach a closed shadow root through `attachInternals()`.
 *
 * @param options.open an open shadow root, for the end-to-end tests to read the card (extension/test-hooks.ts).
 */
export function createHost(
  ctx: AppContext,
  doc: Document,
  css: string,
  options: { open?: boolean } = {},
): Host {
  const mode: ShadowRootMode = options.open ? 'open' : 'closed';
  const element = doc.createElement('div');
  const shadow = element.attachShadow({ mode });
  element.setAttribute(UI_ATTRIBUTE, '');
  const style = doc.createElement('style');
  style.textContent = css;
  const container = doc.createElement('div');
  shadow.append(style, container);
  for (const type of ISOLATED_EVENTS) shadow.addEventListener(type, (e) => e.stopPropagation());
  const mount = () => {
    if (!element.isConnected && ctx.isValid) doc.documentElement.append(element);
  };
  mount();
  let remounts = 0;
  // The page may take the host out (a framework re-rendering the whole document, a script clearing what it does not
  // know): it goes back, so a card can open again.
  const win = doc.defaultView;
  if (win && 'MutationObserver' in win) {
    const observer = new win.MutationObserver(() => {
      if (element.isConnected || remounts >= MAX_REMOUNTS) return;
      remounts++;
      mount();
    });
    observer.observe(doc.documentElement, { childList: true });
    ctx.onInvalidated(() => observer.disconnect());
  }
  ctx.onInvalidated(() => element.remove());
  return { element, container };
}
