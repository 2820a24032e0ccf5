/**
 * The reading memory in real browsers (issue 25): off by default and nothing kept; turned on in the options page,
 * page A is kept and page B's card shows A's title and sentence in "In your reading"; a switched-off site is not
 * kept; "Forget everything" empties it.
 *
 * Private windows are not driven here: the Chromium harness uses a persistent context (no incognito window, and
 * an extension runs there only once the reader allows it), and WebDriver BiDi in Firefox opens user contexts
 * (containers), not private windows. The refusal is covered by tests/unit/background/memory.test.ts (the
 * background's `sender.tab.incognito` check) and tests/dom/content/memory-recorder.test.ts (the content script
 * does not send from a private window).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { click, typeText, waitUntil } from '@/tests/e2e/harness/extension-ui';
import { getStorage, hoverMention, mouseClick, mouseMove } from '@/tests/e2e/harness/page-tools';
import {
  type BrowserSession,
  type E2EPage,
  launch,
  startServer,
  TARGETS,
  type TestServer,
  waitForScan,
} from './harness';

const article = (title: string, sentence: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title} | Test News</title>
<meta property="article:published_time" content="2026-12-02T08:00:00Z"></head>
<body><article><h1>${title}</h1>
<p>Minsk was quiet on Sunday. ${sentence} Crowds gathered later.</p>
<p>Observers said Lukashenko would stay.</p></article></body></html>`;

const A_TITLE = 'Belarus votes again';
const A_SENTENCE = 'Alexander Lukashenko claimed a sixth term after the vote.';

interface StoredPage {
  url: string;
  title: string;
  entities: { id: string; sentence: string }[];
}

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
  server.route('/memory-x.html', { body: article('Before the switch', 'Lukashenko met nobody at all.') });
  server.route('/memory-a.html', { body: article(A_TITLE, A_SENTENCE) });
  server.route('/memory-b.html', { body: article('Sanctions widen', 'Lukashenko answered the sanctions.') });
  server.route('/memory-off.html', {
    body: article('Switched off', 'Lukashenko spoke on a switched-off site.'),
  });
  server.route('/memory-ip.html', { body: article('After the switch', 'Lukashenko spoke once more.') });
});
afterAll(async () => {
  await server?.close();
});

describe.each(TARGETS)('reading memory: %s', (target) => {
  let session: BrowserSession;
  const opened: E2EPage[] = [];

  beforeAll(async () => {
    session = await launch(target);
  });
  afterAll(async () => {
    await session?.close();
  });
  afterEach(async () => {
    for (const p of opened.splice(0)) await p.close().catch(() => {});
  });

  const storedPages = async (): Promise<StoredPage[]> =>
    ((await getStorage(session, ['memory'])).memory as { pages?: StoredPage[] } | undefined)?.pages ?? [];

  async function openArticle(path: string, site: 'a' | 'b' | 'ip' | 'localhost'): Promise<E2EPage> {
    const page = await session.open(server.url(path, site));
    opened.push(page);
    return page;
  }

  async function openOptions(): Promise<E2EPage> {
    const page = await session.openOptions();
    opened.push(page);
    await page.waitForSelector('.rc-memory', { timeout: 20_000 });
    return page;
  }

  /** A selector for the control a <label> with exactly this text is for. */
  async function byLabel(page: E2EPage, text: string): Promise<string> {
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

  /** Marks the button with exactly this text, and returns a selector for it. */
  async function buttonByText(page: E2EPage, text: string): Promise<string> {
    await waitUntil(
      `a button "${text}"`,
      () =>
        page.evaluate((t) => {
          const b = [...document.querySelectorAll('button')].find((x) => x.textContent?.trim() === t);
          if (b) b.dataset.e2e = t;
          return !!b;
        }, text),
      (v) => v,
    );
    return `button[data-e2e="${text}"]`;
  }

  it('is off by default and keeps nothing; turned on, B’s card shows where the reader met the name on A', async () => {
    const x = await openArticle('/memory-x.html', 'a');
    await waitForScan(x, { timeout: 30_000 });

    const options = await openOptions();
    const toggle = await byLabel(options, 'Remember the pages where I meet these names');
    expect(
      await options.evaluate((s) => (document.querySelector(s) as HTMLInputElement).checked, toggle),
    ).toBe(false);
    await click(options, toggle);
    await waitUntil(
      'memory on in storage',
      async () => ((await getStorage(session, ['settings'])).settings as { memory?: boolean })?.memory,
      (v) => v === true,
    );

    const a = await openArticle('/memory-a.html', 'a');
    await waitForScan(a, { timeout: 30_000 });
    const kept = await waitUntil('page A kept', storedPages, (p) => p.some((x) => x.title === A_TITLE));
    // The page read before the switch was turned on is not there.
    expect(kept.map((p) => p.title)).toEqual([A_TITLE]);
    const [pageA] = kept;
    expect(pageA?.url).toBe(server.url('/memory-a.html', 'a'));
    expect(pageA?.entities.find((e) => e.id === 'lukashenko')?.sentence).toBe(A_SENTENCE);

    const b = await openArticle('/memory-b.html', 'b');
    await waitForScan(b, { timeout: 30_000 });
    await b.bringToFront();
    await hoverMention(b, 'Lukashenko');
    const layer = await b.evaluate(() => {
      const root = document.querySelector('[data-reader-context-ui]')?.shadowRoot;
      const button = [...(root?.querySelectorAll('.rc-layer-button') ?? [])].find(
        (x) => x.querySelector('.rc-layer-label')?.textContent === 'In your reading',
      );
      button?.scrollIntoView({ block: 'nearest' });
      const r = button?.getBoundingClientRect();
      return r ? { x: r.left + r.width / 2, y: r.top + r.height / 2 } : null;
    });
    expect(layer).not.toBeNull();
    if (!layer) return;
    await mouseMove(b, layer.x, layer.y, 4);
    await mouseClick(b, layer.x, layer.y);
    const shown = await waitUntil(
      'the reading layer open',
      () =>
        b.evaluate(() => {
          const root = document.querySelector('[data-reader-context-ui]')?.shadowRoot;
          const panel = root?.querySelector('[data-layer="reading"] .rc-reading');
          if (!panel) return null;
          const link = panel.querySelector('a');
          return {
            title: link?.textContent,
            href: link?.getAttribute('href'),
            target: link?.getAttribute('target'),
            text: panel.textContent,
          };
        }),
      (v) => v !== null,
    );
    expect(shown?.title).toBe(A_TITLE);
    expect(shown?.href).toBe(server.url('/memory-a.html', 'a'));
    expect(shown?.target).toBe('_blank');
    expect(shown?.text).toContain(A_SENTENCE);
    // B itself is kept too, but never listed on B's own card.
    expect(shown?.text).not.toContain('Sanctions widen');
  });

  it('keeps nothing from a switched-off site, and "Forget everything" empties it', async () => {
    const options = await openOptions();
    await typeText(options, 'input[inputmode="url"]', server.url('/', 'localhost'));
    await click(options, await buttonByText(options, 'Add site'));
    await waitUntil(
      'localhost switched off',
      async () =>
        ((await getStorage(session, ['settings'])).settings as { disabledSites?: string[] })?.disabledSites,
      (v) => v?.includes('localhost') === true,
    );

    await openArticle('/memory-off.html', 'localhost');
    const ip = await openArticle('/memory-ip.html', 'ip');
    await waitForScan(ip, { timeout: 30_000 });
    const kept = await waitUntil('the page on the IP kept', storedPages, (p) =>
      p.some((x) => x.title === 'After the switch'),
    );
    expect(kept.map((p) => p.title)).not.toContain('Switched off');

    await click(options, await buttonByText(options, 'Forget everything'));
    await waitUntil('memory emptied', storedPages, (p) => p.length === 0);
    expect((await getStorage(session, ['memory'])).memory).toBeUndefined();
  });
});
