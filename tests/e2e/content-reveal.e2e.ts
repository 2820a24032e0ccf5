// Text a page shows after load (a "Read more" that removes `hidden`, a `display: none` taken away, a class that
// expands a section, a <details> opened) is read then: its names are highlighted and counted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendToTab, waitFor } from '@/tests/e2e/harness/page-tools';
import {
  type BrowserSession,
  type E2EPage,
  launch,
  readHighlights,
  startServer,
  TARGETS,
  type TestServer,
  waitForScan,
} from './harness';

const NAMES = /^reader-context-(person|place|organisation|event)$/;

async function markedTexts(p: E2EPage): Promise<string[]> {
  return (await readHighlights(p))
    .filter((h) => NAMES.test(h.name))
    .flatMap((h) => h.texts)
    .sort();
}

const BODY = `
  <style>.fold .more { display: none; } .fold.open .more { display: block; }</style>
  <p>Vladimir Putin spoke on Monday.</p>
  <p id="hidden-attr" hidden>Read more: Alexander Lukashenko answered.</p>
  <div id="inline-style" style="display: none"><p>The talks were held in Sochi.</p></div>
  <section id="fold" class="fold"><p class="more">Officials in Minsk were not told.</p></section>
  <details id="details"><summary>Background</summary><p>Sviatlana Tsikhanouskaya left in 2020.</p></details>
  <p>This sentence says nothing.</p>`;

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
  server.route('/reveal.html', {
    contentType: 'text/html; charset=utf-8',
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Reveal</title></head><body>${BODY}</body></html>`,
  });
});
afterAll(async () => {
  await server?.close();
});

for (const target of TARGETS) {
  describe(`content revealed after load: ${target}`, () => {
    let session: BrowserSession;
    beforeAll(async () => {
      session = await launch(target);
    });
    afterAll(async () => {
      await session?.close();
    });

    it('highlights and counts names in text the page shows later, each way a page shows it', async () => {
      const p = await session.open(server.url('/reveal.html'));
      await waitForScan(p, { timeout: 30_000 });
      expect(await markedTexts(p)).toEqual(['Vladimir Putin']);
      const steps: [string, () => void, string][] = [
        [
          'hidden attribute',
          () => document.getElementById('hidden-attr')?.removeAttribute('hidden'),
          'Alexander Lukashenko',
        ],
        [
          'inline style',
          () => document.getElementById('inline-style')?.style.removeProperty('display'),
          'Sochi',
        ],
        ['class', () => document.getElementById('fold')?.classList.add('open'), 'Minsk'],
        [
          'details',
          () => document.getElementById('details')?.setAttribute('open', ''),
          'Sviatlana Tsikhanouskaya',
        ],
      ];
      for (const [how, reveal, name] of steps) {
        await p.evaluate(reveal);
        await waitFor(async () => (await markedTexts(p)).includes(name), {
          what: `"${name}" to be highlighted once shown by its ${how}`,
          timeout: 10_000,
        });
      }
      const tabId = await session.tabIdOf(p);
      const summary = await sendToTab<{ entities: { id: string }[] }>(session, tabId, {
        type: 'page:summary',
      });
      expect(summary.entities.length).toBe(5);
      await p.close();
    });
  });
}
