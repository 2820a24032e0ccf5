import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BrowserSession,
  launch,
  MARKS,
  readHighlights,
  startServer,
  TARGETS,
  type TestServer,
  waitForReady,
} from './harness';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.close();
});

describe.each(TARGETS)('smoke: %s', (target) => {
  let session: BrowserSession;
  beforeAll(async () => {
    session = await launch(target);
  });
  afterAll(async () => {
    await session?.close();
  });

  it('runs the content script on a served page', async () => {
    const page = await session.open(server.url('/basic.html'));
    await waitForReady(page);
    const marks = await page.evaluate(
      (name) => performance.getEntriesByName(name, 'mark').length,
      MARKS.ready,
    );
    expect(marks).toBe(1);
    // Nothing highlights yet; the reading itself must work from the page's main world.
    expect(Array.isArray(await readHighlights(page))).toBe(true);
    await page.close();
  });

  it('runs on a second site too (news-b.test)', async () => {
    const page = await session.open(server.url('/basic.html', 'b'));
    await waitForReady(page);
    expect(new URL(await page.url()).hostname).toBe('news-b.test');
    await page.close();
  });

  it("runs on a page whose CSP is script-src 'none'", async () => {
    server.route('/csp.html', {
      body: '<!doctype html><title>CSP</title><p>Strict page</p>',
      headers: { 'content-security-policy': "script-src 'none'" },
    });
    const page = await session.open(server.url('/csp.html'));
    await waitForReady(page);
    await page.close();
  });

  it('renders the popup for a given tab', async () => {
    const article = await session.open(server.url('/basic.html'));
    const tabId = await session.tabIdOf(article);
    expect(tabId).toBeGreaterThanOrEqual(0);
    const popup = await session.openPopup(tabId);
    expect(await popup.url()).toBe(session.extensionUrl(`popup.html?tabId=${tabId}`));
    await popup.waitForSelector('h1');
    expect(await popup.text('h1')).toContain('Reader Context');
    await popup.close();
    await article.close();
  });

  it('renders the options page', async () => {
    const options = await session.openOptions();
    await options.waitForSelector('h1');
    expect(await options.text('h1')).toContain('Reader Context');
    await options.close();
  });
});
