// "Look up … in Reader Context" on selected text (the context menu sends page:lookup with the selection): the card
// opens at the mention the reader selected, where they are, not at the entity's first mention.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pressKey, readCard, sendToTab, waitFor } from '@/tests/e2e/harness/page-tools';
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

const FILLER =
  'The committee met again on Tuesday to go through the figures for the second quarter, and agreed to meet again.';
// 31 mentions of Lukashenko, one every tenth paragraph, on a page many screens long.
const BODY = Array.from({ length: 310 }, (_, i) =>
  i % 10 === 5 ? `<p id="m${(i - 5) / 10}">${FILLER} Lukashenko said so.</p>` : `<p>${FILLER}</p>`,
).join('');

/** The paragraph of the flashed (just revealed) mention. */
async function flashed(p: E2EPage): Promise<string | null> {
  const flash = (await readHighlights(p)).find((h) => h.name === 'reader-context-flash');
  if (!flash || flash.texts.length === 0) return null;
  return p.evaluate(() => {
    for (const r of CSS.highlights.get('reader-context-flash') ?? [])
      return r.startContainer.parentElement?.id ?? null;
    return null;
  });
}

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
  server.route('/lookup.html', {
    contentType: 'text/html; charset=utf-8',
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Lookup</title></head><body>${BODY}</body></html>`,
  });
});
afterAll(async () => {
  await server?.close();
});

for (const target of TARGETS) {
  describe(`look up a selected name: ${target}`, () => {
    let session: BrowserSession;
    beforeAll(async () => {
      session = await launch(target);
    });
    afterAll(async () => {
      await session?.close();
    });

    it('opens the card at the selected mention and keeps the reader where they are, every time', async () => {
      const p = await session.open(server.url('/lookup.html'));
      await waitForScan(p, { timeout: 30_000 });
      // The reader has scrolled to the 30th mention and selects it.
      const scrolled = await p.evaluate(() => {
        const para = document.getElementById('m29') as HTMLElement;
        para.scrollIntoView({ block: 'center' });
        const text = para.firstChild as Text;
        const at = text.data.indexOf('Lukashenko');
        const range = document.createRange();
        range.setStart(text, at);
        range.setEnd(text, at + 'Lukashenko'.length);
        getSelection()?.removeAllRanges();
        getSelection()?.addRange(range);
        return scrollY;
      });
      const tabId = await session.tabIdOf(p);
      for (let time = 0; time < 2; time++) {
        // Each lookup starts from nothing shown: no flash left, no card open (Esc closes a sticky card).
        await p.evaluate(() => CSS.highlights.get('reader-context-flash')?.clear());
        await pressKey(p, 'Escape');
        await waitFor(async () => !(await readCard(p)).open, { what: 'no card open' });
        const answer = await sendToTab<{ entity: string } | null>(session, tabId, {
          type: 'page:lookup',
          text: 'Lukashenko',
        });
        expect(answer?.entity).toBe('lukashenko');
        await waitFor(async () => (await flashed(p)) === 'm29', { what: 'mention 30 of 31 to be revealed' });
        await waitFor(async () => (await readCard(p)).open, { what: 'the card to open' });
        expect(
          await p.evaluate(
            () =>
              document
                .querySelector('[data-reader-context-ui]')
                ?.shadowRoot?.querySelector('.rc-mentions-pos')
                ?.textContent?.trim() ?? null,
          ),
        ).toBe('30 of 31');
        expect(Math.abs((await p.evaluate(() => scrollY)) - scrolled)).toBeLessThan(2);
      }
      await p.close();
    });
  });
}
