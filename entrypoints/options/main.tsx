/** Options entry: renders OptionsApp with the stored settings, the bundled knowledge (for names) and downloads. */

import { render } from 'preact';
import knowledgeJson from '#knowledge';
import { parseKnowledge } from '@/core/knowledge/schema';
import { MAX_DWELL_MS, MIN_DWELL_MS } from '@/core/settings';
import { exportSettings } from '@/core/settings-io';
import { siteFromInput } from '@/core/site';
import {
  forgetAllMemory,
  forgetMemorySite,
  readMemory,
  trimMemory,
  watchMemory,
} from '@/extension/memory-store';
import { importAndSaveSettings, migrateStoredSettings } from '@/extension/settings-io';
import { getSettings, updateSettings, watchSettings } from '@/extension/settings-store';
import { openShortcutSettings, readShortcuts } from '@/extension/shortcuts';
import { download } from '@/options/download';
import { OptionsApp } from './App';
import '@/components/app.css';
import '@/components/options.css';

async function main() {
  const root = document.getElementById('app');
  if (!root) return;
  // The options page may be opened right after an update, before the background has migrated: never show (or
  // save over) v1 settings read as v2.
  await migrateStoredSettings();
  const knowledge = parseKnowledge(knowledgeJson);
  const entityIds = new Set(knowledge.entities.map((e) => e.id));
  render(
    <OptionsApp
      knowledge={knowledge}
      getSettings={getSettings}
      watchSettings={watchSettings}
      updateSettings={updateSettings}
      exportSettings={exportSettings}
      importAndSaveSettings={(json) => importAndSaveSettings(json, entityIds)}
      normaliseSite={siteFromInput}
      download={download}
      readShortcuts={readShortcuts}
      openShortcutSettings={() => void openShortcutSettings().catch(() => {})}
      dwellRange={{ min: MIN_DWELL_MS, max: MAX_DWELL_MS }}
      memory={{
        readMemory,
        watchMemory,
        forgetSite: forgetMemorySite,
        forgetAll: forgetAllMemory,
        trim: (retention) => trimMemory(retention),
      }}
    />,
    root,
  );
}

void main();
