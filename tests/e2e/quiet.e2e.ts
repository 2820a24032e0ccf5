// "First mention only", the quiet page: each name is marked once, where the reader first meets it, and every later
// mention still opens its card on hover.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeStoredSettings } from '@/tests/e2e/harness/extension-ui';
import { mouseMove, readCard, waitFor } from '@/tests/e2e/harness/page-tools';
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

/** The centre of the `nth` occurrence of `word` in the paragraph `id`, marked or not. */
function wordCenter(p: E2EPage, id: string, word: string): Promise<{ x: number; y: number }> {
  return p.evaluate(
    ({ id, word }) => {
      const text = document.getElementById(id)?.firstChild as Text;
      const at = text.data.indexOf(word);
      const range = document.createRange();
      range.setStart(text, at);
      range.setEnd(text, at + word.length);
      const r = range.getClientRects()[0] as DOMRect;
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    },
    { id, word },
  );
}

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
  server.route('/quiet.html', {
    contentType: 'text/html; charset=utf-8',
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Quiet</title></head><body>
      <p id="a">Vladimir Putin spoke first.</p><p id="b">Later, Putin spoke again.</p></body></html>`,
  });
});
afterAll(async () => {
  await server?.close();
});

for (const target of TARGETS) {
  describe(`first mention only: ${target}`, () => {
    let session: BrowserSession;
    beforeAll(async () => {
      session = await launch(target);
      await writeStoredSettings(session, { firstMentionOnly: true });
    });
    afterAll(async () => {
      await session?.close();
    });

    it('marks the first mention only, and a later one still opens its card', async () => {
      const p = await session.open(server.url('/quiet.html'));
      await waitForScan(p, { timeout: 30_000 });
      const marked = (await readHighlights(p)).filter((h) => NAMES.test(h.name)).flatMap((h) => h.texts);
      expect(marked).toEqual(['Vladimir Putin']);
      const later = await wordCenter(p, 'b', 'Putin');
      await mouseMove(p, later.x, later.y, 3);
      await waitFor(async () => (await readCard(p)).open, { what: 'the card of the unmarked later mention' });
      expect((await readCard(p)).name).toBe('Vladimir Putin');
      await p.close();
    });
  });
}
