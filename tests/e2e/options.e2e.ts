/**
 * The options page in real browsers (issue 6): switched-off sites, known entities, entity types, highlight style,
 * dwell, modifier, first mention only, badge, and export/import (round trip, and a bad file changing nothing).
 *
 * Each change is checked where it lands: in storage.local (read from the extension) and, where it has a visible
 * effect, in an open article tab (its CSS highlight registrations and the <style> in the extension's host).
 */
import { isDeepStrictEqual } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  badgeTextOf,
  buttonWithText,
  captureDownloads,
  capturedDownloads,
  chooseFile,
  click,
  DEFAULT_TINT,
  highlightBackground,
  highlightCount,
  highlightRulesInPage,
  highlightTexts,
  readStoredSettings,
  resetStoredSettings,
  setControlValue,
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

const FORM = '.rc-options-form';
const SITE_INPUT = 'input[inputmode="url"]';
const SITE_ADD = 'form button[type="submit"]';
const FILE_INPUT = 'input[type="file"]';

/** A CSS selector for the form control a <label> with exactly this text is for. */
async function controlByLabel(page: E2EPage, text: string): Promise<string> {
  const id = await waitUntil(
    `a control labelled "${text}"`,
    () =>
      page.evaluate((t) => {
        const label = [...document.querySelectorAll('label')].find((l) => l.textContent?.trim() === t);
        return label?.htmlFor || null;
      }, text),
    (v) => v !== null,
  );
  return `[id="${id}"]`;
}

function isChecked(page: E2EPage, selector: string): Promise<boolean> {
  return page.evaluate(
    (s) => (document.querySelector(s) as HTMLInputElement | null)?.checked ?? false,
    selector,
  );
}

/** Texts of the options page's lists (sites, known entities), by section heading. */
function listUnder(page: E2EPage, heading: string): Promise<string[] | null> {
  return page.evaluate((h) => {
    const title = [...document.querySelectorAll('h2')].find((x) => x.textContent?.trim() === h);
    const section = title?.closest('section');
    const list = section?.querySelector('ul');
    if (!list) return null;
    return [...list.querySelectorAll('li > span')].map((s) => s.textContent?.trim() ?? '');
  }, heading);
}

function alerts(page: E2EPage): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('[role="alert"]')].map((a) => a.textContent?.trim() ?? '').filter(Boolean),
  );
}

function statuses(page: E2EPage): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('[role="status"]')].map((a) => a.textContent?.trim() ?? '').filter(Boolean),
  );
}

/** Settings as stored, or the defaults' shape when nothing is stored yet (compared field by field). */
const DEFAULTS = {
  paused: false,
  disabledSites: [] as string[],
  knownEntities: [] as string[],
  types: { person: true, place: true, organisation: true, event: true },
  style: 'background',
  dwellMs: 500,
  modifierKey: 'none',
  firstMentionOnly: false,
  badge: true,
  memory: false,
  memoryDays: 90,
  memoryPages: 1000,
};

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.close();
});

describe.each(TARGETS)('options: %s', (target) => {
  let session: BrowserSession;
  const opened: E2EPage[] = [];

  async function openOptions(): Promise<E2EPage> {
    const page = await session.openOptions();
    opened.push(page);
    await page.waitForSelector(FORM, { timeout: 20_000 });
    return page;
  }
  async function openArticle(site: 'a' | 'b' = 'a') {
    const page = await session.open(server.url('/popup-short.html', site));
    opened.push(page);
    await waitForScan(page, { timeout: 30_000 });
    const tabId = await session.tabIdOf(page);
    return { page, tabId };
  }
  const stored = async () => ({ ...DEFAULTS, ...((await readStoredSettings(session)) ?? {}) });
  /**
   * What a control changed reaches storage a moment after the form shows it (the write is queued behind a lock):
   * wait for it, then assert, so a slow write is waited for and a wrong one still fails with a clear diff. Compared
   * whatever the order of the keys: Chromium's storage hands an object back with its keys sorted.
   */
  async function expectStored<K extends keyof typeof DEFAULTS>(key: K, expected: unknown): Promise<void> {
    await waitUntil(
      `stored ${String(key)}`,
      async () => (await stored())[key],
      (v) => isDeepStrictEqual(v, expected),
    ).catch(() => {});
    expect((await stored())[key]).toEqual(expected);
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

  it('switched-off sites: listed, added (any address of the site), refused when invalid, removed', async () => {
    await writeStoredSettings(session, { ...DEFAULTS, disabledSites: ['news-b.test'] });
    const article = await openArticle('a');
    await waitUntil(
      'highlights on news-a.test',
      () => highlightCount(article.page),
      (n) => n > 0,
    );
    const options = await openOptions();
    expect(await listUnder(options, 'Sites switched off')).toEqual(['news-b.test']);

    // Added by a full address of another host of the site: stored as the site.
    await typeText(options, SITE_INPUT, `${server.origin('a').replace('news-a', 'www.news-a')}/some/page`);
    await click(options, SITE_ADD);
    await waitUntil(
      'news-a.test listed',
      () => listUnder(options, 'Sites switched off'),
      (l) => JSON.stringify(l) === JSON.stringify(['news-a.test', 'news-b.test']),
    );
    expect(await statuses(options)).toContain('news-a.test switched off.');
    await expectStored('disabledSites', ['news-a.test', 'news-b.test']);
    // It takes effect in the open tab of that site.
    await waitUntil(
      'no highlights on news-a.test',
      () => highlightCount(article.page),
      (n) => n === 0,
    );

    // Not a site: a clear error, nothing stored.
    await typeText(options, SITE_INPUT, 'not a site!');
    await click(options, SITE_ADD);
    await waitUntil(
      'the invalid-site alert',
      () => alerts(options),
      (a) => a.includes('“not a site!” is not a website address or domain.'),
    );
    expect(
      await options.evaluate((s) => document.querySelector(s)?.getAttribute('aria-invalid'), SITE_INPUT),
    ).toBe('true');
    expect((await stored()).disabledSites).toEqual(['news-a.test', 'news-b.test']);

    // Removed: gone from the list and from storage; highlights come back in the open tab.
    await click(options, 'button[aria-label="Remove news-a.test"]');
    await waitUntil(
      'news-a.test removed',
      () => listUnder(options, 'Sites switched off'),
      (l) => JSON.stringify(l) === JSON.stringify(['news-b.test']),
    );
    await expectStored('disabledSites', ['news-b.test']);
    await waitUntil(
      'highlights back on news-a.test',
      () => highlightCount(article.page),
      (n) => n > 0,
    );
  });

  it('known entities: listed by name and removable, which highlights them again', async () => {
    await writeStoredSettings(session, { ...DEFAULTS, knownEntities: ['putin'] });
    const article = await openArticle('a');
    const people = () => highlightTexts(article.page, 'reader-context-person');
    await waitUntil(
      'only Lukashenko highlighted among people',
      people,
      (t) => t.length > 0 && t.every((x) => x.includes('Lukashenko')),
    );
    const options = await openOptions();
    expect(await listUnder(options, 'Names you already know')).toEqual(['Vladimir Putin']);
    await click(options, await buttonWithText(options, 'Highlight Vladimir Putin again'));
    await waitUntil(
      'the known list to empty',
      () => listUnder(options, 'Names you already know'),
      (l) => l === null,
    );
    await expectStored('knownEntities', []);
    await waitUntil('Putin highlighted again', people, (t) => t.some((x) => x.includes('Putin')));
  });

  it('entity types: unticking People removes person highlights only', async () => {
    const article = await openArticle('a');
    const options = await openOptions();
    const people = await controlByLabel(options, 'People');
    expect(await isChecked(options, people)).toBe(true);
    await click(options, people);
    await waitUntil('types.person stored false', stored, (s) => s.types.person === false);
    await expectStored('types', { person: false, place: true, organisation: true, event: true });
    await waitUntil(
      'no person highlights',
      () => highlightCount(article.page, ['person']),
      (n) => n === 0,
    );
    expect(await highlightCount(article.page, ['place'])).toBeGreaterThan(0);
  });

  it('highlight style: underline, background and none change the page’s ::highlight rules', async () => {
    const article = await openArticle('a');
    const options = await openOptions();
    const personRule = async () => {
      const css = (await highlightRulesInPage(article.page)) ?? '';
      return /::highlight\(reader-context-person\)\s*\{([^}]*)\}/.exec(css)?.[1]?.trim() ?? null;
    };
    // The default is the tint, the browser's own sheet's: the app adds no rules for it.
    expect(await highlightBackground(article.page, 'person')).toBe(DEFAULT_TINT);
    expect(await highlightRulesInPage(article.page)).toBeNull();
    expect(await isChecked(options, await controlByLabel(options, 'Background tint'))).toBe(true);

    await click(options, await controlByLabel(options, 'Underline'));
    const underline = await waitUntil(
      'an underline rule',
      personRule,
      // However the browser serialises the shorthand: a dotted underline.
      (r) => (r?.includes('text-decoration') && r.includes('underline') && r.includes('dotted')) ?? false,
    );
    // Over the default sheet's tint, which it clears.
    expect(underline).toMatch(/background-color: transparent !important/);
    expect(await highlightBackground(article.page, 'person')).toBe('rgba(0, 0, 0, 0)');
    await expectStored('style', 'underline');

    await click(options, await controlByLabel(options, 'None (cards still open on hover)'));
    await waitUntil(
      'a clear rule for person highlights',
      personRule,
      (r) => r === 'background-color: transparent !important;',
    );
    await expectStored('style', 'none');
    // The flash and the active mark keep their rules: revealing still shows where a name is.
    expect(await highlightRulesInPage(article.page)).toContain('::highlight(reader-context-flash)');

    // Back to the default: the app's rules go, and the browser's sheet shows the tint again.
    await click(options, await controlByLabel(options, 'Background tint'));
    await waitUntil(
      'no rules of the app',
      () => highlightRulesInPage(article.page),
      (r) => r === null,
    );
    expect(await highlightBackground(article.page, 'person')).toBe(DEFAULT_TINT);
    await expectStored('style', 'background');
  });

  it('hover dwell, modifier key, first mention only and badge are stored and take effect', async () => {
    const article = await openArticle('a');
    const options = await openOptions();

    const dwell = await controlByLabel(options, 'Delay before a card opens');
    await setControlValue(options, dwell, '800');
    await waitUntil('dwellMs stored', stored, (s) => s.dwellMs === 800);
    expect(await options.text('output')).toBe('800 ms');

    const modifier = await controlByLabel(options, 'Key to hold for cards');
    await setControlValue(options, modifier, 'Alt');
    await waitUntil('modifierKey stored', stored, (s) => s.modifierKey === 'Alt');

    // First mention only: each name is highlighted once (Lukashenko and Putin appear twice on the page).
    const people = () => highlightTexts(article.page, 'reader-context-person');
    expect((await people()).length).toBe(4);
    await click(
      options,
      await controlByLabel(
        options,
        'Highlight only the first mention of each name (the others still open their card)',
      ),
    );
    await waitUntil('firstMentionOnly stored', stored, (s) => s.firstMentionOnly === true);
    const first = await waitUntil('one highlight per person', people, (t) => t.length === 2);
    expect(first.sort()).toEqual(['Alexander Lukashenko', 'Vladimir Putin']);

    // Badge: on by default with the count; off clears it.
    await waitUntil(
      'the badge count',
      () => badgeTextOf(session, article.tabId),
      (t) => t === '4',
    );
    await click(options, await controlByLabel(options, 'Show the number of names found on the toolbar icon'));
    await waitUntil('badge stored off', stored, (s) => s.badge === false);
    await waitUntil(
      'the badge cleared',
      () => badgeTextOf(session, article.tabId),
      (t) => t === '',
    );

    // Everything else untouched.
    expect(await stored()).toEqual({
      ...DEFAULTS,
      dwellMs: 800,
      modifierKey: 'Alt',
      firstMentionOnly: true,
      badge: false,
    });
  });

  it('export produces a JSON file; reset then import restores the same settings', async () => {
    const changed = {
      paused: false,
      disabledSites: ['news-b.test'],
      knownEntities: ['putin'],
      types: { person: true, place: false, organisation: true, event: true },
      style: 'underline',
      dwellMs: 900,
      modifierKey: 'Shift',
      firstMentionOnly: true,
      badge: false,
      memory: true,
      memoryDays: 30,
      memoryPages: 500,
    };
    await writeStoredSettings(session, changed);
    const options = await openOptions();
    // And one change made on the page itself.
    await click(options, await controlByLabel(options, 'Events'));
    await waitUntil('types.event stored false', stored, (s) => s.types.event === false);
    const before = await stored();
    expect(before).toEqual({ ...changed, types: { ...changed.types, event: false } });

    await captureDownloads(options);
    await click(options, await buttonWithText(options, 'Export settings'));
    const [download] = await waitUntil(
      'the export download',
      () => capturedDownloads(options),
      (d) => d.length === 1 && d[0]?.text !== null,
    );
    expect(download?.name).toBe('reader-context-settings.json');
    const file = JSON.parse(download?.text ?? 'null') as {
      app: string;
      settingsVersion: number;
      settings: unknown;
    };
    expect(file).toEqual({ app: 'reader-context', settingsVersion: 2, settings: before });

    // Reset: the page follows storage back to the defaults.
    await resetStoredSettings(session);
    const tint = await controlByLabel(options, 'Background tint');
    await waitUntil('the page to show the defaults', () => isChecked(options, tint));
    expect(await stored()).toEqual(DEFAULTS);

    await chooseFile(options, FILE_INPUT, {
      name: 'reader-context-settings.json',
      text: download?.text ?? '',
    });
    await waitUntil(
      'the import confirmation',
      () => statuses(options),
      (s) => s.includes('Settings imported.'),
    );
    expect(await alerts(options)).toEqual([]);
    expect(await stored()).toEqual(before);
    // The page shows what was imported.
    expect(await isChecked(options, await controlByLabel(options, 'Underline'))).toBe(true);
    expect(await listUnder(options, 'Sites switched off')).toEqual(['news-b.test']);
    expect(await listUnder(options, 'Names you already know')).toEqual(['Vladimir Putin']);
  });

  it('a bad file gets a clear error (role=alert) and changes nothing', async () => {
    const changed = { ...DEFAULTS, disabledSites: ['news-b.test'], style: 'underline', dwellMs: 700 };
    await writeStoredSettings(session, changed);
    const options = await openOptions();
    const before = await readStoredSettings(session);

    await chooseFile(options, FILE_INPUT, { name: 'broken.json', text: '{ this is not json' });
    const notJson = await waitUntil(
      'an alert for a file that is not JSON',
      () => alerts(options),
      (a) => a.length > 0,
    );
    expect(notJson).toEqual([
      'Settings not imported: This file is not valid JSON, so it cannot be a Reader Context settings file. Nothing was changed.',
    ]);
    expect(await readStoredSettings(session)).toEqual(before);

    const wrongField = JSON.stringify({
      app: 'reader-context',
      settingsVersion: 2,
      settings: { ...DEFAULTS, style: 'sparkly' },
    });
    await chooseFile(options, FILE_INPUT, { name: 'wrong.json', text: wrongField });
    const fieldError = await waitUntil(
      'an alert naming the bad setting',
      () => alerts(options),
      (a) => a.some((x) => x.includes('"style"')),
    );
    expect(fieldError[0]).toMatch(/^Settings not imported: .*"style".*sparkly.*Nothing was changed\.$/);
    expect(await statuses(options)).not.toContain('Settings imported.');
    expect(await readStoredSettings(session)).toEqual(before);
    // The page still shows the settings as they were.
    expect(await isChecked(options, await controlByLabel(options, 'Underline'))).toBe(true);
  });
});
