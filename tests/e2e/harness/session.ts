/**
 * One interface over both drivers (playwright-core for Chromium, puppeteer-core over WebDriver BiDi for Firefox),
 * so a test is written once and run in every browser: `for (const target of TARGETS) describe(target, …)`.
 */
import type { BuildName } from './paths';

export type Target = 'chromium' | 'firefox-mv2' | 'firefox-mv3';

/** What the tests can do with a tab, whichever driver is behind it. */
export interface E2EPage {
  /** The document's address, read from the page itself (`location.href`). */
  url(): Promise<string>;
  goto(url: string): Promise<void>;
  /** Runs `fn` in the page's main world (not the content script's isolated world). */
  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R>;
  /** Resolves once `selector` matches an element (open shadow roots pierced in Chromium only). */
  waitForSelector(selector: string, options?: { timeout?: number }): Promise<void>;
  /** textContent of the first match, or null. */
  text(selector: string): Promise<string | null>;
  bringToFront(): Promise<void>;
  close(): Promise<void>;
  /** The driver's own page (playwright `Page` or puppeteer `Page`) for what this interface does not cover. */
  readonly raw: unknown;
}

export interface BrowserSession {
  readonly target: Target;
  readonly build: BuildName;
  /** The extension's id (Chromium) or its moz-extension UUID (Firefox). */
  readonly extensionId: string;
  /** Browser name and version, e.g. "chrome/156.0…" or "firefox/153.0…". */
  readonly version: string;
  /** Opens a new tab at `url` and waits for its load event. */
  open(url: string): Promise<E2EPage>;
  /** `chrome-extension://ID/path` or `moz-extension://UUID/path`. */
  extensionUrl(path: string): string;
  /** The extension's tab id for an open page (asked from the extension itself). */
  tabIdOf(page: E2EPage): Promise<number>;
  /** Opens `popup.html?tabId=N` as a tab; without a tab id, plain `popup.html` (the popup then uses the active tab). */
  openPopup(tabId?: number): Promise<E2EPage>;
  /** Opens the options page as a tab. */
  openOptions(): Promise<E2EPage>;
  /** Runs `fn` in an extension page (a hidden helper tab), where `browser`/`chrome` APIs are available. */
  evaluateInExtension<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R>;
  /** Closes every tab but the hidden helper tab of `evaluateInExtension`. */
  closePages(): Promise<void>;
  /** Closes the browser and deletes its profile. Safe to call twice. */
  close(): Promise<void>;
}

export const TARGET_BUILD: Record<Target, BuildName> = {
  chromium: 'chrome-mv3',
  'firefox-mv2': 'firefox-mv2',
  'firefox-mv3': 'firefox-mv3',
};
