// A page cannot drive, read or stop the extension (docs/SECURITY.md, "What a page can do"): each test replays what
// an attacking page would try, in every browser. Most run with the test hooks off, as for a reader: no User Timing
// entries and a closed shadow root.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendToTabFromExtension } from '@/tests/e2e/harness/extension-ui';
import {
  collectProblems,
  getStorage,
  hoverMention,
  mentionCenter,
  mouseMove,
  waitFor,
} from '@/tests/e2e/harness/page-tools';
import {
  type BrowserSession,
  BUILDS,
  type E2EPage,
  launch,
  readHighlights,
  setTestHooks,
  startServer,
  TARGETS,
  type Target,
  type TestServer,
  waitForScan,
} from './harness';

const NAMES = /^reader-context-(person|place|organisation|event)$/;
const page = (title: string, body: string, head = '') =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>${head}</head><body>${body}</body></html>`;
const ARTICLE =
  '<p id="a">Alexander Lukashenko met Vladimir Putin in Sochi on Friday.</p><p id="b">Later, Lukashenko flew back to Minsk.</p>';

/** browser.runtime.id as the content script sees it: the Chromium id, or Firefox's gecko id. */
function runtimeIdOf(target: Target, session: BrowserSession): string {
  if (target === 'chromium') return session.extensionId;
  const manifest = JSON.parse(
    readFileSync(
      join(BUILDS[target === 'firefox-mv2' ? 'firefox-mv2' : 'firefox-mv3'], 'manifest.json'),
      'utf8',
    ),
  ) as { browser_specific_settings: { gecko: { id: string } } };
  return manifest.browser_specific_settings.gecko.id;
}

/** Ranges registered under the entity-type highlights. */
async function marked(p: E2EPage): Promise<number> {
  return (await readHighlights(p)).filter((h) => NAMES.test(h.name)).reduce((n, h) => n + h.texts.length, 0);
}

async function activeMarks(p: E2EPage): Promise<number> {
  return (await readHighlights(p)).find((h) => h.name === 'reader-context-active')?.texts.length ?? 0;
}

const waitForMarks = (p: E2EPage) =>
  waitFor(async () => (await marked(p)) > 0, { what: 'highlights', timeout: 30_000 });

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
  server.route('/attack.html', { contentType: 'text/html; charset=utf-8', body: page('Attack', ARTICLE) });
  // The page defines the host's element name first: its constructor runs on any element of that name and attaches
  // a shadow root of its own.
  server.route('/custom-element.html', {
    contentType: 'text/html; charset=utf-8',
    body: page(
      'Custom element',
      ARTICLE,
      `<script>
        customElements.define('reader-context-ui', class extends HTMLElement {
          constructor() { super(); this.attachShadow({ mode: 'open' }); window.__hijacked = (window.__hijacked || 0) + 1; }
        });
        customElements.define('reader-context-host', class extends HTMLElement {});
      </script>`,
    ),
  });
  server.route('/doc.xml', {
    contentType: 'application/xml; charset=utf-8',
    body: '<?xml version="1.0"?><root><p>Alexander Lukashenko met Vladimir Putin in Sochi.</p></root>',
  });
  server.route('/doc.svg', {
    contentType: 'image/svg+xml; charset=utf-8',
    body: '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="100"><text x="10" y="50">Alexander Lukashenko met Vladimir Putin.</text></svg>',
  });
});
afterAll(async () => {
  await server?.close();
});

for (const target of TARGETS) {
  describe(`a hostile page: ${target}`, () => {
    let session: BrowserSession;
    beforeAll(async () => {
      session = await launch(target);
    });
    afterAll(async () => {
      await session?.close();
    });

    /**
     * Opens `path` with the test hooks as a reader has them (off) and waits for its highlights; then turns the hooks
     * back on for later tests (the content script reads them once, at its start, which comes after the page loads).
     */
    async function openAsReader(path: string): Promise<E2EPage> {
      await setTestHooks(session, false);
      try {
        const p = await session.open(server.url(path));
        await waitForMarks(p);
        return p;
      } finally {
        await setTestHooks(session, true);
      }
    }

    it("synthetic pointer events open no card, the card's root is closed, and the settings stay as they were", async () => {
      const p = await openAsReader('/attack.html');
      const before = await getStorage(session, ['settings']);
      const point = await mentionCenter(p, 'Alexander Lukashenko');
      expect(point).not.toBeNull();
      // What an attacking page does: find a name's position from CSS.highlights and rest a pointer there, then try
      // to reach the card's "I know this one".
      const reached = await p.evaluate(
        async ({ x, y }) => {
          const target = document.elementFromPoint(x, y) ?? document.body;
          for (let i = 0; i < 30; i++) {
            for (const type of ['pointerover', 'pointermove', 'mousemove'])
              target.dispatchEvent(
                new PointerEvent(type, {
                  clientX: x,
                  clientY: y,
                  bubbles: true,
                  composed: true,
                  pointerType: 'mouse',
                }),
              );
            await new Promise((r) => setTimeout(r, 50));
          }
          const host = document.querySelector('[data-reader-context-ui]');
          return { host: !!host, root: !!host?.shadowRoot };
        },
        point as { x: number; y: number },
      );
      expect(reached).toEqual({ host: true, root: false });
      // The dwell marks the name before its card opens: a synthetic pointer got that far if anything is marked.
      expect(await activeMarks(p)).toBe(0);
      expect(await getStorage(session, ['settings'])).toEqual(before);
      // The reader's own pointer does open it: the mark comes, and the page still cannot reach into the card.
      await mouseMove(p, point?.x ?? 0, point?.y ?? 0, 3);
      await waitFor(async () => (await activeMarks(p)) === 1, { what: 'the active mark of a real hover' });
      expect(
        await p.evaluate(() => document.querySelector('[data-reader-context-ui]')?.shadowRoot ?? null),
      ).toBeNull();
      await p.close();
    });

    it('writes no User Timing entries a page could read, unless the test hooks are on', async () => {
      const p = await openAsReader('/attack.html');
      const point = await mentionCenter(p, 'Vladimir Putin');
      await mouseMove(p, point?.x ?? 0, point?.y ?? 0, 3);
      await waitFor(async () => (await activeMarks(p)) === 1, { what: 'a hover' });
      const entries = await p.evaluate(() =>
        performance
          .getEntries()
          .map((e) => e.name)
          .filter((n) => n.startsWith('reader-context')),
      );
      expect(entries).toEqual([]);
      await p.close();
      // With the hooks on (the harness's default), the same page does write them: the check above can fail.
      const hooked = await session.open(server.url('/attack.html'));
      await waitForScan(hooked, { timeout: 30_000 });
      await hooked.close();
    });

    it('a page announcing a newer copy of the content script does not stop it', async () => {
      const p = await session.open(server.url('/attack.html'));
      await waitForScan(p, { timeout: 30_000 });
      const count = await marked(p);
      expect(count).toBeGreaterThan(0);
      // Exactly what WXT's context of a newly started copy of this content script announces.
      const type = `${runtimeIdOf(target, session)}:content:wxt:content-script-started`;
      await p.evaluate((type) => {
        const detail = { contentScriptName: 'content', messageId: 'forged' };
        document.dispatchEvent(new CustomEvent(type, { detail }));
        window.postMessage({ type, ...detail }, '*');
      }, type);
      // Still at work: the host and the highlights stay, and a name the page adds afterwards is marked.
      await p.evaluate(() => {
        const para = document.createElement('p');
        para.textContent = 'Afterwards, Sochi again.';
        document.body.append(para);
      });
      await waitFor(async () => (await marked(p)) > count, { what: 'the added name to be marked' });
      expect(await p.evaluate(() => !!document.querySelector('[data-reader-context-ui]'))).toBe(true);
      await hoverMention(p, 'Vladimir Putin', { expectName: 'Vladimir Putin' });
      await p.close();
    });

    it('a page that defines the host element itself: no error, and names are marked and open their card', async () => {
      const p = await session.open('about:blank');
      const problems = collectProblems(p);
      await p.goto(server.url('/custom-element.html'));
      await waitForScan(p, { timeout: 30_000 });
      expect(await marked(p)).toBeGreaterThan(0);
      await hoverMention(p, 'Vladimir Putin', { expectName: 'Vladimir Putin' });
      const ours = problems.console.filter((m) => /NotSupportedError|attachShadow|reader-context/i.test(m));
      expect([...ours, ...problems.errors.filter((m) => /attachShadow|NotSupported/.test(m))]).toEqual([]);
      // The page's element never ran on our host, and ElementInternals, which reaches even a closed shadow root of
      // a custom element, is not to be had from it.
      expect(
        await p.evaluate(() => {
          const host = document.querySelector('[data-reader-context-ui]') as HTMLElement;
          let internals = false;
          try {
            internals = !!host.attachInternals().shadowRoot;
          } catch {
            internals = false;
          }
          return { hijacked: (window as unknown as { __hijacked?: number }).__hijacked ?? 0, internals };
        }),
      ).toEqual({ hijacked: 0, internals: false });
      await p.close();
    });

    it('the scripts loaded on demand (web-accessible: the content app and its names, the card, the page facts) tell a page nothing about us', async () => {
      const p = await session.open(server.url('/attack.html'));
      await waitForMarks(p);
      await hoverMention(p, 'Vladimir Putin', { expectName: 'Vladimir Putin' });
      // The popup's summary (asked as the popup asks) loads page-facts.js.
      const summary = await sendToTabFromExtension<{ published?: string }>(
        session,
        await session.tabIdOf(p),
        {
          type: 'page:summary',
        },
      );
      expect(summary).toHaveProperty('url');
      const probe = await p.evaluate(
        async (id) => {
          // The content script's imports are not the page's: no entry in the page's resource timing.
          const loaded = performance
            .getEntriesByType('resource')
            .map((e) => e.name)
            .filter((name) => /^(chrome|moz)-extension:/.test(name));
          // Chromium: at its fixed address (the extension's public id) the script is not to be had; only the
          // per-session one (use_dynamic_url) serves it. Firefox's extension origin is a per-install UUID.
          const fixed: ('refused' | 'served')[] = [];
          for (const script of id
            ? ['content-app.js', 'content-names.js', 'card-ui.js', 'page-facts.js']
            : []) {
            try {
              await fetch(`chrome-extension://${id}/${script}`);
              fixed.push('served');
            } catch {
              fixed.push('refused');
            }
          }
          return { loaded, fixed };
        },
        target === 'chromium' ? session.extensionId : null,
      );
      expect(probe).toEqual({
        loaded: [],
        fixed: target === 'chromium' ? ['refused', 'refused', 'refused', 'refused'] : [],
      });
      await p.close();
    });

    it('XML and SVG documents: the content script stays out, without an error', async () => {
      for (const path of ['/doc.xml', '/doc.svg']) {
        const p = await session.open('about:blank');
        const problems = collectProblems(p);
        await p.goto(server.url(path));
        // Long enough for the content script to have started (it begins in a task after document_idle).
        await p.evaluate(() => new Promise((r) => setTimeout(r, 1_000)));
        expect(
          problems.console.filter((m) => /NotSupportedError|attachShadow|reader-context/i.test(m)),
        ).toEqual([]);
        expect(problems.errors).toEqual([]);
        expect(await p.evaluate(() => document.querySelector('[data-reader-context-ui]') === null)).toBe(
          true,
        );
        await p.close();
      }
    });

    it('the page removing the host or clearing the highlights: both come back by themselves', async () => {
      const p = await session.open(server.url('/attack.html'));
      await waitForScan(p, { timeout: 30_000 });
      const count = await marked(p);
      await p.evaluate(() => document.querySelector('[data-reader-context-ui]')?.remove());
      await waitFor(() => p.evaluate(() => !!document.querySelector('[data-reader-context-ui]')), {
        what: 'the host to come back',
      });
      await hoverMention(p, 'Vladimir Putin', { expectName: 'Vladimir Putin' });
      await mouseMove(p, 2, 2, 1);
      // Cleared and read in one task: a pointer frame already on its way could restore them before a second read.
      expect(
        await p.evaluate(() => {
          CSS.highlights.clear();
          return CSS.highlights.size;
        }),
      ).toBe(0);
      // The reader moving the pointer (or scrolling) is enough.
      await mouseMove(p, 40, 40, 2);
      await waitFor(async () => (await marked(p)) === count, { what: 'the highlights to come back' });
      await p.close();
    });
  });
}
