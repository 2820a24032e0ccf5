/**
 * Helpers for driving the extension's own UI (popup, options page, the card in a page) in both drivers, for
 * popup/options/a11y end-to-end tests. Additive: nothing here changes the harness API in index.ts.
 *
 * - input: `click`, `typeText`, `press` go through the driver's real input (Playwright or Puppeteer);
 * - settings: `readStoredSettings`, `writeStoredSettings`, `resetStoredSettings` read and write storage.local
 *   from the extension itself (the item core/settings.ts defines: key "settings", version meta "settings$");
 * - messages: `sendToTabFromExtension` sends a ToContent message as the popup would;
 * - page state: `highlightCount`, `cardInPage`, `flashRects`, `highlightRulesInPage`;
 * - axe-core: `runAxe` evaluates node_modules/axe-core/axe.min.js into a page and runs it;
 * - `waitUntil`: polls a condition with a generous timeout and says what it last saw.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './paths';
import type { BrowserSession, E2EPage } from './session';

/** Default wait for UI conditions: the machine is small and shared, so be generous. */
export const UI_TIMEOUT = 20_000;

/**
 * Polls `probe` until `accept` says yes; returns the accepted value. On timeout throws with `what` and the last
 * value seen (or the last error), so a failure says what the page actually showed.
 */
export async function waitUntil<T>(
  what: string,
  probe: () => Promise<T>,
  accept: (value: T) => boolean = (v) => Boolean(v),
  { timeout = UI_TIMEOUT, interval = 100 }: { timeout?: number; interval?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeout;
  let last: unknown;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      last = value;
      lastError = undefined;
      if (accept(value)) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const seen = lastError !== undefined ? `error: ${String(lastError)}` : JSON.stringify(last);
      throw new Error(`timed out after ${timeout} ms waiting for ${what}; last seen: ${seen}`);
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}

// ---------------------------------------------------------------------------------------------------------
// Input through the driver

interface RawKeyboard {
  press(key: string): Promise<void>;
  type(text: string): Promise<void>;
}
interface RawPage {
  click(selector: string): Promise<void>;
  focus(selector: string): Promise<void>;
  keyboard: RawKeyboard;
  evaluate(source: string): Promise<unknown>;
  /** Playwright only. */
  fill?: (selector: string, value: string) => Promise<void>;
}

function raw(page: E2EPage): RawPage {
  return page.raw as RawPage;
}

/** Clicks the first match with the driver's real mouse input (scrolled into view first by the driver). */
export async function click(page: E2EPage, selector: string): Promise<void> {
  await page.waitForSelector(selector, { timeout: UI_TIMEOUT });
  await raw(page).click(selector);
}

/** Replaces an input's text by typing (Puppeteer) or filling (Playwright); both fire `input` events. */
export async function typeText(page: E2EPage, selector: string, text: string): Promise<void> {
  await page.waitForSelector(selector, { timeout: UI_TIMEOUT });
  const r = raw(page);
  if (typeof r.fill === 'function') {
    await r.fill(selector, text);
    return;
  }
  await r.focus(selector);
  // Clear what is there, then type: select-all through the DOM (no platform-specific shortcut).
  await page.evaluate((s) => {
    const el = document.querySelector(s) as HTMLInputElement | null;
    el?.select();
  }, selector);
  await r.keyboard.press('Backspace');
  await r.keyboard.type(text);
}

/** Presses one key ("Tab", "Enter", "ArrowDown") on the focused element. */
export function press(page: E2EPage, key: string): Promise<void> {
  return raw(page).keyboard.press(key);
}

/**
 * Sets a form control's value as a reader's change would end (input + change events), for controls the drivers
 * set differently (range sliders, selects). Uses the native value setter so Preact sees a real change.
 */
export function setControlValue(page: E2EPage, selector: string, value: string): Promise<void> {
  return page.evaluate(
    ({ s, v }) => {
      const el = document.querySelector(s) as HTMLInputElement | HTMLSelectElement | null;
      if (!el) throw new Error(`no element ${s}`);
      const proto =
        el instanceof HTMLSelectElement ? HTMLSelectElement.prototype : HTMLInputElement.prototype;
      Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(el, v);
      el.dispatchEvent(new Event('input', { bubbles: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
    },
    { s: selector, v: value },
  );
}

/**
 * Chooses a file for an <input type=file> as the file picker would: a File in the input's FileList and a
 * `change` event. Works the same in both browsers (no driver file-upload API, no file on disk).
 */
export function chooseFile(
  page: E2EPage,
  selector: string,
  file: { name: string; text: string; type?: string },
): Promise<void> {
  return page.evaluate(
    ({ s, name, text, type }) => {
      const input = document.querySelector(s) as HTMLInputElement | null;
      if (!input) throw new Error(`no element ${s}`);
      const dt = new DataTransfer();
      dt.items.add(new File([text], name, { type }));
      input.files = dt.files;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      input.dispatchEvent(new Event('change', { bubbles: true }));
    },
    { s: selector, name: file.name, text: file.text, type: file.type ?? 'application/json' },
  );
}

/**
 * Captures downloads the page starts with URL.createObjectURL + <a download>: records each Blob's text and the
 * file name, and cancels the click's default action, so nothing is written to disk. Read with `capturedDownloads`.
 */
export function captureDownloads(page: E2EPage): Promise<void> {
  return page.evaluate(() => {
    type Captured = { name: string | null; text: string | null; url: string };
    const w = window as unknown as { __rcDownloads?: Captured[]; __rcBlobs?: Map<string, Blob> };
    if (w.__rcDownloads) return;
    w.__rcDownloads = [];
    w.__rcBlobs = new Map();
    const original = URL.createObjectURL.bind(URL);
    URL.createObjectURL = (obj: Blob | MediaSource) => {
      const url = original(obj);
      if (obj instanceof Blob) w.__rcBlobs?.set(url, obj);
      return url;
    };
    document.addEventListener(
      'click',
      (e) => {
        const a = (e.target as Element | null)?.closest?.('a[download]') as HTMLAnchorElement | null;
        if (!a) return;
        e.preventDefault();
        const entry: Captured = { name: a.download || null, text: null, url: a.href };
        w.__rcDownloads?.push(entry);
        const blob = w.__rcBlobs?.get(a.href);
        if (blob) void blob.text().then((t) => (entry.text = t));
      },
      true,
    );
  });
}

export function capturedDownloads(
  page: E2EPage,
): Promise<{ name: string | null; text: string | null; url: string }[]> {
  return page.evaluate(
    () =>
      (window as unknown as { __rcDownloads?: { name: string | null; text: string | null; url: string }[] })
        .__rcDownloads ?? [],
  );
}

// ---------------------------------------------------------------------------------------------------------
// Settings in storage.local, read and written from the extension

/** The raw stored settings value (storage.local "settings"), or null when none is stored. */
export function readStoredSettings(session: BrowserSession): Promise<Record<string, unknown> | null> {
  return session.evaluateInExtension(async () => {
    type Local = { storage: { local: { get(k: string): Promise<Record<string, unknown>> } } };
    const g = globalThis as unknown as { browser?: Local; chrome?: Local };
    const api = (g.browser ?? g.chrome) as Local;
    const got = await api.storage.local.get('settings');
    return (got.settings as Record<string, unknown> | undefined) ?? null;
  });
}

/** Stores a settings value as version 2 (what the options page and popup write). */
export function writeStoredSettings(session: BrowserSession, value: Record<string, unknown>): Promise<void> {
  return session.evaluateInExtension(async (v) => {
    type Local = { storage: { local: { set(items: Record<string, unknown>): Promise<void> } } };
    const g = globalThis as unknown as { browser?: Local; chrome?: Local };
    const api = (g.browser ?? g.chrome) as Local;
    await api.storage.local.set({ settings: v, settings$: { v: 2 } });
  }, value);
}

/** Removes the stored settings: every context falls back to the defaults. */
export function resetStoredSettings(session: BrowserSession): Promise<void> {
  return session.evaluateInExtension(async () => {
    type Local = { storage: { local: { remove(keys: string[]): Promise<void> } } };
    const g = globalThis as unknown as { browser?: Local; chrome?: Local };
    const api = (g.browser ?? g.chrome) as Local;
    await api.storage.local.remove(['settings', 'settings$']);
  });
}

// ---------------------------------------------------------------------------------------------------------
// Messages and badge

/** Sends a message to a tab's content script from the extension, as the popup does; undefined when silent. */
export function sendToTabFromExtension<R = unknown>(
  session: BrowserSession,
  tabId: number,
  message: Record<string, unknown>,
): Promise<R | undefined> {
  return session.evaluateInExtension(
    async ({ id, msg }) => {
      type Tabs = { tabs: { sendMessage(id: number, m: unknown): Promise<unknown> } };
      const g = globalThis as unknown as { browser?: Tabs; chrome?: Tabs };
      const api = (g.browser ?? g.chrome) as Tabs;
      try {
        return (await api.tabs.sendMessage(id, msg)) as R | undefined;
      } catch {
        return undefined;
      }
    },
    { id: tabId, msg: message },
  );
}

/** The toolbar badge text of a tab (MV3 `action`, Firefox MV2 `browserAction`). */
export function badgeTextOf(session: BrowserSession, tabId: number): Promise<string> {
  return session.evaluateInExtension(async (id) => {
    type Badge = { getBadgeText(d: { tabId: number }): Promise<string> };
    type Api = { action?: Badge; browserAction?: Badge };
    const g = globalThis as unknown as { browser?: Api; chrome?: Api };
    const api = (g.browser ?? g.chrome) as Api;
    const badge = api.action ?? api.browserAction;
    if (!badge) throw new Error('no action/browserAction API');
    return badge.getBadgeText({ tabId: id });
  }, tabId);
}

// ---------------------------------------------------------------------------------------------------------
// What the content script did in a page (read from the page's main world)

/** Total number of ranges registered under reader-context-<type> highlights (person, place, …). */
export function highlightCount(page: E2EPage, types?: string[]): Promise<number> {
  return page.evaluate((only) => {
    if (typeof CSS === 'undefined' || !('highlights' in CSS)) return 0;
    let n = 0;
    for (const t of only ?? ['person', 'place', 'organisation', 'event']) {
      n += CSS.highlights.get(`reader-context-${t}`)?.size ?? 0;
    }
    return n;
  }, types);
}

/** Texts of the ranges registered under one highlight name (e.g. "reader-context-person"). */
export function highlightTexts(page: E2EPage, name: string): Promise<string[]> {
  return page.evaluate((n) => {
    const h = typeof CSS !== 'undefined' && 'highlights' in CSS ? CSS.highlights.get(n) : undefined;
    const out: string[] = [];
    for (const r of h ?? []) {
      const live = document.createRange();
      live.setStart(r.startContainer, r.startOffset);
      live.setEnd(r.endContainer, r.endOffset);
      out.push(live.toString());
    }
    return out;
  }, name);
}

export interface RangeBox {
  text: string;
  /** Viewport-relative top and bottom of the range's first line box. */
  top: number;
  bottom: number;
  /** id of the closest element with one (fixture paragraphs have ids). */
  block: string | null;
  scrollY: number;
  innerHeight: number;
}

/** The ranges of a highlight (reader-context-flash, reader-context-active) with where they are on screen. */
export function highlightBoxes(page: E2EPage, name: string): Promise<RangeBox[]> {
  return page.evaluate((n) => {
    const h = typeof CSS !== 'undefined' && 'highlights' in CSS ? CSS.highlights.get(n) : undefined;
    const out: RangeBox[] = [];
    for (const r of h ?? []) {
      const live = document.createRange();
      live.setStart(r.startContainer, r.startOffset);
      live.setEnd(r.endContainer, r.endOffset);
      const box = live.getClientRects()[0] ?? live.getBoundingClientRect();
      const el = live.startContainer.parentElement?.closest('[id]');
      out.push({
        text: live.toString(),
        top: box.top,
        bottom: box.bottom,
        block: el?.id ?? null,
        scrollY: window.scrollY,
        innerHeight: window.innerHeight,
      });
    }
    return out;
  }, name);
}

/** The card open in the page: the [role=dialog] in the extension host's shadow root, with its accessible name. */
export function cardInPage(page: E2EPage): Promise<{ name: string; visible: boolean } | null> {
  return page.evaluate(() => {
    const host = document.querySelector('[data-reader-context-ui]');
    const root = host?.shadowRoot;
    const dialog = root?.querySelector('[role="dialog"]') as HTMLElement | null | undefined;
    if (!root || !dialog) return null;
    const ids = (dialog.getAttribute('aria-labelledby') ?? '').split(/\s+/).filter(Boolean);
    const name =
      dialog.getAttribute('aria-label') ??
      ids.map((id) => root.getElementById(id)?.textContent?.trim() ?? '').join(' ');
    const rect = dialog.getBoundingClientRect();
    const hiddenAncestor = dialog.closest('[hidden]');
    // Rendered ahead of its dwell, a card is in the DOM but transparent and inert until it opens.
    const shown =
      dialog.checkVisibility({ visibilityProperty: true, opacityProperty: true }) &&
      !dialog.closest('[inert]');
    return { name, visible: shown && !hiddenAncestor && rect.width > 0 && rect.height > 0 };
  });
}

/**
 * The ::highlight() rules the content app put in the page, as text, or null when there are none: it adds them only
 * for a look other than the default one, which is the browser's sheet (content-highlights.css) and no page can see.
 */
export function highlightRulesInPage(page: E2EPage): Promise<string | null> {
  return page.evaluate(() => {
    // An adopted sheet, else the fallback <style> in the host's light DOM.
    for (const sheet of document.adoptedStyleSheets ?? []) {
      const text = [...sheet.cssRules].map((r) => r.cssText).join('\n');
      if (text.includes('::highlight(reader-context-')) return text;
    }
    const style = document.querySelector('[data-reader-context-ui] > style');
    return style ? (style.textContent ?? '') : null;
  });
}

/** The default look's tint on a light page (content/highlight-css.ts), as computed styles give it. */
export const DEFAULT_TINT = 'rgba(36, 99, 199, 0.14)';

/**
 * The background colour a highlight of `type` has in the page, as the browser computes it from every sheet that
 * styles it (`getComputedStyle` with the ::highlight() pseudo-element, on the first paragraph).
 */
export function highlightBackground(page: E2EPage, type: string): Promise<string> {
  return page.evaluate(
    (name) =>
      getComputedStyle(document.querySelector('p') as Element, `::highlight(${name})`).backgroundColor,
    `reader-context-${type}`,
  );
}

// ---------------------------------------------------------------------------------------------------------
// axe-core

let axeSource: string | undefined;

/** axe-core's own build, as shipped in node_modules. */
export function axeCoreSource(): string {
  axeSource ??= readFileSync(join(REPO_ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
  return axeSource;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown; html: string; failureSummary: string | undefined }[];
}

/**
 * Evaluates axe-core into the page (through the driver, which is not subject to the page's CSP, so extension
 * pages work too) and runs it over the whole document, open shadow roots included, with every rule axe enables
 * by default (color-contrast included). Returns the violations (empty when clean) and how many rules passed.
 */
export async function runAxe(
  page: E2EPage,
  options: { context?: unknown } = {},
): Promise<{ violations: AxeViolation[]; passes: number; version: string }> {
  const has = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === 'object');
  if (!has) {
    // axe.min.js assigns window.axe when it runs as a classic script.
    await raw(page).evaluate(`${axeCoreSource()}\n;void 0;`);
  }
  return page.evaluate(async (context) => {
    type Axe = {
      version: string;
      run(
        ctx: unknown,
        opts: unknown,
      ): Promise<{
        violations: {
          id: string;
          impact?: string | null;
          help: string;
          nodes: { target: unknown; html: string; failureSummary?: string }[];
        }[];
        passes: unknown[];
      }>;
    };
    const axe = (window as unknown as { axe: Axe }).axe;
    const result = await axe.run(context ?? document, { resultTypes: ['violations'] });
    return {
      version: axe.version,
      passes: result.passes.length,
      violations: result.violations.map((v) => ({
        id: v.id,
        impact: v.impact ?? null,
        help: v.help,
        nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, failureSummary: n.failureSummary })),
      })),
    };
  }, options.context);
}

/** One line per violation and node, for assertion messages. */
export function describeViolations(violations: AxeViolation[]): string {
  return violations
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help}\n${v.nodes
          .map((n) => `    ${JSON.stringify(n.target)} ${n.html}\n      ${n.failureSummary ?? ''}`)
          .join('\n')}`,
    )
    .join('\n');
}

// ---------------------------------------------------------------------------------------------------------
// Focus

export interface FocusReading {
  tag: string;
  role: string | null;
  type: string | null;
  /** Accessible name as the label/aria attributes give it (enough for these controls). */
  name: string;
  className: string;
  focusVisible: boolean;
  outlineStyle: string;
  outlineWidth: string;
  boxShadow: string;
}

/** What has focus in the page, and whether it shows a focus ring (outline or box-shadow) under :focus-visible. */
export function focusedElement(page: E2EPage): Promise<FocusReading | null> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return null;
    const labelled = (el.getAttribute('aria-labelledby') ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' ');
    const labels = (el as HTMLInputElement).labels;
    const name =
      el.getAttribute('aria-label') ??
      (labelled ||
        (labels && labels.length > 0 ? [...labels].map((l) => l.textContent ?? '').join(' ') : '') ||
        el.textContent ||
        '');
    const cs = getComputedStyle(el);
    let focusVisible = false;
    try {
      focusVisible = el.matches(':focus-visible');
    } catch {
      focusVisible = false;
    }
    return {
      tag: el.tagName.toLowerCase(),
      role: el.getAttribute('role'),
      type: el.getAttribute('type'),
      name: name.trim().replace(/\s+/g, ' '),
      className: el.className,
      focusVisible,
      outlineStyle: cs.outlineStyle,
      outlineWidth: cs.outlineWidth,
      boxShadow: cs.boxShadow,
    };
  });
}

/** True when the reading shows a focus indicator: a visible outline or a box-shadow. */
export function hasFocusRing(f: FocusReading): boolean {
  const outline = f.outlineStyle !== 'none' && f.outlineStyle !== '' && Number.parseFloat(f.outlineWidth) > 0;
  const shadow = f.boxShadow !== 'none' && f.boxShadow !== '';
  return outline || shadow;
}

// ---------------------------------------------------------------------------------------------------------
// Recording short-lived states (the flash lasts ~1.2 s; the card may come and go)

export interface RevealRecord {
  /** Every distinct flash seen: the range's text and the id of its paragraph. */
  flashes: { text: string; block: string | null }[];
  /** Every distinct card (dialog) name seen open in the extension's shadow root. */
  cards: string[];
}

/**
 * Starts recording, in the page's main world every 20 ms, which ranges the reader-context-flash highlight holds
 * and which card dialogs are open. Keep the page in front while recording (background tabs throttle timers).
 * Read with `readRevealRecord`; calling again starts afresh.
 */
export function recordReveals(page: E2EPage): Promise<void> {
  return page.evaluate(() => {
    type W = { __rcRecord?: RevealRecord; __rcRecordTimer?: number };
    const w = window as unknown as W;
    if (w.__rcRecordTimer) clearInterval(w.__rcRecordTimer);
    const rec: RevealRecord = { flashes: [], cards: [] };
    w.__rcRecord = rec;
    const tick = () => {
      const flash =
        typeof CSS !== 'undefined' && 'highlights' in CSS
          ? CSS.highlights.get('reader-context-flash')
          : undefined;
      for (const r of flash ?? []) {
        const live = document.createRange();
        live.setStart(r.startContainer, r.startOffset);
        live.setEnd(r.endContainer, r.endOffset);
        const text = live.toString();
        const block = live.startContainer.parentElement?.closest('[id]')?.id ?? null;
        if (!rec.flashes.some((f) => f.text === text && f.block === block)) rec.flashes.push({ text, block });
      }
      const root = document.querySelector('[data-reader-context-ui]')?.shadowRoot;
      const dialog = root?.querySelector('[role="dialog"]');
      if (root && dialog && !dialog.closest('[hidden]')) {
        const ids = (dialog.getAttribute('aria-labelledby') ?? '').split(/\s+/).filter(Boolean);
        const name = ids.map((id) => root.getElementById(id)?.textContent?.trim() ?? '').join(' ');
        if (!rec.cards.includes(name)) rec.cards.push(name);
      }
    };
    tick();
    w.__rcRecordTimer = setInterval(tick, 20) as unknown as number;
  });
}

export function readRevealRecord(page: E2EPage): Promise<RevealRecord> {
  return page.evaluate(
    () => (window as unknown as { __rcRecord?: RevealRecord }).__rcRecord ?? { flashes: [], cards: [] },
  );
}

/** Where an element (by id) is relative to the viewport, and the page's scroll position. */
export function elementBox(
  page: E2EPage,
  id: string,
): Promise<{ top: number; bottom: number; scrollY: number; innerHeight: number } | null> {
  return page.evaluate((i) => {
    const el = document.getElementById(i);
    if (!el) return null;
    const r = el.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, scrollY: window.scrollY, innerHeight: window.innerHeight };
  }, id);
}

/**
 * A selector for the button whose visible text is exactly `text`: the button gets a data-e2e attribute (a
 * test-only marker) so that the driver's own click can target it in both drivers.
 */
export async function buttonWithText(page: E2EPage, text: string): Promise<string> {
  const marker = await waitUntil(
    `a button "${text}"`,
    () =>
      page.evaluate((t) => {
        const button = [...document.querySelectorAll('button')].find(
          (b) => b.textContent?.trim().replace(/\s+/g, ' ') === t,
        );
        if (!button) return null;
        const m = `b${Math.random().toString(36).slice(2)}`;
        button.setAttribute('data-e2e', m);
        return m;
      }, text),
    (m) => m !== null,
  );
  return `button[data-e2e="${marker}"]`;
}

// ---------------------------------------------------------------------------------------------------------
// Pictures

/** Emulates the system's light or dark preference (prefers-color-scheme) for one page, in either driver. */
export async function emulateColorScheme(page: E2EPage, scheme: 'light' | 'dark'): Promise<void> {
  const p = page.raw as {
    emulateMedia?: (o: { colorScheme: 'light' | 'dark'; reducedMotion?: 'reduce' }) => Promise<void>;
    emulateMediaFeatures?: (f: { name: string; value: string }[]) => Promise<void>;
  };
  if (p.emulateMedia) await p.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
  else if (p.emulateMediaFeatures)
    await p.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
  else throw new Error('driver page cannot emulate prefers-color-scheme');
}

/** Writes a PNG of the page's viewport (both drivers take `{ path }`). */
export async function screenshot(page: E2EPage, path: string): Promise<void> {
  await (page.raw as { screenshot(o: { path: string }): Promise<unknown> }).screenshot({ path });
}
