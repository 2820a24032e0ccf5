// Issue #22, defect 9: on a dark page the card is dark all through (no light scrollbar strip), and a claim that no
// article makes says where it comes from in a reader's words.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hoverMention } from '@/tests/e2e/harness/page-tools';
import { type BrowserSession, launch, startServer, TARGETS, type TestServer, waitForScan } from './harness';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.close();
});

for (const target of TARGETS) {
  describe(`the card on a dark page: ${target}`, () => {
    let session: BrowserSession;
    beforeAll(async () => {
      session = await launch(target);
    });
    afterAll(async () => {
      await session?.close();
    });

    it('draws its scrollbar in the dark scheme and names where a background claim comes from', async () => {
      const page = await session.open(server.url('/dark.html'));
      await waitForScan(page, { timeout: 30_000 });
      await hoverMention(page, 'Alexander Lukashenko', { expectName: 'Alexander Lukashenko' });
      const seen = await page.evaluate(() => {
        const root = document.querySelector('[data-reader-context-ui]')?.shadowRoot;
        const card = root?.querySelector('.rc-card') as HTMLElement;
        const body = root?.querySelector('.rc-body') as HTMLElement;
        return {
          scheme: getComputedStyle(body).colorScheme,
          scrollbar: getComputedStyle(body).getPropertyValue('scrollbar-color'),
          basis: card.querySelector('.rc-basis')?.textContent?.trim() ?? null,
        };
      });
      expect(seen.scheme).toContain('dark');
      // The thumb takes the dark scheme's colour (#4a515b), the track the card's own background.
      expect(seen.scrollbar.replace(/\s+/g, ' ')).toMatch(
        /^rgb\(74, 81, 91\) (transparent|rgba\(0, 0, 0, 0\))$/,
      );
      expect(seen.basis).toBe('(general knowledge, not from a news report)');
      await page.close();
    });
  });
}
