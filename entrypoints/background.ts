/** The background entry point: starts the background (background/start.ts) with the browser's own API. */
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import firstLookJson from '#first-look';
import { firstLookFrom } from '@/background/first-look';
import { bundledKnowledge } from '@/background/knowledge';
import { startBackground } from '@/background/start';
import { sendToTab } from '@/extension/messaging';
import { migrateStoredSettings } from '@/extension/settings-io';
import { getSettings, watchSettings } from '@/extension/settings-store';

export default defineBackground(() => {
  startBackground({
    knowledge: bundledKnowledge,
    firstLook: firstLookFrom(firstLookJson),
    api: browser,
    send: sendToTab,
    getSettings,
    watchSettings,
    migrateSettings: migrateStoredSettings,
  });
});
