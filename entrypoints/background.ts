/** The background entry point: starts the background (background/start.ts) with the browser's own API. */
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { bundledKnowledge } from '@/background/knowledge';
import { startBackground } from '@/background/start';
import { sendToTab } from '@/core/messages';
import { getSettings, watchSettings } from '@/core/settings';
import { migrateStoredSettings } from '@/core/settings-io';

export default defineBackground(() => {
  startBackground({
    knowledge: bundledKnowledge,
    api: browser,
    send: sendToTab,
    getSettings,
    watchSettings,
    migrateSettings: migrateStoredSettings,
  });
});
