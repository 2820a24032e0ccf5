/**
 * Accessibility in real browsers (issue 6): axe-core, the real library from node_modules, evaluated into the
 * popup, the options page and a page with an open card (the card lives in an open shadow root, which axe
 * enters), reports zero violations with all its default rules, color-contrast included (which happy-dom cannot
 * check). And the popup is keyboard operable: Tab reaches the site switch, the search box and the entity buttons,
 * each showing a focus ring under :focus-visible.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  cardInPage,
  describeViolations,
  type FocusReading,
  focusedElement,
  hasFocusRing,
  press,
  resetStoredSettings,
  runAxe,
  sendToTabFromExtension,
  typeText,
  waitUntil,
  writeStoredSettings,
} from '@/tests/e2e/harness/extension-ui';
import {
  type BrowserSession,
  type E2EPage,
  launch,
  startServer,
  TARGETS,
  type TestServer,
  waitForScan,
} from './harness';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.close();
});

describe.each(TARGETS)('a11y: %s', (target) => {
  let session: BrowserSession;
  const opened: E2EPage[] = [];

  async function openArticle(path = '/a11y-article.html') {
    const page = await session.open(server.url(path, 'a'));
    opened.push(page);
    await waitForScan(page, { timeout: 30_000 });
    const tabId = await session.tabIdOf(page);
    return { page, tabId };
  }
  async function openPopupWithList(tabId: number): Promise<E2EPage> {
    const popup = await session.openPopup(tabId);
    opened.push(popup);
    await popup.waitForSelector('button.rc-entity-button', { timeout: 20_000 });
    // The summary is complete (not "still reading") before it is checked.
    await waitUntil(
      'the summary to finish',
      () => popup.text('.rc-total'),
      (t) => !!t && !t.includes('Still'),
    );
    return popup;
  }

  beforeAll(async () => {
    session = await launch(target);
  });
  afterAll(async () => {
    await session?.close();
  });
  afterEach(async () => {
    for (const p of opened.splice(0)) await p.close().catch(() => {});
    await resetStoredSettings(session);
  });

  it('axe: the popup with a page summary has no violations', async () => {
    const { tabId } = await openArticle();
    const popup = await openPopupWithList(tabId);
    const result = await runAxe(popup);
    expect(result.passes).toBeGreaterThan(10);
    expect(result.violations, describeViolations(result.violations)).toEqual([]);
  });

  it('axe: the popup with search results and an inline card has no violations', async () => {
    const { tabId } = await openArticle();
    const popup = await openPopupWithList(tabId);
    await typeText(popup, 'input[role="combobox"]', 'Lukashnko');
    await waitUntil('search results', () =>
      popup.evaluate(() => document.querySelectorAll('[role="option"]').length),
    );
    // The list open (aria-expanded, active descendant), then the chosen entity's card inline. The search part
    // alone first, so that its result stands on its own, then the whole popup.
    await press(popup, 'ArrowDown');
    const search = { include: [['.rc-search']] };
    const listOpen = await runAxe(popup, { context: search });
    expect(listOpen.violations, describeViolations(listOpen.violations)).toEqual([]);
    await press(popup, 'Enter');
    await popup.waitForSelector('.rc-card--inline', { timeout: 20_000 });
    const cardOnly = await runAxe(popup, { context: search });
    expect(cardOnly.passes).toBeGreaterThan(5);
    expect(cardOnly.violations, describeViolations(cardOnly.violations)).toEqual([]);
    const whole = await runAxe(popup);
    expect(whole.violations, describeViolations(whole.violations)).toEqual([]);
  });

  it('axe: the popup for a page it cannot read has no violations', async () => {
    const popup = await session.openPopup(2_000_000_000);
    opened.push(popup);
    await waitUntil(
      'the cannot-read state',
      () => popup.text('.rc-summary'),
      (t) => !!t?.includes('can’t read'),
    );
    const result = await runAxe(popup);
    expect(result.violations, describeViolations(result.violations)).toEqual([]);
  });

  it('axe: the options page has no violations (lists filled, an error shown)', async () => {
    await writeStoredSettings(session, {
      paused: false,
      disabledSites: ['news-b.test'],
      knownEntities: ['putin'],
      types: { person: true, place: true, organisation: true, event: false },
      style: 'background',
      dwellMs: 600,
      modifierKey: 'Alt',
      firstMentionOnly: true,
      badge: false,
    });
    const options = await session.openOptions();
    opened.push(options);
    await options.waitForSelector('.rc-options-form', { timeout: 20_000 });
    await options.waitForSelector('.rc-list li', { timeout: 20_000 });
    const result = await runAxe(options);
    expect(result.passes).toBeGreaterThan(10);
    expect(result.violations, describeViolations(result.violations)).toEqual([]);

    // With the site field in its error state (aria-invalid, alert text).
    await typeText(options, 'input[inputmode="url"]', 'not a site!');
    await press(options, 'Enter');
    await waitUntil('the error', () =>
      options.evaluate(() => [...document.querySelectorAll('[role="alert"]')].some((a) => a.textContent)),
    );
    const withError = await runAxe(options);
    expect(withError.violations, describeViolations(withError.violations)).toEqual([]);
  });

  it('axe: a page with an open card (in the shadow root) has no violations', async () => {
    const { page, tabId } = await openArticle();
    await page.bringToFront();
    expect(await sendToTabFromExtension(session, tabId, { type: 'page:lookup', text: 'Lukashenko' })).toEqual(
      {
        entity: 'lukashenko',
      },
    );
    await waitUntil(
      'the card open in the page',
      () => cardInPage(page),
      (c) => c?.visible === true,
    );
    // The whole document, the shadow root included; and the card alone, to be sure axe went inside it.
    const whole = await runAxe(page);
    expect(whole.violations, describeViolations(whole.violations)).toEqual([]);
    const card = await runAxe(page, {
      context: { include: [{ fromShadowDom: ['[data-reader-context-ui]', '[role="dialog"]'] }] },
    });
    expect(card.passes).toBeGreaterThan(5);
    expect(card.violations, describeViolations(card.violations)).toEqual([]);
  });

  it('keyboard: Tab reaches the site switch, the search box and the entity buttons, each with a visible focus ring', async () => {
    const { tabId } = await openArticle();
    const popup = await openPopupWithList(tabId);
    await popup.bringToFront();
    await popup.evaluate(() => {
      (document.activeElement as HTMLElement | null)?.blur();
      window.focus();
    });
    const reached: FocusReading[] = [];
    const entityCount = await popup.evaluate(
      () => document.querySelectorAll('button.rc-entity-button').length,
    );
    for (let i = 0; i < 30; i++) {
      await press(popup, 'Tab');
      const f = await focusedElement(popup);
      if (!f) continue;
      if (reached.some((r) => r.name === f.name && r.tag === f.tag)) break; // wrapped around
      reached.push(f);
    }
    const summary = reached.map((r) => `${r.tag}[${r.role ?? r.type ?? ''}] "${r.name}"`).join('\n');
    const siteSwitch = reached.find((r) => r.role === 'switch' && r.name === 'Highlights on news-a.test');
    const search = reached.find((r) => r.role === 'combobox');
    const entities = reached.filter((r) => r.className.includes('rc-entity-button'));
    expect(siteSwitch, `focus order:\n${summary}`).toBeDefined();
    expect(search, `focus order:\n${summary}`).toBeDefined();
    expect(entities.length, `focus order:\n${summary}`).toBe(entityCount);
    for (const f of [siteSwitch, search, ...entities]) {
      if (!f) continue;
      expect(f.focusVisible, `${f.name} matches :focus-visible`).toBe(true);
      expect(hasFocusRing(f), `${f.name} shows a focus ring: ${JSON.stringify(f)}`).toBe(true);
    }
  });
});
