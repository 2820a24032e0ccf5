/**
 * The end-to-end harness: launch a browser with the built extension, serve fixture pages, read what the content
 * script did. See tests/e2e/README.md for how to write a test.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { findBrowsers } from '@/scripts/find-browsers';
import { launchChromium, type TouchDevice } from './chromium';
import { launchFirefox } from './firefox';
import { BUILDS, REPO_ROOT } from './paths';
import { type BrowserSession, type E2EPage, TARGET_BUILD, type Target } from './session';

export type { TouchDevice } from './chromium';
export { cleanupAll, getRunRoot, processesUsing } from './cleanup';
export { BUILDS, PAGES_DIR, REPO_ROOT } from './paths';
export { SITE_HOSTS, type SiteName, startServer, type TestServer } from './server';
export type { BrowserSession, E2EPage, Target } from './session';

/** Every target the suite runs in. E2E_TARGETS=chromium,firefox-mv2 narrows it. */
export const ALL_TARGETS: readonly Target[] = ['chromium', 'firefox-mv2', 'firefox-mv3'];
export const TARGETS: readonly Target[] = (() => {
  const wanted = process.env.E2E_TARGETS?.split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  if (!wanted?.length) return ALL_TARGETS;
  const unknown = wanted.filter((t) => !ALL_TARGETS.includes(t as Target));
  if (unknown.length)
    throw new Error(`E2E_TARGETS: unknown ${unknown.join(', ')}; use ${ALL_TARGETS.join(', ')}`);
  return wanted as Target[];
})();

/** User Timing marks the content script leaves in the page's performance timeline. */
export const MARKS = {
  /** The content script's main() has run. */
  ready: 'reader-context:ready',
  /** A scan of the page (or of a changed part) has finished; one measure per scan pass. */
  scan: 'reader-context:scan',
} as const;

/** An unpacked test extension that sets highlights and marks like the real content script (harness self-test). */
export const PROBE_EXTENSION = join(REPO_ROOT, 'tests/e2e/probe-extension');

type LaunchOptions = {
  extensionDir?: string;
  testHooks?: boolean;
  colorScheme?: 'light' | 'dark';
  touch?: TouchDevice;
};

/**
 * Launches `target` with its build from .output/ (run `npm run build` first), or with `extensionDir` instead.
 * Browsers are found (CHROMIUM_PATH / FIREFOX_PATH, standard paths), not installed: the runner installs them.
 *
 * With E2E_KEEP_BROWSERS=1 (vitest.e2e.config.ts sets it; its files share one process), a plain launch (no
 * options) is lent a browser kept from an earlier file instead: starting Firefox takes seconds, once per file and
 * build. Closing a lent session gives it back as a fresh profile would be: every tab closed, the extension's
 * storage emptied, the test hooks on. A browser that cannot be given back so is closed, and the next file gets a
 * new one. Kept browsers end with the process (cleanup.ts).
 */
export async function launch(target: Target, options: LaunchOptions = {}): Promise<BrowserSession> {
  if (process.env.E2E_KEEP_BROWSERS !== '1' || Object.keys(options).length > 0) return start(target, options);
  let entry = kept.get(target);
  if (entry?.lent) return start(target, options);
  if (entry && !(await answers(entry.session))) {
    kept.delete(target);
    await entry.session.close();
    entry = undefined;
  }
  if (!entry) {
    entry = { session: await start(target, options), lent: false };
    kept.set(target, entry);
  }
  entry.lent = true;
  return lend(target, entry);
}

/** A browser kept for the next file, and whether a file has it now. */
type Kept = { session: BrowserSession; lent: boolean };
const kept = new Map<Target, Kept>();

function lend(target: Target, entry: Kept): BrowserSession {
  let back = false;
  return {
    ...entry.session,
    close: async () => {
      if (back) return;
      back = true;
      try {
        await entry.session.closePages();
        await resetStorage(entry.session);
        entry.lent = false;
      } catch {
        kept.delete(target);
        await entry.session.close();
      }
    },
  };
}

/** Whether the browser and its extension still answer (a test may have crashed or reloaded them). */
async function answers(session: BrowserSession): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<false>((r) => {
    timer = setTimeout(() => r(false), 5000);
  });
  const reply = session
    .evaluateInExtension(() => 1)
    .then(
      (v) => v === 1,
      () => false,
    );
  try {
    return await Promise.race([reply, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The extension's storage as on a fresh profile: empty, apart from the test hooks' switch. */
async function resetStorage(session: BrowserSession): Promise<void> {
  await session.evaluateInExtension(async () => {
    type Local = { clear(): Promise<void> };
    const g = globalThis as unknown as {
      browser?: { storage: { local: Local } };
      chrome?: { storage: { local: Local } };
    };
    const local = (g.browser ?? g.chrome)?.storage.local;
    if (!local) throw new Error('no storage API');
    await local.clear();
  });
  await setTestHooks(session, true);
}

async function start(target: Target, options: LaunchOptions): Promise<BrowserSession> {
  const browsers = findBrowsers({ install: false });
  const build = BUILDS[TARGET_BUILD[target]];
  const extensionDir = options.extensionDir ?? build;
  if (!options.extensionDir && !existsSync(join(build, 'manifest.json'))) {
    throw new Error(`${build}/manifest.json not found: run \`npm run build\` first`);
  }
  const session =
    target === 'chromium'
      ? await launchChromium({ executablePath: browsers.chromium, extensionDir, touch: options.touch })
      : await launchFirefox({
          executablePath: browsers.firefox,
          build: target,
          extensionDir,
          ...(options.colorScheme ? { colorScheme: options.colorScheme } : {}),
        });
  if (!options.extensionDir && options.testHooks !== false) await setTestHooks(session, true);
  return session;
}

/**
 * Turns the extension's test hooks on or off (extension/test-hooks.ts): with them on, content scripts started after
 * this write 'reader-context:ready' and 'reader-context:scan' entries and open the card's shadow root for the tests
 * to read. Readers never have them on.
 */
export function setTestHooks(session: BrowserSession, on: boolean): Promise<void> {
  return session.evaluateInExtension(async (value) => {
    type Local = { set(i: Record<string, unknown>): Promise<void>; remove(k: string): Promise<void> };
    const g = globalThis as unknown as {
      browser?: { storage: { local: Local } };
      chrome?: { storage: { local: Local } };
    };
    const local = (g.browser ?? g.chrome)?.storage.local;
    if (!local) throw new Error('no storage API');
    if (value) await local.set({ testHooks: true });
    else await local.remove('testHooks');
  }, on);
}

/**
 * How many User Timing entries named `name` the page's main world sees: marks ('reader-context:ready') and
 * measures (each scan pass is a 'reader-context:scan' measure).
 */
export function countMarks(page: E2EPage, name: string): Promise<number> {
  return page.evaluate((n) => performance.getEntriesByName(n).length, name);
}

/**
 * Waits until the page's performance timeline has at least `count` marks named `name`, polling from the main world.
 * Throws with the marks it did see when `timeout` passes.
 */
export async function waitForMark(
  page: E2EPage,
  name: string,
  { count = 1, timeout = 10_000 }: { count?: number; timeout?: number } = {},
): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    if ((await countMarks(page, name)) >= count) return;
    if (Date.now() > deadline) {
      const seen = await page.evaluate(() =>
        [...performance.getEntriesByType('mark'), ...performance.getEntriesByType('measure')].map(
          (m) => m.name,
        ),
      );
      throw new Error(
        `timed out after ${timeout} ms waiting for ${count} × mark "${name}" on ${await page.url()}; marks seen: ${JSON.stringify(seen)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits for the content script to have run on the page ('reader-context:ready'). */
export function waitForReady(page: E2EPage, options?: { timeout?: number }): Promise<void> {
  return waitForMark(page, MARKS.ready, options);
}

/**
 * Waits until the content script has finished scanning: the `count`-th 'reader-context:scan' mark (default the
 * first; pass `countMarks(page, MARKS.scan) + 1` before a DOM change to wait for the rescan it causes).
 */
export function waitForScan(page: E2EPage, options?: { count?: number; timeout?: number }): Promise<void> {
  return waitForMark(page, MARKS.scan, options);
}

export interface HighlightReading {
  /** The name it is registered under in CSS.highlights ('reader-context', 'reader-context-person', …). */
  name: string;
  /** Each range's text, in the highlight's (insertion) order. */
  texts: string[];
  priority: number;
  type: string;
}

/**
 * What is highlighted on the page: every CSS.highlights entry whose name starts with `prefix`, read from the
 * page's main world (the registry is per document, so highlights set by the content script show there too).
 * StaticRanges are read through a live Range made from their boundary points.
 */
export function readHighlights(page: E2EPage, prefix = 'reader-context'): Promise<HighlightReading[]> {
  return page.evaluate((p) => {
    const out: { name: string; texts: string[]; priority: number; type: string }[] = [];
    if (typeof CSS === 'undefined' || !('highlights' in CSS)) return out;
    for (const [name, highlight] of CSS.highlights.entries()) {
      if (!name.startsWith(p)) continue;
      const texts: string[] = [];
      for (const range of highlight) {
        if (range instanceof Range) {
          texts.push(range.toString());
        } else {
          const live = document.createRange();
          try {
            live.setStart(range.startContainer, range.startOffset);
            live.setEnd(range.endContainer, range.endOffset);
          } catch {
            // Text the page changed after the range was made; the next rescan replaces it.
            texts.push('\u0000stale');
            continue;
          }
          texts.push(live.toString());
        }
      }
      out.push({ name, texts, priority: highlight.priority, type: highlight.type });
    }
    return out.sort((a, b) => a.name.localeCompare(b.name));
  }, prefix);
}
