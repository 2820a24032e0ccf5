import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';

// Gecko id: stable across releases so AMO and users' profiles keep recognising the add-on.
const GECKO_ID = 'reader-context@reader-context.app';
// Firefox 140 is the first release with `data_collection_permissions` and the CSS Custom Highlight API,
// both of which the extension relies on; it is also the current ESR line's base.
const FIREFOX_MIN_VERSION = '140.0';

export default defineConfig({
  // Explicit imports everywhere: a reader of any file sees where each name comes from.
  imports: false,
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({
    plugins: [preact({ prefreshEnabled: false, devToolsEnabled: false })],
  }),
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // storage: settings and the per-site switch. contextMenus: "Look up … in Reader Context".
    // activeTab: lets the popup read the current tab's address when the reader opens it, without a standing
    // permission over every tab.
    permissions: ['storage', 'contextMenus', 'activeTab'],
    action: { default_title: '__MSG_actionTitle__' },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: GECKO_ID,
              strict_min_version: FIREFOX_MIN_VERSION,
              data_collection_permissions: { required: ['none'] },
            },
            // Firefox for Android learnt `data_collection_permissions` in 142.
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {}),
  }),
  zip: {
    // AMO reviewers rebuild from these sources; keep generated and local-only folders out.
    excludeSources: ['.output/**', '.wxt/**', 'node_modules/**', 'tests/e2e/.tmp/**', 'coverage/**'],
  },
});
