/**
 * The "Look up … in Reader Context" item on a selection: the page's card when the page knows the name, else the
 * search in a tab of its own.
 */
import {
  type BackgroundApi,
  type BackgroundDeps,
  isRealTab,
  type MenuClickInfo,
  type MenusApi,
  type TabLike,
} from './api';

export const LOOKUP_MENU_ID = 'reader-context-lookup';
/** Used when the locale has no such message (getMessage returns ""); the browser puts the selection at %s. */
export const LOOKUP_MENU_FALLBACK = 'Look up “%s” in Reader Context';
/**
 * A lookup is for a name; the longest are a few dozen characters. Longer selections are cut here so that an
 * accidental paragraph does not become a giant URL or a useless search.
 */
export const MAX_LOOKUP_CHARS = 100;

export function lookupMenuTitle(i18n: BackgroundApi['i18n']): string {
  let title = '';
  try {
    // The message's $1 is filled with "%s", which the browser then replaces with the selection.
    title = i18n.getMessage('contextMenuLookup', '%s');
  } catch {
    // Treated like a missing message.
  }
  return title || LOOKUP_MENU_FALLBACK;
}

/** Idempotent: menus persist across service-worker restarts in Chrome, so old ones go before new ones come. */
export async function installMenus(menus: MenusApi, i18n: BackgroundApi['i18n']): Promise<void> {
  await menus.removeAll();
  menus.create({ id: LOOKUP_MENU_ID, title: lookupMenuTitle(i18n), contexts: ['selection'] });
}

/** The selection as a search query: whitespace collapsed (selections span line breaks), cut to a name's length. */
export function lookupQuery(selection: string | undefined): string {
  return (selection ?? '').replace(/\s+/g, ' ').trim().slice(0, MAX_LOOKUP_CHARS).trim();
}

export function searchPageUrl(runtime: Pick<BackgroundApi['runtime'], 'getURL'>, query: string): string {
  return `${runtime.getURL('/popup.html')}?q=${encodeURIComponent(query)}`;
}

/**
 * The page's content script opens the card when the selection names an entity. When it does not, or no content
 * script answers (PDF, browser page), the search opens in a new tab beside the current one: the toolbar popup
 * cannot be opened with a query.
 */
export async function handleLookupClick(
  deps: Pick<BackgroundDeps, 'api' | 'send'>,
  info: MenuClickInfo,
  tab: TabLike | undefined,
): Promise<'card' | 'search' | 'ignored'> {
  if (info.menuItemId !== LOOKUP_MENU_ID) return 'ignored';
  const query = lookupQuery(info.selectionText);
  if (!query) return 'ignored';
  if (isRealTab(tab)) {
    const found = await deps.send(tab.id, { type: 'page:lookup', text: query });
    if (found) return 'card';
  }
  await deps.api.tabs.create({
    url: searchPageUrl(deps.api.runtime, query),
    ...(isRealTab(tab) ? { index: tab.index + 1, openerTabId: tab.id } : {}),
    ...(tab?.windowId !== undefined ? { windowId: tab.windowId } : {}),
  });
  return 'search';
}
