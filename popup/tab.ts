/**
 * Which tab the popup is about: ?tabId=N when popup.html is opened as a page for that tab (the end-to-end tests
 * do); none for a lookup's own tab (?q= without ?tabId=: the active tab is that tab itself, not a page to read);
 * else the active tab.
 */
import type { browser } from 'wxt/browser';

export interface PopupTab {
  id: number | undefined;
  /** Undefined when the browser does not share the address (no activeTab grant) or the tab is gone. */
  url: string | undefined;
}

/** Takes the tabs API as a parameter so it can be tried with a fake. */
export async function resolveTab(
  params: URLSearchParams,
  tabs: Pick<typeof browser.tabs, 'get' | 'query'>,
): Promise<PopupTab> {
  const fromQuery = Number(params.get('tabId'));
  if (params.has('q') && !params.has('tabId')) return { id: undefined, url: undefined };
  try {
    if (Number.isInteger(fromQuery) && fromQuery >= 0 && params.has('tabId')) {
      const tab = await tabs.get(fromQuery);
      return { id: fromQuery, url: tab.url };
    }
    const [tab] = await tabs.query({ active: true, currentWindow: true });
    return { id: tab?.id, url: tab?.url };
  } catch {
    return { id: Number.isInteger(fromQuery) && params.has('tabId') ? fromQuery : undefined, url: undefined };
  }
}
