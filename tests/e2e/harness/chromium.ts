/**
 * Chromium with the built extension, through playwright-core, in a fresh profile.
 * Without `--disable-extensions-except`, Playwright's default `--disable-extensions` silently wins and nothing
 * loads.
 */
import { type BrowserContext, chromium, type Page, type Worker } from 'playwright-core';
import { destroyDir, makeProfileDir } from './cleanup';
import { BUILDS } from './paths';
import { TEST_HOSTS } from './server';
import type { BrowserSession, E2EPage } from './session';

/**
 * Headless Chromium as root on this kind of machine, kept off the network: without the background-networking
 * flags it keeps trying to reach Google's hosts. Shared with the benchmark's launcher.
 */
export const CHROMIUM_QUIET_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

/**
 * What Playwright itself turns off (playwright-core 1.65, server/chromium/chromiumSwitches.ts): Chromium keeps only
 * the last `--disable-features` it is given, and ours comes after Playwright's, so ours must repeat them or the
 * browser runs with them back on (paint holding, AI mode's and the search engine's requests at start-up, …).
 * tests/unit/bench/chromium-flags.test.ts checks this list against the installed playwright-core.
 */
export const PLAYWRIGHT_DISABLED_FEATURES = [
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'ThirdPartyStoragePartitioning',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'TcpPortRandomizationWin',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'AimEnabled',
  'PreconnectToSearch',
  'msForceBrowserSignIn',
  'msEdgeUpdateLaunchServicesPreferredVersion',
] as const;

/**
 * Browser features turned off in every run (tests, real pages, benchmark), passed as one `--disable-features`:
 * Playwright's (above; among them the https upgrades our plain-http test sites must not get), and Chromium's WebUI
 * omnibox popup. Headless Chromium loads that popup (chrome://omnibox-popup.top-chrome/) as a page in a
 * renderer of its own for each new tab the harness opens, and on a 2-core machine it competes for the cores in
 * the very window where the extension's first scan runs, so the extension's tasks wait for a core. It is the
 * browser's own interface, not the page's or the extension's work (docs/PERFORMANCE.md). The three variants:
 * with `WebUIOmniboxAimPopup` alone off, the plain popup still loads.
 */
export const CHROMIUM_DISABLED_FEATURES = [
  ...PLAYWRIGHT_DISABLED_FEATURES,
  'WebUIOmniboxPopup',
  'WebUIOmniboxAimPopup',
  'WebUIOmniboxFullPopup',
] as const;

export const CHROMIUM_DISABLE_FEATURES_ARG = `--disable-features=${CHROMIUM_DISABLED_FEATURES.join(',')}`;

export interface ChromiumOptions {
  executablePath: string;
  /** Extension directory; default .output/chrome-mv3. */
  extensionDir?: string;
  /** A phone: a touch screen and a phone-sized viewport (see TouchDevice). */
  touch?: TouchDevice | undefined;
}

/**
 * A touch-screen device, for Chromium's touch emulation. `isMobile` makes Chromium lay pages out as a phone does
 * (the page's meta viewport honoured, overlay scrollbars); the mouse keeps working, as on a laptop with a touch
 * screen.
 */
export interface TouchDevice {
  viewport: { width: number; height: number };
  isMobile?: boolean;
}

export function wrapPlaywrightPage(page: Page): E2EPage {
  return {
    raw: page,
    url: async () => page.url(),
    goto: async (url) => {
      await page.goto(url, { waitUntil: 'load' });
    },
    evaluate: <R, A>(fn: (arg: A) => R | Promise<R>, arg?: A) =>
      page.evaluate(fn as unknown as (arg: unknown) => unknown, arg) as Promise<R>,
    waitForSelector: async (selector, options) => {
      await page.waitForSelector(selector, { state: 'attached', timeout: options?.timeout ?? 10_000 });
    },
    text: async (selector) => {
      const el = await page.$(selector);
      return el ? el.textContent() : null;
    },
    bringToFront: () => page.bringToFront(),
    close: () => page.close(),
  };
}

export async function launchChromium(options: ChromiumOptions): Promise<BrowserSession> {
  const extensionDir = options.extensionDir ?? BUILDS['chrome-mv3'];
  const profile = makeProfileDir('chromium');
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: options.executablePath,
      headless: true,
      ...(options.touch
        ? { hasTouch: true, isMobile: options.touch.isMobile ?? false, viewport: options.touch.viewport }
        : {}),
      args: [
        '--headless=new',
        `--disable-extensions-except=${extensionDir}`,
        `--load-extension=${extensionDir}`,
        ...CHROMIUM_QUIET_ARGS,
        // The test sites (news-a.test, …) are the local server; nothing else resolves.
        `--host-resolver-rules=${TEST_HOSTS.map((h) => `MAP ${h} 127.0.0.1`).join(', ')}, EXCLUDE localhost`,
        CHROMIUM_DISABLE_FEATURES_ARG,
      ],
    });
  } catch (error) {
    destroyDir(profile);
    throw error;
  }
  const ctx = context;
  let closed = false;

  const worker: Worker =
    ctx.serviceWorkers()[0] ?? (await ctx.waitForEvent('serviceworker', { timeout: 15_000 }));
  const extensionId = new URL(worker.url()).host;
  const version = `chrome/${ctx.browser()?.version() ?? 'unknown'}`;
  // Playwright opens one blank tab with a persistent context; the tests open their own.
  const initialPages = ctx.pages();

  const open = async (url: string): Promise<E2EPage> => {
    const page = await ctx.newPage();
    await page.goto(url, { waitUntil: 'load' });
    return wrapPlaywrightPage(page);
  };

  /** The service worker may be stopped when idle; ask for it again when it is gone. */
  const currentWorker = async (): Promise<Worker> =>
    ctx.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${extensionId}/`)) ??
    (await ctx.waitForEvent('serviceworker', { timeout: 15_000 }));

  const session: BrowserSession = {
    target: 'chromium',
    build: 'chrome-mv3',
    extensionId,
    version,
    open,
    extensionUrl: (path) => `chrome-extension://${extensionId}/${path.replace(/^\//, '')}`,
    evaluateInExtension: async <R, A>(fn: (arg: A) => R | Promise<R>, arg?: A) =>
      (await currentWorker()).evaluate(fn as unknown as (arg: unknown) => unknown, arg) as Promise<R>,
    tabIdOf: async (page) => {
      // Playwright pages carry no tab id. Bring the page to the front, then ask the extension for the active
      // tab: this needs no "tabs" permission, which the extension does not have (tab URLs stay hidden from it).
      await page.bringToFront();
      const id = await session.evaluateInExtension(async () => {
        type Tabs = { tabs: { query(q: object): Promise<{ id?: number }[]> } };
        const api = (globalThis as unknown as { chrome: Tabs }).chrome;
        const tabs = await api.tabs.query({ active: true, lastFocusedWindow: true });
        return tabs[0]?.id;
      });
      if (typeof id !== 'number') throw new Error(`no active tab found for ${await page.url()}`);
      return id;
    },
    openPopup: (tabId) =>
      open(session.extensionUrl(tabId === undefined ? 'popup.html' : `popup.html?tabId=${tabId}`)),
    openOptions: () => open(session.extensionUrl('options.html')),
    // A persistent context stays up with no tab open (the launch closes its first blank tab too).
    closePages: async () => {
      for (const p of ctx.pages()) await p.close().catch(() => {});
    },
    close: async () => {
      if (closed) return;
      closed = true;
      try {
        await Promise.race([ctx.close(), new Promise((r) => setTimeout(r, 10_000))]);
      } finally {
        destroyDir(profile);
      }
    },
  };
  for (const p of initialPages) await p.close().catch(() => {});
  return session;
}
