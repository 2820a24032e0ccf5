/**
 * Popup entry: resolves which tab it is about (?tabId=N from the background's "look up" window, else the active
 * tab), loads the bundled knowledge and the prebuilt search index, and wires PopupApp to the browser.
 */

import { render } from 'preact';
import { browser } from 'wxt/browser';
import knowledgeJson from '#knowledge';
import { parseKnowledge } from '@/core/knowledge/schema';
import { createSearcher } from '@/core/search';
import searchIndex from '@/data/search-index.json';
import { sendToTab } from '@/extension/messaging';
import { migrateStoredSettings, setSiteEnabled } from '@/extension/settings-io';
import { getSettings, setEntityKnown, updateSettings, watchSettings } from '@/extension/settings-store';
import { PopupApp } from './App';
import '@/components/app.css';
import '@/components/card/card.css';

type IndexJson = Parameters<typeof createSearcher>[1];

async function resolveTab(
  params: URLSearchParams,
): Promise<{ id: number | undefined; url: string | undefined }> {
  const fromQuery = Number(params.get('tabId'));
  try {
    if (Number.isInteger(fromQuery) && fromQuery >= 0 && params.has('tabId')) {
      const tab = await browser.tabs.get(fromQuery);
      return { id: fromQuery, url: tab.url };
    }
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    return { id: tab?.id, url: tab?.url };
  } catch {
    return { id: Number.isInteger(fromQuery) && params.has('tabId') ? fromQuery : undefined, url: undefined };
  }
}

async function main() {
  const root = document.getElementById('app');
  if (!root) return;
  // A popup opened right after an update may beat the background's migration: never show v1 settings as v2.
  const migrated = migrateStoredSettings();
  const params = new URLSearchParams(location.search);
  const knowledge = parseKnowledge(knowledgeJson);
  // The prebuilt index matches the bundled knowledge; if a different knowledge file was bundled (benchmarks),
  // fall back to indexing on open rather than searching with a mismatched index.
  const index = searchIndex as unknown as IndexJson;
  const searcher = createSearcher(
    knowledge.entities,
    index && (index as { records?: unknown[] }).records?.length === knowledge.entities.length
      ? index
      : undefined,
  );
  const tab = await resolveTab(params);
  await migrated;
  render(
    <PopupApp
      knowledge={knowledge}
      search={(q) => searcher.search(q)}
      tabId={tab.id}
      tabUrl={tab.url}
      initialQuery={params.get('q') ?? undefined}
      sendToTab={sendToTab}
      getSettings={getSettings}
      watchSettings={watchSettings}
      setSiteEnabled={setSiteEnabled}
      updateSettings={updateSettings}
      setEntityKnown={setEntityKnown}
      openOptions={() => void browser.runtime.openOptionsPage()}
    />,
    root,
  );
}

void main();
