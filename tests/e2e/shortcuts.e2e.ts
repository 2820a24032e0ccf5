// The keyboard commands get their default shortcuts in every browser (Chromium assigns a suggested key only when it
// does not keep it for itself), and the options page shows them, with the way to change them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { click, waitUntil } from '@/tests/e2e/harness/extension-ui';
import { type BrowserSession, launch, TARGETS } from './harness';

const EXPECTED = { 'next-mention': 'Alt+Shift+J', 'previous-mention': 'Alt+Shift+K' };

for (const target of TARGETS) {
  describe(`keyboard shortcuts: ${target}`, () => {
    let session: BrowserSession;
    beforeAll(async () => {
      session = await launch(target);
    });
    afterAll(async () => {
      await session?.close();
    });

    it('both commands have their default shortcut', async () => {
      const got = await session.evaluateInExtension(async () => {
        type Commands = { commands: { getAll(): Promise<{ name?: string; shortcut?: string }[]> } };
        const g = globalThis as unknown as { browser?: Commands; chrome?: Commands };
        const all = await (g.browser ?? g.chrome)?.commands.getAll();
        return Object.fromEntries((all ?? []).map((c) => [c.name, c.shortcut ?? '']));
      });
      expect({ 'next-mention': got['next-mention'], 'previous-mention': got['previous-mention'] }).toEqual(
        EXPECTED,
      );
    });

    it('the options page shows them and opens the browser page for changing them', async () => {
      const page = await session.open(session.extensionUrl('/options.html'));
      const shown = await waitUntil(
        'the shortcuts section',
        () =>
          page.evaluate(() =>
            [...document.querySelectorAll('.rc-shortcuts kbd')].map((k) => k.textContent?.trim() ?? ''),
          ),
        (keys) => keys.length === 2,
      );
      expect(shown.sort()).toEqual(Object.values(EXPECTED).sort());
      const tabsBefore = await session.evaluateInExtension(async () => {
        type Tabs = { tabs: { query(q: object): Promise<unknown[]> } };
        const g = globalThis as unknown as { browser?: Tabs; chrome?: Tabs };
        return (await (g.browser ?? g.chrome)?.tabs.query({}))?.length ?? 0;
      });
      await click(page, '.rc-shortcuts button');
      // A new tab: Chromium's chrome://extensions/shortcuts, Firefox's add-ons manager on its shortcuts view.
      await waitUntil(
        'a tab for the shortcuts page',
        () =>
          session.evaluateInExtension(async () => {
            type Tabs = { tabs: { query(q: object): Promise<{ url?: string }[]> } };
            const g = globalThis as unknown as { browser?: Tabs; chrome?: Tabs };
            return (await (g.browser ?? g.chrome)?.tabs.query({}))?.length ?? 0;
          }),
        (n) => n > tabsBefore,
      );
      await page.close();
    });
  });
}
