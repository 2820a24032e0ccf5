/**
 * Popup entry: finds the tab it is about, loads the bundled knowledge and its search, and renders PopupApp with
 * the browser's own API.
 */

import { render } from 'preact';
import { browser } from 'wxt/browser';
import knowledgeJson from '#knowledge';
import { parseKnowledge } from '@/core/knowledge/schema';
import { forgetMemorySite, readMemory, watchMemory } from '@/extension/memory-store';
import { sendToTab } from '@/extension/messaging';
import { migrateStoredSettings, setSiteEnabled } from '@/extension/settings-io';
import { getSettings, setEntityKnown, updateSettings, watchSettings } from '@/extension/settings-store';
import { lookupQueryOf } from '@/popup/lookup';
import { bundledSearcher } from '@/popup/search';
import { resolveTab } from '@/popup/tab';
import { PopupApp } from './App';
import '@/components/app.css';
import '@/components/popup.css';
import '@/components/card/card.css';

async function main() {
  const root = document.getElementById('app');
  if (!root) return;
  // A popup opened right after an update may beat the background's migration: never show v1 settings as v2.
  const migrated = migrateStoredSettings();
  const params = new URLSearchParams(location.search);
  const knowledge = parseKnowledge(knowledgeJson);
  const searcher = bundledSearcher(knowledge);
  const tab = await resolveTab(params, browser.tabs);
  await migrated;
  render(
    <PopupApp
      knowledge={knowledge}
      search={(q) => searcher.search(q)}
      tabId={tab.id}
      tabUrl={tab.url}
      initialQuery={params.get('q') ?? undefined}
      lookup={lookupQueryOf(params)}
      sendToTab={sendToTab}
      getSettings={getSettings}
      watchSettings={watchSettings}
      setSiteEnabled={setSiteEnabled}
      updateSettings={updateSettings}
      setEntityKnown={setEntityKnown}
      openOptions={() => void browser.runtime.openOptionsPage()}
      memory={{ readMemory, watchMemory, forgetSite: forgetMemorySite }}
    />,
    root,
  );
}

void main();
