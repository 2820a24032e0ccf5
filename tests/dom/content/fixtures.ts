/**
 * The content page and hover controller as the DOM tests wire them: on this document, with the window's timers, no
 * highlight rules to write, and no extension context to lose. Each test passes what it is about.
 */
import type { ControllerDeps } from '@/content/hover-controller';
import { ownedTimers } from '@/content/owned-timers';
import type { ContentPage, PageDeps } from '@/content/page';

export function pageDeps(parts: Pick<PageDeps, 'names' | 'matcher'> & Partial<PageDeps>): PageDeps {
  return {
    doc: document,
    host: document.createElement('div'),
    rules: { write() {}, ensure() {}, remove() {} },
    alive: () => true,
    setTimer: (fn, ms) => setTimeout(fn, ms) as unknown as number,
    clearTimer: (id) => clearTimeout(id),
    requestFrame: (fn) => requestAnimationFrame(() => fn()),
    onCount() {},
    ...parts,
  };
}

export function controllerDeps(
  page: ContentPage,
  parts: Pick<ControllerDeps, 'nameOf' | 'hasEntity' | 'dwellMs' | 'fetchDetails' | 'loadCardUi'>,
): ControllerDeps {
  const host = document.createElement('div');
  return {
    doc: document,
    host,
    container: host.attachShadow({ mode: 'open' }).appendChild(document.createElement('div')),
    store: page.store,
    filter: page.filter,
    registry: page.registry,
    timers: ownedTimers({ isValid: true, onInvalidated() {} }, window),
    scheme: () => 'light',
    alive: () => true,
    ...parts,
  };
}
