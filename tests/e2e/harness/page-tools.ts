/**
 * Small helpers for content-script tests, over both drivers (playwright-core and puppeteer-core pages share the
 * few methods used here: mouse.move, mouse.click, keyboard.press, on('console'|'pageerror'|'dialog')).
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './paths';
import type { BrowserSession, E2EPage, Target } from './session';

/** The slice of a driver page (playwright or puppeteer) these helpers use. */
interface RawPage {
  mouse: {
    move(x: number, y: number, options?: { steps?: number }): Promise<void>;
    click(x: number, y: number): Promise<void>;
  };
  keyboard: { press(key: string): Promise<void> };
  on(event: string, handler: (arg: unknown) => void): unknown;
}

function raw(page: E2EPage): RawPage {
  return page.raw as RawPage;
}

/** Moves the real mouse (in steps, so the page sees pointermove events along the way). */
export async function mouseMove(page: E2EPage, x: number, y: number, steps = 4): Promise<void> {
  await raw(page).mouse.move(Math.round(x), Math.round(y), { steps });
}

export async function mouseClick(page: E2EPage, x: number, y: number): Promise<void> {
  await raw(page).mouse.click(Math.round(x), Math.round(y));
}

/** Resizes the page's viewport (playwright setViewportSize / puppeteer setViewport). */
export async function setViewport(page: E2EPage, width: number, height: number): Promise<void> {
  const p = page.raw as {
    setViewportSize?: (s: { width: number; height: number }) => Promise<void>;
    setViewport?: (s: { width: number; height: number }) => Promise<void>;
  };
  if (p.setViewportSize) await p.setViewportSize({ width, height });
  else if (p.setViewport) await p.setViewport({ width, height });
  else throw new Error('driver page cannot set its viewport');
}

export async function pressKey(page: E2EPage, key: string): Promise<void> {
  await raw(page).keyboard.press(key);
}

/**
 * Where a test's screenshots go, and the suffix of their names (none for Chromium, `-firefox` for Firefox).
 * UPDATE_SCREENSHOTS=1 refreshes the committed pictures in docs/screenshots; any other run writes them to the run's
 * temp folder, so running the tests never changes tracked files.
 */
export function screenshotPlace(target: Target): { dir: string; suffix: string } {
  const dir = process.env.UPDATE_SCREENSHOTS
    ? join(REPO_ROOT, 'docs/screenshots')
    : join(process.env.E2E_TMP_ROOT ?? tmpdir(), 'screenshots');
  mkdirSync(dir, { recursive: true });
  return { dir, suffix: target === 'chromium' ? '' : `-${target.replace(/-mv\d$/, '')}` };
}

/**
 * No animations or fades (Playwright only): headless Chromium may not advance the compositor's opacity transition
 * for a screenshot.
 */
export async function reduceMotion(page: E2EPage): Promise<void> {
  const media = page.raw as { emulateMedia?: (o: { reducedMotion: 'reduce' }) => Promise<void> };
  await media.emulateMedia?.({ reducedMotion: 'reduce' });
}

export interface PageProblems {
  /** console.error / console.warn messages ("type: text"). */
  console: string[];
  /** Uncaught errors (pageerror). */
  errors: string[];
  /** alert/confirm/prompt dialogs the page opened. */
  dialogs: string[];
}

/**
 * Collects console errors and warnings, uncaught page errors and dialogs from the moment it is called.
 * Chromium reports the content script's own console messages on the page too; Firefox (BiDi) reports the page's.
 */
export function collectProblems(page: E2EPage): PageProblems {
  const out: PageProblems = { console: [], errors: [], dialogs: [] };
  const p = raw(page);
  p.on('console', (msg) => {
    const m = msg as { type(): string; text(): string };
    const type = m.type();
    if (type === 'error' || type === 'warning' || type === 'warn') out.console.push(`${type}: ${m.text()}`);
  });
  p.on('pageerror', (err) => out.errors.push(String((err as Error)?.message ?? err)));
  p.on('dialog', (d) => {
    const dialog = d as { message(): string; dismiss(): Promise<void> };
    out.dialogs.push(dialog.message());
    void dialog.dismiss().catch(() => {});
  });
  return out;
}

/** Sends a message to the tab's content script from the extension (background or a helper extension page). */
export function sendToTab<R = unknown>(session: BrowserSession, tabId: number, message: unknown): Promise<R> {
  return session.evaluateInExtension(
    async ({ tabId, message }) => {
      type Api = { tabs: { sendMessage(id: number, m: unknown): Promise<unknown> } };
      const g = globalThis as unknown as { browser?: Api; chrome?: Api };
      const api = (g.browser ?? g.chrome) as Api;
      return (await api.tabs.sendMessage(tabId, message)) as R;
    },
    { tabId, message },
  );
}

/** Reads browser.storage.local keys from the extension. */
export function getStorage(session: BrowserSession, keys: string[]): Promise<Record<string, unknown>> {
  return session.evaluateInExtension(async (k) => {
    type Api = { storage: { local: { get(k: string[]): Promise<Record<string, unknown>> } } };
    const g = globalThis as unknown as { browser?: Api; chrome?: Api };
    return (g.browser ?? g.chrome)?.storage.local.get(k) ?? {};
  }, keys);
}

/** Writes (or with `null` values removes) browser.storage.local keys from the extension. */
export function setStorage(session: BrowserSession, items: Record<string, unknown>): Promise<void> {
  return session.evaluateInExtension(async (it) => {
    type Api = {
      storage: {
        local: { set(i: Record<string, unknown>): Promise<void>; remove(k: string[]): Promise<void> };
      };
    };
    const g = globalThis as unknown as { browser?: Api; chrome?: Api };
    const local = (g.browser ?? g.chrome)?.storage.local;
    if (!local) throw new Error('no storage API');
    const remove = Object.keys(it).filter((k) => it[k] === null);
    const set = Object.fromEntries(Object.entries(it).filter(([, v]) => v !== null));
    if (remove.length) await local.remove(remove);
    if (Object.keys(set).length) await local.set(set);
  }, items);
}

/** Polls `fn` in the page until it returns a truthy value; throws with the last value after `timeout`. */
export async function waitInPage<R, A>(
  page: E2EPage,
  fn: (arg: A) => R | Promise<R>,
  arg: A,
  {
    timeout = 10_000,
    interval = 50,
    what = 'condition',
  }: { timeout?: number; interval?: number; what?: string } = {},
): Promise<R> {
  const deadline = Date.now() + timeout;
  let last: unknown;
  for (;;) {
    try {
      last = await page.evaluate(fn, arg);
      if (last) return last as Exclude<R, null | undefined | false>;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeout} ms waiting for ${what}; last: ${String(last)}`);
    await new Promise((r) => setTimeout(r, interval));
  }
}

/** Polls a Node-side async function until it returns a truthy value. */
export async function waitFor<R>(
  fn: () => Promise<R>,
  {
    timeout = 10_000,
    interval = 50,
    what = 'condition',
  }: { timeout?: number; interval?: number; what?: string } = {},
): Promise<Exclude<R, null | undefined | false>> {
  const deadline = Date.now() + timeout;
  let last: unknown;
  for (;;) {
    try {
      last = await fn();
      if (last) return last as Exclude<R, null | undefined | false>;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${timeout} ms waiting for ${what}; last: ${JSON.stringify(last) ?? String(last)}`,
      );
    await new Promise((r) => setTimeout(r, interval));
  }
}

/** The 'reader-context:scan' measures' details, in order. */
export function scanDetails(
  page: E2EPage,
): Promise<{ kind: string; blocks: number; mentions: number; longestSliceMs: number; slices: number }[]> {
  return page.evaluate(() =>
    performance.getEntriesByName('reader-context:scan', 'measure').map(
      (m) =>
        (m as PerformanceMeasure).detail as {
          kind: string;
          blocks: number;
          mentions: number;
          longestSliceMs: number;
          slices: number;
        },
    ),
  );
}

/**
 * Centre of the `nth` registered highlight range whose text is `text` (in any reader-context-* highlight), in
 * viewport coordinates, from its first client rect; null when there is none.
 */
export function mentionCenter(
  page: E2EPage,
  text: string,
  nth = 0,
): Promise<{ x: number; y: number } | null> {
  return page.evaluate(
    ({ text, nth }) => {
      const found: Range[] = [];
      for (const [name, h] of CSS.highlights) {
        if (!/^reader-context-(person|place|organisation|event)$/.test(name)) continue;
        for (const r of h) {
          const live = document.createRange();
          try {
            live.setStart(r.startContainer, r.startOffset);
            live.setEnd(r.endContainer, r.endOffset);
          } catch {
            // A StaticRange over text the page has since changed, until the content script's rescan replaces it.
            continue;
          }
          if (live.toString() === text) found[found.length] = live;
        }
      }
      found.sort((a, b) => a.compareBoundaryPoints(Range.START_TO_START, b));
      const range = found[nth];
      // Bring the mention into view first: a pointer can only rest on what is on screen.
      const first = range?.getClientRects()[0];
      if (
        range &&
        first &&
        (first.top < 0 || first.bottom > innerHeight || first.left < 0 || first.right > innerWidth)
      )
        range.startContainer.parentElement?.scrollIntoView({ block: 'center', inline: 'center' });
      const rect = range?.getClientRects()[0];
      return rect ? { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 } : null;
    },
    { text, nth },
  );
}

/**
 * Centre of the card's button with this aria-label, text or layer label, in viewport coordinates; scrolled into
 * the card body's view first (a layer's button may be below it, with other layers open).
 */
export async function cardButtonCenter(page: E2EPage, label: string): Promise<{ x: number; y: number }> {
  const at = await page.evaluate((label) => {
    const root = document.querySelector('[data-reader-context-ui]')?.shadowRoot;
    const b = [...(root?.querySelectorAll('button') ?? [])].find(
      (x) =>
        x.getAttribute('aria-label') === label ||
        x.textContent?.trim() === label ||
        x.querySelector('.rc-layer-label')?.textContent === label,
    );
    b?.scrollIntoView({ block: 'nearest' });
    const r = b?.getBoundingClientRect();
    return r ? { x: r.left + r.width / 2, y: r.top + r.height / 2 } : null;
  }, label);
  if (!at) throw new Error(`no button "${label}" in the card`);
  return at;
}

export interface CardState {
  open: boolean;
  name: string | null;
  type: string | null;
  description: string | null;
  mentions: string | null;
  role: string | null;
  labelledBy: string | null;
  rect: { x: number; y: number; width: number; height: number } | null;
}

/** What the card shows right now (read from the host's open shadow root in the main world). */
export function readCard(page: E2EPage): Promise<CardState> {
  return page.evaluate(() => {
    const host = document.querySelector('[data-reader-context-ui]');
    const root = host?.shadowRoot;
    const floating = root?.querySelector('.rc-floating') as HTMLElement | null | undefined;
    const card = root?.querySelector('.rc-card[role="dialog"]') as HTMLElement | null | undefined;
    // Open means the reader can see it and reach it: a card rendered ahead of its dwell is in the DOM but
    // transparent and inert, and it takes the pointer a frame after it is revealed.
    const open =
      !!card &&
      !!floating &&
      !floating.hidden &&
      !floating.inert &&
      card.checkVisibility({ visibilityProperty: true, opacityProperty: true });
    const labelledBy = card?.getAttribute('aria-labelledby') ?? null;
    const r = card?.getBoundingClientRect();
    return {
      open,
      name: card?.querySelector('.rc-name')?.textContent ?? null,
      type: card?.querySelector('.rc-type')?.textContent ?? null,
      description: card?.querySelector('.rc-desc')?.textContent ?? null,
      mentions: card?.querySelector('.rc-mentions-count')?.textContent ?? null,
      role: card?.getAttribute('role') ?? null,
      labelledBy: labelledBy && root ? (root.getElementById(labelledBy)?.textContent ?? null) : null,
      rect: r ? { x: r.x, y: r.y, width: r.width, height: r.height } : null,
    };
  });
}

/** Waits until the card is open (and, when given, shows `name`). */
export async function waitForCard(page: E2EPage, name?: string, timeout = 10_000): Promise<CardState> {
  return waitFor(
    async () => {
      const c = await readCard(page);
      return c.open && (name === undefined || c.name === name) ? c : null;
    },
    { timeout, what: `card${name ? ` "${name}"` : ''} to open` },
  );
}

export async function waitForCardClosed(page: E2EPage, timeout = 10_000): Promise<void> {
  await waitFor(async () => !(await readCard(page)).open, { timeout, what: 'card to close' });
}

/** Hovers the `nth` mention with text `text` with the real mouse and waits for its card. */
export async function hoverMention(
  page: E2EPage,
  text: string,
  { nth = 0, expectName }: { nth?: number; expectName?: string } = {},
): Promise<{ point: { x: number; y: number }; card: CardState }> {
  const point = await mentionCenter(page, text, nth);
  if (!point) throw new Error(`no highlighted mention "${text}" (#${nth}) to hover`);
  await mouseMove(page, 2, 2, 1);
  // A card still open from an earlier hover could cover this name.
  if ((await readCard(page)).open) await waitForCardClosed(page);
  await mouseMove(page, point.x, point.y, 3);
  const card = await waitForCard(page, expectName);
  return { point, card };
}
