/**
 * Firefox with the built extension, through puppeteer-core over WebDriver BiDi (Playwright's Firefox needs its own
 * patched build and does not drive a stock Firefox). The extension is installed as a temporary add-on with
 * `browser.installExtension(dir)`.
 *
 * The moz-extension:// UUID is random per profile. We fix it instead of discovering it: before launch the profile
 * gets `extensions.webextensions.uuids = {"<gecko id>": "<uuid we chose>"}`, which Firefox reads when it assigns
 * the add-on its UUID, so `extensionUrl()` is known up front.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { destroyDir, makeProfileDir } from './cleanup';
import { BUILDS } from './paths';
import { TEST_HOSTS } from './server';
import type { BrowserSession, E2EPage } from './session';

export interface FirefoxOptions {
  executablePath: string;
  build: 'firefox-mv2' | 'firefox-mv3';
  /** Extension directory; default .output/<build>. */
  extensionDir?: string;
  /**
   * The colour scheme pages see (prefers-color-scheme). WebDriver BiDi cannot emulate it per page, so a dark
   * session is launched dark, with Firefox's own preference.
   */
  colorScheme?: 'light' | 'dark';
}

/**
 * Navigates a tab and waits for the document to be complete. For moz-extension:// pages Puppeteer never sees the
 * navigation finish (the tab moves to the extension process and `page.url()` stays about:blank), so those are
 * awaited by polling `location.href` and `document.readyState` in the page instead.
 */
export async function gotoAndWait(page: Page, url: string, timeout = 15_000): Promise<void> {
  if (!url.startsWith('moz-extension:')) {
    await page.goto(url, { waitUntil: 'load', timeout });
    return;
  }
  const navigation = page.goto(url, { waitUntil: 'load', timeout }).catch(() => {});
  const deadline = Date.now() + timeout;
  let last: unknown;
  for (;;) {
    try {
      const [href, state] = await page.evaluate(() => [location.href, document.readyState]);
      if (href === url && state === 'complete') break;
      last = `${href} (${state})`;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out opening ${url}; last seen: ${String(last)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  void navigation;
}

export function wrapPuppeteerPage(page: Page): E2EPage {
  return {
    raw: page,
    url: () => page.evaluate(() => location.href),
    goto: (url) => gotoAndWait(page, url),
    evaluate: <R, A>(fn: (arg: A) => R | Promise<R>, arg?: A) =>
      page.evaluate(fn as unknown as (arg: unknown) => unknown, arg) as Promise<R>,
    waitForSelector: async (selector, options) => {
      await page.waitForSelector(selector, { timeout: options?.timeout ?? 10_000 });
    },
    text: (selector) => page.evaluate((s) => document.querySelector(s)?.textContent ?? null, selector),
    bringToFront: () => page.bringToFront(),
    close: () => page.close(),
  };
}

function geckoIdOf(extensionDir: string): string {
  const manifest = JSON.parse(readFileSync(join(extensionDir, 'manifest.json'), 'utf8')) as {
    browser_specific_settings?: { gecko?: { id?: string } };
  };
  const id = manifest.browser_specific_settings?.gecko?.id;
  if (!id) throw new Error(`${extensionDir}/manifest.json has no browser_specific_settings.gecko.id`);
  return id;
}

export async function launchFirefox(options: FirefoxOptions): Promise<BrowserSession> {
  const extensionDir = options.extensionDir ?? BUILDS[options.build];
  const geckoId = geckoIdOf(extensionDir);
  const uuid = randomUUID();
  const profile = makeProfileDir(options.build);
  let browser: Browser | undefined;
  try {
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: options.executablePath,
      headless: true,
      userDataDir: profile,
      // WebDriver BiDi refuses to navigate a tab to moz-extension:// ("not allowed in this context") unless the
      // remote agent is given system access; without it, the popup and options pages cannot be opened as tabs.
      args: ['--remote-allow-system-access'],
      // Puppeteer's own SIGINT/exit handlers would race ours (cleanup.ts), which also delete the profile.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      extraPrefsFirefox: {
        'extensions.webextensions.uuids': JSON.stringify({ [geckoId]: uuid }),
        // The test sites (news-a.test, …) resolve to the loopback address, where the test server listens.
        'network.dns.localDomains': TEST_HOSTS.join(','),
        // No https-first upgrades of the plain-http test sites, no first-run or update traffic.
        'dom.security.https_first': false,
        'dom.security.https_first_schemeless': false,
        'app.update.enabled': false,
        'browser.shell.checkDefaultBrowser': false,
        // 0 dark, 1 light: what prefers-color-scheme says to pages and extension pages.
        ...(options.colorScheme
          ? { 'layout.css.prefers-color-scheme.content-override': options.colorScheme === 'dark' ? 0 : 1 }
          : {}),
      },
    });
  } catch (error) {
    destroyDir(profile);
    throw error;
  }
  const ff = browser;
  let closed = false;
  let helper: Page | undefined;

  try {
    await ff.installExtension(extensionDir);
  } catch (error) {
    await ff.close().catch(() => {});
    destroyDir(profile);
    throw error;
  }
  const version = `firefox/${(await ff.version()).replace(/^firefox\//i, '')}`;
  const base = `moz-extension://${uuid}/`;

  const open = async (url: string): Promise<E2EPage> => {
    const page = await ff.newPage();
    await gotoAndWait(page, url);
    return wrapPuppeteerPage(page);
  };

  const session: BrowserSession = {
    target: options.build,
    build: options.build,
    extensionId: uuid,
    version,
    open,
    extensionUrl: (path) => base + path.replace(/^\//, ''),
    evaluateInExtension: async <R, A>(fn: (arg: A) => R | Promise<R>, arg?: A) => {
      if (!helper || helper.isClosed()) {
        // Any page of the extension has the WebExtension APIs; the options page is the one with no side effects.
        helper = await ff.newPage();
        await gotoAndWait(helper, `${base}options.html#e2e-helper`);
      }
      return helper.evaluate(fn as unknown as (arg: unknown) => unknown, arg) as Promise<R>;
    },
    tabIdOf: async (page) => {
      // As in Chromium: no "tabs" permission, so find the page as the active tab after bringing it to the front.
      if (!helper || helper.isClosed()) await session.evaluateInExtension(() => 0);
      await page.bringToFront();
      const id = await session.evaluateInExtension(async () => {
        type Tabs = { tabs: { query(q: object): Promise<{ id?: number }[]> } };
        const api = (globalThis as unknown as { browser: Tabs }).browser;
        const tabs = await api.tabs.query({ active: true, currentWindow: true });
        return tabs[0]?.id;
      });
      if (typeof id !== 'number') throw new Error(`no active tab found for ${await page.url()}`);
      return id;
    },
    openPopup: (tabId) =>
      open(session.extensionUrl(tabId === undefined ? 'popup.html' : `popup.html?tabId=${tabId}`)),
    openOptions: () => open(session.extensionUrl('options.html')),
    closePages: async () => {
      // The helper tab stays open first: Firefox ends when its last tab closes.
      if (!helper || helper.isClosed()) await session.evaluateInExtension(() => 0);
      for (const p of await ff.pages()) if (p !== helper) await p.close().catch(() => {});
    },
    close: async () => {
      if (closed) return;
      closed = true;
      try {
        await Promise.race([ff.close(), new Promise((r) => setTimeout(r, 10_000))]);
      } finally {
        destroyDir(profile);
      }
    },
  };
  return session;
}
