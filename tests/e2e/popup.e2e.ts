/**
 * The toolbar popup in real browsers (issue 6): the page's entities with their counts, reveal on click, search,
 * the per-site switch and the global pause, the clear states, the badge, and the context menu's lookup path.
 *
 * The popup is opened as a tab (`popup.html?tabId=N`, BrowserSession.openPopup), which is how the background's
 * fallback opens it too. Settings are reset between tests through storage.local.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  badgeTextOf,
  cardInPage,
  click,
  elementBox,
  emulateColorScheme,
  highlightBoxes,
  highlightCount,
  press,
  readRevealRecord,
  readStoredSettings,
  recordReveals,
  resetStoredSettings,
  screenshot,
  sendToTabFromExtension,
  typeText,
  waitUntil,
  writeStoredSettings,
} from '@/tests/e2e/harness/extension-ui';
import { setViewport } from '@/tests/e2e/harness/page-tools';
import {
  type BrowserSession,
  type E2EPage,
  launch,
  PAGES_DIR,
  REPO_ROOT,
  startServer,
  TARGETS,
  type TestServer,
  waitForReady,
  waitForScan,
} from './harness';

interface Expected {
  entities: { id: string; name: string; type: string; group: string; count: number }[];
  totalMentions: number;
  lukashenkoMentions: { block: string; text: string }[];
}
/** The 2020 source article as a news page that states its publication date. */
const MAIL_2020 = {
  path: '/mail-2020.html',
  date: '2020-09-14',
  html: (() => {
    const text = readFileSync(join(REPO_ROOT, 'data/articles/002_a01b8898927d213c.txt'), 'utf8');
    const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
    const [headline, ...paras] = text.split(/\n\s*\n/).map((p) => p.trim());
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(headline ?? '')}</title>
<meta property="article:published_time" content="2020-09-14T12:00:00+01:00"></head>
<body><article><h1>${esc(headline ?? '')}</h1>${paras.map((p) => `<p>${esc(p)}</p>`).join('\n')}</article></body></html>`;
  })(),
};

const EXPECTED = JSON.parse(readFileSync(join(PAGES_DIR, 'popup-article.json'), 'utf8')) as Expected;

// UI strings (public/_locales/en/messages.json), as the reader sees them.
const TEXT = {
  unsupported: 'Reader Context can’t read this page. Search still works.',
  noEntities: 'Reader Context found no people, places, organisations or events it knows on this page.',
  siteOff: (site: string) =>
    `Highlights are off on ${site}. Turn them on above to see who and what this page mentions.`,
  paused: 'Reader Context is paused everywhere. Turn the pause off to see who and what this page mentions.',
  switchSite: (site: string) => `Highlights on ${site}`,
  pause: 'Pause Reader Context everywhere',
};

const ENTITY_BUTTON = 'button.rc-entity-button';
/** The popup's designed width (components/popup.css, .rc-popup-page). */
const POPUP_WIDTH = 360;
const SEARCH_INPUT = 'input[role="combobox"]';
const LUKASHENKO_BUTTON = 'button.rc-entity-button[data-entity="lukashenko"]';

interface PageSummary {
  url: string;
  site: string | null;
  state: 'active' | 'site-off' | 'paused';
  scanning: boolean;
  entities: { id: string; count: number }[];
  totalMentions: number;
}

/** The popup's entity list as the reader sees it: groups in order, each with its entities' names and counts. */
function readEntityList(popup: E2EPage) {
  return popup.evaluate(() =>
    [...document.querySelectorAll('.rc-group')].map((g) => ({
      group: g.querySelector('.rc-group-title')?.textContent?.trim() ?? '',
      entities: [...g.querySelectorAll('button.rc-entity-button')].map((b) => ({
        name: b.querySelector('.rc-entity-name')?.textContent?.trim() ?? '',
        count: Number(b.querySelector('.rc-count')?.textContent),
        // What a screen reader adds after the name: the count, then the line of context.
        described: (b.getAttribute('aria-describedby') ?? '')
          .split(/\s+/)
          .map((id) => document.getElementById(id)?.textContent?.trim() ?? '')
          .slice(0, 1)
          .join(' '),
      })),
    })),
  );
}

/**
 * The popup's widths at the current viewport: the document's scroll width (what Chromium sizes a toolbar popup
 * to, starting from a narrow frame), the body's box and scroll width, and the right edges of "Settings" and
 * of every count.
 */
function readWidths(popup: E2EPage) {
  return popup.evaluate(() => {
    const right = (el: Element | null) => (el ? el.getBoundingClientRect().right : Number.NaN);
    const settings = [...document.querySelectorAll('button')].find(
      (b) => b.textContent?.trim() === 'Settings',
    );
    return {
      viewport: window.innerWidth,
      client: document.documentElement.clientWidth,
      document: document.documentElement.scrollWidth,
      body: document.body.getBoundingClientRect().width,
      bodyScroll: document.body.scrollWidth,
      settingsLeft: settings ? settings.getBoundingClientRect().left : Number.NaN,
      settingsRight: right(settings ?? null),
      counts: [...document.querySelectorAll('.rc-count')].map(right),
    };
  });
}

/** Resizes the popup's viewport and reads its widths once the layout follows. */
async function widthsAt(popup: E2EPage, width: number, height: number) {
  await setViewport(popup, width, height);
  return waitUntil(
    `the layout at ${width} px`,
    () => readWidths(popup),
    (w) => w.viewport === width,
  );
}

/** "What to know" as the reader sees it: the note on its date, each item's entity and text, the events. */
function readWhatToKnow(popup: E2EPage) {
  return popup.evaluate(() => {
    const know = document.querySelector('.rc-know');
    if (!know) return null;
    const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
    return {
      note: text(know.querySelector('.rc-know-asof')),
      items: [...know.querySelectorAll('.rc-know-list > li')].map((li) => ({
        name: text(li.querySelector('strong')),
        text: text(li),
        asOf: text(li.querySelector('.rc-asof')),
      })),
      events: [...document.querySelectorAll('.rc-events .rc-timeline > li')].map((li) => ({
        when: li.querySelector('time')?.getAttribute('datetime') ?? '',
        text: text(li),
        reported: text(li.querySelector('.rc-reported')),
      })),
    };
  });
}

/** The text of the popup's summary section (the state line, or the list). */
function summaryText(popup: E2EPage): Promise<string> {
  return popup.evaluate(() => document.querySelector('.rc-summary')?.textContent?.replace(/\s+/g, ' ') ?? '');
}

/** The switches as form controls: role, accessible name (its <label>), checked. */
function readSwitches(popup: E2EPage) {
  return popup.evaluate(() =>
    [...document.querySelectorAll('input[role="switch"]')].map((el) => {
      const input = el as HTMLInputElement;
      return {
        id: input.id,
        type: input.type,
        name: [...(input.labels ?? [])].map((l) => l.textContent?.trim() ?? '').join(' '),
        ariaLabel: input.getAttribute('aria-label'),
        checked: input.checked,
        ariaChecked: input.getAttribute('aria-checked'),
      };
    }),
  );
}

async function switchSelector(popup: E2EPage, name: string): Promise<string> {
  const switches = await waitUntil(
    `a switch named "${name}"`,
    () => readSwitches(popup),
    (s) => s.some((x) => x.name === name),
  );
  const found = switches.find((s) => s.name === name);
  return `#${CSS_escape(found?.id ?? '')}`;
}

/** CSS.escape for ids made by Preact's useId (":r0:"-like ids need escaping). */
function CSS_escape(id: string): string {
  return id.replace(/([^a-zA-Z0-9_-])/g, '\\$1');
}

/** Search results in the popup's listbox: option names, in order. */
function searchResults(popup: E2EPage): Promise<string[]> {
  return popup.evaluate(() => {
    const list = document.querySelector('[role="listbox"]');
    if (!list || (list as HTMLElement).hidden) return [];
    return [...list.querySelectorAll('[role="option"] .rc-option-name')].map(
      (o) => o.textContent?.trim() ?? '',
    );
  });
}

/** The inline card in the popup: its accessible name (the region's labelling heading). */
function inlineCard(popup: E2EPage): Promise<string | null> {
  return popup.evaluate(() => {
    const card = document.querySelector('.rc-card--inline');
    if (!card) return null;
    const id = card.getAttribute('aria-labelledby');
    return (id ? document.getElementById(id)?.textContent?.trim() : card.getAttribute('aria-label')) ?? '';
  });
}

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.close();
});

describe.each(TARGETS)('popup: %s', (target) => {
  let session: BrowserSession;
  const opened: E2EPage[] = [];

  async function open(url: string): Promise<E2EPage> {
    const page = await session.open(url);
    opened.push(page);
    return page;
  }
  async function openPopup(tabId: number): Promise<E2EPage> {
    const popup = await session.openPopup(tabId);
    opened.push(popup);
    await popup.waitForSelector('h1', { timeout: 20_000 });
    return popup;
  }
  /** An article on a site, scanned, and its tab id. */
  async function openArticle(path: string, site: 'a' | 'b' = 'a') {
    const page = await open(server.url(path, site));
    await waitForScan(page, { timeout: 30_000 });
    const tabId = await session.tabIdOf(page);
    return { page, tabId };
  }
  /** Highlights as they are once the tab is in front (highlights are registered for blocks near the viewport). */
  async function highlightsIn(page: E2EPage): Promise<number> {
    return highlightCount(page);
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

  it('lists the page’s entities grouped by type, with the counts the content script reports', async () => {
    const { tabId } = await openArticle('/popup-article.html');

    // The content script's own answer to page:summary, sent as the popup sends it.
    const summary = await waitUntil(
      'page:summary with the scan finished',
      () => sendToTabFromExtension<PageSummary>(session, tabId, { type: 'page:summary' }),
      (s) => s !== undefined && !s.scanning,
    );
    expect(summary?.state).toBe('active');
    const fromScript = Object.fromEntries((summary?.entities ?? []).map((e) => [e.id, e.count]));
    expect(fromScript).toEqual(Object.fromEntries(EXPECTED.entities.map((e) => [e.id, e.count])));
    expect(summary?.totalMentions).toBe(EXPECTED.totalMentions);

    const popup = await openPopup(tabId);
    await popup.waitForSelector(ENTITY_BUTTON, { timeout: 20_000 });
    const groups = await waitUntil(
      'the popup to list every entity',
      () => readEntityList(popup),
      (g) => g.flatMap((x) => x.entities).length === EXPECTED.entities.length,
    );
    // Grouped by type, People before Places; within a group most-mentioned first.
    const expectedGroups = ['People', 'Places'].map((group) => ({
      group,
      entities: EXPECTED.entities
        .filter((e) => e.group === group)
        .sort((a, b) => b.count - a.count)
        .map((e) => ({
          name: e.name,
          count: e.count,
          described:
            e.count === 1
              ? '1 mention on this page; activate to reveal it.'
              : `${e.count} mentions on this page; activate to reveal the next.`,
        })),
    }));
    expect(groups).toEqual(expectedGroups);
    // Each entity comes with one line of context (its description).
    const descriptions = await popup.evaluate(() =>
      [...document.querySelectorAll('.rc-entity-desc')].map((d) => d.textContent?.trim() ?? ''),
    );
    expect(descriptions).toHaveLength(EXPECTED.entities.length);
    for (const d of descriptions) expect(d.length).toBeGreaterThan(10);
    expect(await popup.text('.rc-total')).toContain(
      `${EXPECTED.entities.length} names, ${EXPECTED.totalMentions} mentions`,
    );
  });

  it('fits a toolbar popup: a fixed width, everything wrapped, Settings and the counts in view', async () => {
    const { tabId } = await openArticle('/putin-belarus.html');
    const popup = await openPopup(tabId);
    await popup.waitForSelector(ENTITY_BUTTON, { timeout: 20_000 });
    await popup.waitForSelector('.rc-know', { timeout: 20_000 });

    // A popup starts narrow and grows to the document's width: from a narrow start the document must be exactly
    // the designed width, not as wide as its longest line.
    const narrow = await widthsAt(popup, 200, 600);
    expect(narrow.document).toBe(POPUP_WIDTH);

    // Given all the room a popup may have (800 px), it still takes its designed width, with nothing wider inside.
    const wide = await widthsAt(popup, 800, 600);
    expect(wide.body).toBe(POPUP_WIDTH);
    expect(wide.bodyScroll).toBe(POPUP_WIDTH);
    expect(wide.document).toBe(wide.client);

    // A phone-sized 360 px: no horizontal scrolling, and Settings and every count are on screen. (Tall enough for
    // no vertical scrollbar: phones draw theirs over the page.)
    const phone = await widthsAt(popup, 360, 2000);
    expect(phone.document).toBeLessThanOrEqual(360);
    expect(phone.settingsLeft).toBeGreaterThanOrEqual(0);
    expect(phone.settingsRight).toBeLessThanOrEqual(360);
    expect(phone.counts.length).toBe(2);
    for (const r of phone.counts) expect(r).toBeLessThanOrEqual(360);
  });

  it('what to know is about the page’s names: Putin and Belarus only, no event tied to just one of them', async () => {
    const { tabId } = await openArticle('/putin-belarus.html');
    const popup = await openPopup(tabId);
    const know = await waitUntil(
      'what to know',
      () => readWhatToKnow(popup),
      (k) => k !== null && k.items.length > 0,
    );
    // Ranked by how often the page names them: Putin three times, Belarus twice.
    expect(know?.items.map((i) => i.name)).toEqual(['Vladimir Putin', 'Belarus']);
    // The 2022 mobilisation and the two Sochi meetings are linked to one of the page's names only.
    expect(know?.events).toEqual([]);
    expect(know?.note).toBe('This page gives no date: here is the latest the sources say.');
  });

  it('what to know on the 2020 article: as of its date, every item from a source of that date or before', async () => {
    server.route(MAIL_2020.path, { body: MAIL_2020.html });
    const { tabId } = await openArticle(MAIL_2020.path);
    const popup = await openPopup(tabId);
    const know = await waitUntil(
      'what to know, as of the page date',
      () => readWhatToKnow(popup),
      (k) => k?.note.startsWith('As of') === true,
    );
    expect(know?.note).toBe('As of 14 Sep 2020, the date this page gives.');
    expect(know?.items.map((i) => i.name)).toEqual(['Alexander Lukashenko', 'Vladimir Putin', 'Belarus']);
    for (const item of know?.items ?? []) {
      // The page's date is said once above; each item names its source, of that date.
      expect(item.asOf, item.name).toBe('(MailOnline)');
      expect(item.text, item.name).not.toMatch(/2022|mobilis/i);
    }
    expect(know?.events.length).toBeGreaterThan(0);
    for (const e of know?.events ?? []) {
      expect(e.when <= MAIL_2020.date, e.text).toBe(true);
      expect(e.text).not.toMatch(/2022|mobilis|The Sun/i);
    }
    server.resetRoutes();
  });

  it('clicking an entity scrolls the page to it, flashes it and opens its card; clicking again cycles', async () => {
    const { page, tabId } = await openArticle('/popup-article.html');
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    const popup = await openPopup(tabId);
    await popup.waitForSelector(LUKASHENKO_BUTTON, { timeout: 20_000 });
    // As with the real popup, the page stays visible while the reader clicks (the popup tab is in the
    // background: both drivers click there). A background page would not run its smooth scroll.
    await page.bringToFront();

    const positions: number[] = [];
    for (const [i, mention] of EXPECTED.lukashenkoMentions.slice(0, 2).entries()) {
      // The previous reveal's flash (about a second) is over before this one is recorded.
      await waitUntil(
        'no flash left',
        () => highlightBoxes(page, 'reader-context-flash'),
        (b) => b.length === 0,
      );
      await recordReveals(page);
      await click(popup, LUKASHENKO_BUTTON);
      // The popup says which mention it went to.
      await waitUntil(
        `the popup's status for mention ${i + 1}`,
        () => popup.text('.rc-popup > .rc-status'),
        (t) => t === `Alexander Lukashenko: mention ${i + 1} of ${EXPECTED.lukashenkoMentions.length}`,
      );
      // The page scrolled so that the mention's paragraph is on screen (smooth scrolling takes a moment).
      const box = await waitUntil(
        `#${mention.block} scrolled into the viewport`,
        () => elementBox(page, mention.block),
        (b) => b !== null && b.scrollY > 0 && b.top >= 0 && b.bottom <= b.innerHeight,
      );
      positions.push(Math.round((box?.scrollY ?? 0) + (box?.top ?? 0)));
      const record = await waitUntil(
        `the flash on "${mention.text}" in #${mention.block} and its card`,
        () => readRevealRecord(page),
        (r) => r.flashes.length > 0 && r.cards.length > 0,
      );
      // The reader-context-flash highlight marked exactly that mention, and the card (a dialog in the
      // extension's shadow root) opened, named for the entity.
      expect(record.flashes).toEqual([{ text: mention.text, block: mention.block }]);
      expect(record.cards).toEqual(['Alexander Lukashenko']);
    }
    // The second click went to the next mention, at another place on the page.
    expect(positions[1]).toBeGreaterThan(positions[0] ?? Number.POSITIVE_INFINITY);
  });

  it('the card a click opens stays open once the page has scrolled to the mention', async () => {
    const { page, tabId } = await openArticle('/popup-article.html');
    const popup = await openPopup(tabId);
    await popup.waitForSelector(LUKASHENKO_BUTTON, { timeout: 20_000 });
    await page.bringToFront();
    await click(popup, LUKASHENKO_BUTTON);
    const mention = EXPECTED.lukashenkoMentions[0]?.block ?? 'p1';
    await waitUntil(
      `#${mention} scrolled into the viewport`,
      () => elementBox(page, mention),
      (b) => b !== null && b.scrollY > 0 && b.top >= 0 && b.bottom <= b.innerHeight,
    );
    // Let the smooth scroll and any hide delay run out, then the card must still be there: the reader asked
    // for it, and has not moved the pointer or scrolled themselves.
    await waitUntil('the scroll to settle', async () => {
      const a = await page.evaluate(() => window.scrollY);
      await new Promise((r) => setTimeout(r, 300));
      const b = await page.evaluate(() => window.scrollY);
      return a === b;
    });
    await new Promise((r) => setTimeout(r, 1000));
    expect(await cardInPage(page)).toEqual({ name: 'Alexander Lukashenko', visible: true });
  });

  it('search finds Lukashenko from a typo and from other transliterations, and shows the card inline', async () => {
    const { tabId } = await openArticle('/popup-short.html');
    const popup = await openPopup(tabId);
    for (const query of ['Lukashnko', 'Lukashenka', 'Лукашенко']) {
      await typeText(popup, SEARCH_INPUT, query);
      const results = await waitUntil(
        `results for "${query}"`,
        () => searchResults(popup),
        (r) => r.length > 0,
      );
      expect(results[0], `first result for "${query}"`).toBe('Alexander Lukashenko');
      await press(popup, 'Enter');
      const card = await waitUntil(`the inline card for "${query}"`, () => inlineCard(popup));
      expect(card).toBe('Alexander Lukashenko');
    }
  });

  it('the site switch is named for the site; off removes highlights in that site’s tab at once and after a reload, not on another site', async () => {
    const a = await openArticle('/popup-short.html', 'a');
    const b = await openArticle('/popup-short.html', 'b');
    await a.page.bringToFront();
    await waitUntil(
      'highlights on news-a.test',
      () => highlightsIn(a.page),
      (n) => n > 0,
    );
    await b.page.bringToFront();
    await waitUntil(
      'highlights on news-b.test',
      () => highlightsIn(b.page),
      (n) => n > 0,
    );

    const popup = await openPopup(a.tabId);
    const siteSwitch = await switchSelector(popup, TEXT.switchSite('news-a.test'));
    const switches = await readSwitches(popup);
    const site = switches.find((s) => s.name === TEXT.switchSite('news-a.test'));
    // A real form control (checkbox with role=switch), named by its label, on.
    expect(site).toMatchObject({ type: 'checkbox', ariaLabel: null, checked: true, ariaChecked: 'true' });

    await click(popup, siteSwitch);
    await waitUntil(
      'the switch to turn off',
      () => readSwitches(popup),
      (s) =>
        s.some((x) => x.name === TEXT.switchSite('news-a.test') && !x.checked && x.ariaChecked === 'false'),
    );
    // At once, in the open tab, without a reload.
    await waitUntil(
      'no highlights left on news-a.test',
      () => highlightsIn(a.page),
      (n) => n === 0,
    );
    expect((await readStoredSettings(session))?.disabledSites).toEqual(['news-a.test']);
    // The popup says why the list is gone.
    await waitUntil(
      'the popup to say the site is off',
      () => summaryText(popup),
      (t) => t.includes(TEXT.siteOff('news-a.test')),
    );
    // The other site keeps its highlights.
    await b.page.bringToFront();
    expect(await highlightsIn(b.page)).toBeGreaterThan(0);

    // After a reload the site stays off.
    await a.page.goto(server.url('/popup-short.html', 'a'));
    await waitForReady(a.page, { timeout: 30_000 });
    await a.page.bringToFront();
    const after = await waitUntil(
      'page:summary after the reload',
      () => sendToTabFromExtension<PageSummary>(session, a.tabId, { type: 'page:summary' }),
      (s) => s !== undefined,
    );
    expect(after).toMatchObject({ state: 'site-off', site: 'news-a.test', entities: [] });
    expect(await highlightsIn(a.page)).toBe(0);

    // On again: the highlights come back, without a reload.
    await popup.bringToFront();
    await click(popup, siteSwitch);
    await a.page.bringToFront();
    await waitUntil(
      'highlights back on news-a.test',
      () => highlightsIn(a.page),
      (n) => n > 0,
    );
    expect((await readStoredSettings(session))?.disabledSites).toEqual([]);
  });

  it('the global pause turns highlights off on every site, and back on', async () => {
    const a = await openArticle('/popup-short.html', 'a');
    const b = await openArticle('/popup-short.html', 'b');
    const popup = await openPopup(a.tabId);
    const pause = await switchSelector(popup, TEXT.pause);
    expect((await readSwitches(popup)).find((s) => s.name === TEXT.pause)).toMatchObject({
      type: 'checkbox',
      checked: false,
    });
    await click(popup, pause);
    for (const p of [a.page, b.page]) {
      await p.bringToFront();
      await waitUntil(
        `no highlights on ${await p.url()}`,
        () => highlightsIn(p),
        (n) => n === 0,
      );
    }
    await popup.bringToFront();
    await waitUntil(
      'the popup to say it is paused',
      () => summaryText(popup),
      (t) => t.includes(TEXT.paused),
    );
    await click(popup, pause);
    for (const p of [a.page, b.page]) {
      await p.bringToFront();
      await waitUntil(
        `highlights back on ${await p.url()}`,
        () => highlightsIn(p),
        (n) => n > 0,
      );
    }
  });

  it('a browser page: says the extension cannot read it, and search still works', async () => {
    // Firefox: about:blank (content scripts do not run there). Puppeteer over WebDriver BiDi never sees
    // about:support finish loading, so it cannot be opened through the harness.
    const url = target === 'chromium' ? 'chrome://version' : 'about:blank';
    const page = await open(url);
    const tabId = await session.tabIdOf(page);
    const popup = await openPopup(tabId);
    await waitUntil(
      'the cannot-read state',
      () => summaryText(popup),
      (t) => t.includes(TEXT.unsupported),
    );
    // No site switch for a page without a site; the pause is still there.
    expect((await readSwitches(popup)).map((s) => s.name)).toEqual([TEXT.pause]);
    await typeText(popup, SEARCH_INPUT, 'Putin');
    const results = await waitUntil(
      'results for "Putin"',
      () => searchResults(popup),
      (r) => r.length > 0,
    );
    expect(results[0]).toBe('Vladimir Putin');
    await press(popup, 'Enter');
    expect(await waitUntil('the inline card', () => inlineCard(popup))).toBe('Vladimir Putin');
  });

  it('a tab that does not answer: says so, and search still works', async () => {
    // A tab id no tab has: the message gets no answer, as from a tab whose content script is not there.
    const popup = await openPopup(2_000_000_000);
    await waitUntil(
      'the cannot-read state',
      () => summaryText(popup),
      (t) => t.includes(TEXT.unsupported),
    );
    await typeText(popup, SEARCH_INPUT, 'Sochi');
    const results = await waitUntil(
      'results for "Sochi"',
      () => searchResults(popup),
      (r) => r.length > 0,
    );
    expect(results).toContain('Sochi');
  });

  it('a page with no entities says so', async () => {
    const { tabId } = await openArticle('/popup-empty.html');
    const popup = await openPopup(tabId);
    await waitUntil(
      'the no-entities state',
      () => summaryText(popup),
      (t) => t.includes(TEXT.noEntities),
    );
    expect(await popup.evaluate(() => document.querySelectorAll('button.rc-entity-button').length)).toBe(0);
    // The site switch is there and on: the page is readable, it just names no one.
    expect((await readSwitches(popup)).find((s) => s.name === TEXT.switchSite('news-a.test'))?.checked).toBe(
      true,
    );
  });

  it('a switched-off site says so, with the switch off', async () => {
    await writeStoredSettings(session, { disabledSites: ['news-a.test'] });
    const page = await open(server.url('/popup-short.html', 'a'));
    await waitForReady(page, { timeout: 30_000 });
    const tabId = await session.tabIdOf(page);
    const popup = await openPopup(tabId);
    await waitUntil(
      'the site-off state',
      () => summaryText(popup),
      (t) => t.includes(TEXT.siteOff('news-a.test')),
    );
    expect((await readSwitches(popup)).find((s) => s.name === TEXT.switchSite('news-a.test'))?.checked).toBe(
      false,
    );
    expect(await highlightCount(page)).toBe(0);
  });

  it('the badge shows the number of entities on the page, and clears when switched off', async () => {
    const { page, tabId } = await openArticle('/popup-article.html');
    await waitUntil(
      'the badge to show the entity count',
      () => badgeTextOf(session, tabId),
      (t) => t === String(EXPECTED.entities.length),
    );
    await writeStoredSettings(session, { badge: false });
    await waitUntil(
      'the badge to clear',
      () => badgeTextOf(session, tabId),
      (t) => t === '',
    );
    void page;
  });

  it('the context menu’s fallback, popup.html?q=…, opens with the search filled in and its results', async () => {
    const popup = await session.open(session.extensionUrl(`popup.html?q=${encodeURIComponent('Lukashnko')}`));
    opened.push(popup);
    await popup.waitForSelector(SEARCH_INPUT, { timeout: 20_000 });
    expect(
      await popup.evaluate((s) => (document.querySelector(s) as HTMLInputElement).value, SEARCH_INPUT),
    ).toBe('Lukashnko');
    const results = await waitUntil(
      'results for the query',
      () => searchResults(popup),
      (r) => r.length > 0,
    );
    expect(results[0]).toBe('Alexander Lukashenko');
  });

  it('a lookup of a word the knowledge does not have: says so plainly and offers the search, no page state', async () => {
    // What the background opens when the page's content script finds no entity in the selection.
    const popup = await session.open(
      session.extensionUrl(`popup.html?q=${encodeURIComponent('the weather')}`),
    );
    opened.push(popup);
    await popup.waitForSelector(SEARCH_INPUT, { timeout: 20_000 });
    const text = await waitUntil(
      'the lookup notice',
      () => popup.evaluate(() => document.querySelector('main')?.textContent?.replace(/\s+/g, ' ') ?? ''),
      (t) => t.includes('“the weather” is not a name Reader Context knows.'),
    );
    expect(text).not.toContain(TEXT.unsupported);
    expect(text).not.toContain('On this page');
    expect(await readSwitches(popup)).toEqual([]);
    expect(
      await popup.evaluate((s) => (document.querySelector(s) as HTMLInputElement).value, SEARCH_INPUT),
    ).toBe('the weather');
    // The search is there to try another spelling.
    await typeText(popup, SEARCH_INPUT, 'Lukashenka');
    const results = await waitUntil(
      'results for "Lukashenka"',
      () => searchResults(popup),
      (r) => r.length > 0,
    );
    expect(results[0]).toBe('Alexander Lukashenko');
  });

  it('the context menu’s lookup path opens the card for a selected name (page:lookup)', async () => {
    const { page, tabId } = await openArticle('/popup-short.html');
    await page.bringToFront();
    const answer = await sendToTabFromExtension(session, tabId, { type: 'page:lookup', text: 'Lukashenka' });
    expect(answer).toEqual({ entity: 'lukashenko' });
    const card = await waitUntil(
      'the card open in the page',
      () => cardInPage(page),
      (c) => c?.visible === true,
    );
    expect(card?.name).toBe('Alexander Lukashenko');
    // Text that names no one: no card (the background then opens the search instead).
    expect(
      await sendToTabFromExtension(session, tabId, { type: 'page:lookup', text: 'the weather' }),
    ).toBeNull();
  });

  it('screenshots: the popup, light and dark, at its real size (docs/screenshots)', async () => {
    // UPDATE_SCREENSHOTS=1 refreshes the committed pictures in docs/; any other run writes them to the run's
    // temp folder, so running the tests never changes tracked files.
    const dir = process.env.UPDATE_SCREENSHOTS
      ? join(REPO_ROOT, 'docs/screenshots')
      : join(process.env.E2E_TMP_ROOT ?? tmpdir(), 'screenshots');
    mkdirSync(dir, { recursive: true });
    const browserName = target === 'chromium' ? 'chromium' : 'firefox';
    server.route(MAIL_2020.path, { body: MAIL_2020.html });
    const { tabId } = await openArticle(MAIL_2020.path);
    const schemes = [
      ['light', 'rgb(255, 255, 255)'],
      ['dark', 'rgb(30, 33, 39)'],
    ] as const;
    for (const [scheme, background] of schemes) {
      // Puppeteer over WebDriver BiDi cannot emulate prefers-color-scheme per page: Firefox is pictured dark in a
      // session launched dark.
      const dark =
        target !== 'chromium' && scheme === 'dark' ? await launch(target, { colorScheme: 'dark' }) : null;
      const from = dark ?? session;
      const tab = dark
        ? await (async () => {
            const page = await dark.open(server.url(MAIL_2020.path));
            await waitForScan(page, { timeout: 30_000 });
            return dark.tabIdOf(page);
          })()
        : tabId;
      const popup = dark ? await dark.openPopup(tab) : await openPopup(tab);
      await popup.waitForSelector('h1', { timeout: 20_000 });
      if (target === 'chromium') await emulateColorScheme(popup, scheme);
      await popup.waitForSelector('.rc-know', { timeout: 20_000 });
      // A toolbar popup is as tall as its document, up to 600 px.
      await setViewport(popup, POPUP_WIDTH, 600);
      const height = await popup.evaluate(() => Math.min(600, document.documentElement.scrollHeight));
      await setViewport(popup, POPUP_WIDTH, height);
      expect(await popup.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(background);
      await popup.evaluate(() => document.fonts.ready.then(() => undefined));
      await screenshot(popup, join(dir, `popup-${scheme}-${browserName}.png`));
      // Further down the same popup, under what to know: every name on the page.
      await popup.evaluate(async () => {
        const names = document.querySelector('.rc-summary') as HTMLElement;
        window.scrollTo({ top: names.offsetTop - 16, behavior: 'instant' });
        // Two frames, so the picture is of the scrolled page, painted.
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      });
      await screenshot(popup, join(dir, `popup-names-${scheme}-${browserName}.png`));
      await popup.close();
      if (from !== session) await from.close();
    }
    server.resetRoutes();
  });
});
