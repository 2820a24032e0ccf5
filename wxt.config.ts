import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import preact from '@preact/preset-vite';
import type { Plugin } from 'vite';
import { defineConfig } from 'wxt';
// Relative imports here and in what they import: this config is loaded without the '@/' alias.
import { CARD_UI_SCRIPT } from './content/card-ui';
import { CONTENT_APP_SCRIPT } from './content/content-app';
import { BASE_SCHEME, BASE_STYLE, HIGHLIGHT_CSS, highlightCss } from './content/highlight-css';
import { PAGE_FACTS_SCRIPT } from './content/page-facts';
import type { Knowledge } from './core/knowledge/types';
import { NAMES_SCRIPT } from './core/matcher/names/format';
import { preactWithoutInnerHtml } from './scripts/build/preact-without-inner-html';
import { lookJson, namesScript, toNameBundle } from './scripts/knowledge/names-script';

// Gecko id: stable across releases so AMO and users' profiles keep recognising the add-on.
const GECKO_ID = 'reader-context@reader-context.app';
// Firefox 140 is the first release with `data_collection_permissions` and the CSS Custom Highlight API,
// both of which the extension relies on; it is also the current ESR line's base.
const FIREFOX_MIN_VERSION = '140.0';
// Chrome 105 is the first with the CSS Custom Highlight API (`Highlight`, `CSS.highlights`, `::highlight()`).
// Everything else the extension uses is older there or has a fallback: caretPositionFromPoint (128) falls back
// to caretRangeFromPoint, checkVisibility's options to computed style, scheduler.postTask to setTimeout.
const CHROME_MIN_VERSION = '105';

// The knowledge the build bundles. Benchmarks point this at a synthetic 10,000-entity file to compare like with
// like; everyone else gets the compiled data/knowledge.json.
const KNOWLEDGE_FILE = resolve(process.env.READER_CONTEXT_KNOWLEDGE ?? 'data/knowledge.json');

/*
 * content-names.js (NAMES_SCRIPT): the names slice of the knowledge (core/matcher/names/format.ts), derived at build
 * time from the one knowledge file, so the content scripts carry only what they match with. It is a script apart
 * from content.js and content-app.js, loaded with the app (content/content-app.ts):
 * - Most pages never start the app, and so never need the names.
 * - Its evaluation is a task apart from the app's: with a large knowledge base the two together made one long task.
 * - V8 collects source positions lazily, by reparsing a function's whole source the first time a stack trace is
 *   taken in it, and Chrome takes one on every extension API call. With the names inside a bundle, each of
 *   those reparses covered the names too. Nothing ever takes a stack trace in content-names.js.
 * `namesScript` (scripts/knowledge/names-script.ts) writes it, rather than the bundler, and says why.
 */

/**
 * What the content scripts import when they first need it (content/on-demand.ts): entrypoints/content-app.ts, the
 * content app, once the first look finds a page may name someone, with content-names.js, the names it matches with;
 * entrypoints/card-ui.ts, the card's UI; and entrypoints/page-facts.ts, the page's date and the reading memory's
 * record.
 */
const ON_DEMAND_SCRIPTS = [CONTENT_APP_SCRIPT, NAMES_SCRIPT, CARD_UI_SCRIPT, PAGE_FACTS_SCRIPT];

/** The entrypoints that run in web pages, in the content scripts' isolated world. */
const PAGE_SCRIPTS = ['content', 'content-app', 'card-ui', 'page-facts'];

const readKnowledge = () => JSON.parse(readFileSync(KNOWLEDGE_FILE, 'utf8')) as Knowledge;
const nameBundle = () => toNameBundle(readKnowledge());

/**
 * A module made at build time from the knowledge file, imported as `id`: it exports `value()` (rebuilt when the file
 * changes).
 */
function fromKnowledge(id: `#${string}`, value: () => unknown): Plugin {
  const name = `reader-context:${id.slice(1)}`;
  const resolved = `\0${name}`;
  return {
    name,
    resolveId: (source) => (source === id ? resolved : undefined),
    load(source) {
      if (source !== resolved) return undefined;
      this.addWatchFile(KNOWLEDGE_FILE);
      return `export default ${JSON.stringify(value())};`;
    },
  };
}

export default defineConfig({
  // Explicit imports everywhere: a reader of any file sees where each name comes from.
  imports: false,
  // Benchmarks build a second copy (a synthetic knowledge base) beside the normal one without clobbering it.
  outDir: process.env.READER_CONTEXT_OUT_DIR ?? '.output',
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({
    plugins: [
      preact({ prefreshEnabled: false, devToolsEnabled: false }),
      // `#knowledge-names`: the names bundle as a module, for `wxt dev` only. It registers content.js by itself for
      // hot reload, without content-names.js, so the development build of the content app bundles the names.
      fromKnowledge('#knowledge-names', nameBundle),
      // `#first-look`: the first look's patterns, as JSON, for the background, which answers the content script's
      // first look (background/first-look.ts).
      fromKnowledge('#first-look', () => lookJson(readKnowledge())),
      // No HTML sink in the bundles, and none for addons.mozilla.org's linter to report.
      preactWithoutInnerHtml(),
    ],
    // Rolldown inlines module-level constants at every use; for the Public Suffix List's 68 kB string that
    // meant one copy per use site. One copy is enough.
    build: {
      rolldownOptions: { optimization: { inlineConst: false } },
      // The syntax and CSS the bundles may use: what the oldest browsers the manifests admit understand, so a
      // newer construct in the sources is lowered rather than shipped to a browser that cannot parse it.
      target: [`chrome${CHROME_MIN_VERSION}`, `firefox${parseInt(FIREFOX_MIN_VERSION, 10)}`],
      cssTarget: [`chrome${CHROME_MIN_VERSION}`, `firefox${parseInt(FIREFOX_MIN_VERSION, 10)}`],
    },
    resolve: {
      alias: { '#knowledge': KNOWLEDGE_FILE },
    },
    // The benchmark's builds only (scripts/bench/builds.ts): test hooks on under automation without a storage
    // read (extension/test-hooks.ts). Every other build, the packaged ones included, is built with false.
    define: { __READER_CONTEXT_BENCH__: JSON.stringify(process.env.READER_CONTEXT_BENCH === '1') },
  }),
  manifest: ({ browser, manifestVersion }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // storage: settings and the per-site switch. contextMenus: "Look up … in Reader Context".
    // activeTab: lets the popup read the current tab's address when the reader opens it, without a standing
    // permission over every tab.
    permissions: ['storage', 'contextMenus', 'activeTab'],
    // The scripts content.js imports on demand: a browser lets it only for a resource the page may load too.
    // A page must not be able to tell the extension is there by loading it: Chromium serves it at a per-session
    // address (use_dynamic_url); Firefox's extension origin is a per-install UUID (docs/SECURITY.md).
    web_accessible_resources:
      manifestVersion === 2
        ? ON_DEMAND_SCRIPTS
        : [
            {
              resources: ON_DEMAND_SCRIPTS,
              matches: ['<all_urls>'],
              ...(browser === 'firefox' ? {} : { use_dynamic_url: true }),
            },
          ],
    action: { default_title: '__MSG_actionTitle__' },
    // Keyboard and screen-reader users' way to the names, since highlights are invisible to assistive
    // technology. Alt+Shift+letter is free in Chrome, Firefox and the common screen readers' defaults.
    commands: {
      'next-mention': {
        // Chromium assigns neither Alt+Shift+N nor Alt+Shift+P (it keeps them), and then the command has no
        // shortcut at all; J and K (next and previous, as in feed readers) are free in both browsers.
        suggested_key: { default: 'Alt+Shift+J' },
        description: '__MSG_commandNextMention__',
      },
      'previous-mention': {
        suggested_key: { default: 'Alt+Shift+K' },
        description: '__MSG_commandPreviousMention__',
      },
    },
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
      : { minimum_chrome_version: CHROME_MIN_VERSION }),
  }),
  hooks: {
    // The scripts that run in web pages use the browser's API as it is, without webextension-polyfill (parsed on
    // every page otherwise): extension/native-browser.ts says why that is safe.
    'vite:build:extendConfig': (entrypoints, config) => {
      if (!entrypoints.every((e) => PAGE_SCRIPTS.includes(e.name))) return;
      config.resolve ??= {};
      config.resolve.alias = {
        ...config.resolve.alias,
        'wxt/browser': resolve('extension/native-browser.ts'),
        // WXT's content-script context, which content.js does not use: content/wxt-context.ts says why.
        ...(entrypoints.some((e) => e.type === 'content-script')
          ? { 'wxt/utils/content-script-context': resolve('content/wxt-context.ts') }
          : {}),
      };
    },
    // On the pages content.js runs on, the browser puts the default look's ::highlight() rules in first, before the
    // page is first styled, with no script at all (content/highlight-css.ts says why).
    'build:manifestGenerated': (_wxt, manifest) => {
      const earlier: NonNullable<typeof manifest.content_scripts> = [];
      for (const cs of manifest.content_scripts ?? []) {
        if (!cs.js?.includes('content-scripts/content.js')) continue;
        // Everything that says where content.js runs (matches, frames, exclusions), nothing of what it runs.
        const { js: _js, css: _css, run_at: _runAt, ...where } = cs;
        earlier.push({ ...where, css: [HIGHLIGHT_CSS], run_at: 'document_start' });
      }
      manifest.content_scripts?.push(...earlier);
    },
    'build:publicAssets': (_wxt, files) => {
      files.push({ relativeDest: NAMES_SCRIPT, contents: namesScript(nameBundle()) });
      files.push({ relativeDest: HIGHLIGHT_CSS, contents: `${highlightCss(BASE_STYLE, BASE_SCHEME)}\n` });
      // The privacy policy, for the options page's link: as text, which every browser shows in a tab.
      files.push({ relativeDest: 'privacy.txt', contents: readFileSync('PRIVACY.md', 'utf8') });
    },
  },
  zip: {
    // One zip per build: Firefox's MV2 and MV3 builds would otherwise both be "…-firefox.zip". wxt writes
    // {{manifestVersion}} as "mv2" or "mv3" (tests/build/zips.test.ts checks the names).
    artifactTemplate: '{{name}}-{{packageVersion}}-{{browser}}-{{manifestVersion}}.zip',
    // AMO reviewers rebuild from these sources; keep generated and local-only folders out.
    // The store images are for the listing, not the build.
    excludeSources: [
      '.output/**',
      '.wxt/**',
      'node_modules/**',
      'tests/e2e/.tmp/**',
      'coverage/**',
      'store/images/**',
    ],
  },
});
