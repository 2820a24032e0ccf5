// The card as a reader meets it, in every browser: a preview that fits without scrolling at the dwell, its
// controls always in view (after Next too), the header kept while the body scrolls, layers opened by mouse and
// keyboard and remembered for the next card, "Also on this page" one correct sentence per pair; and the
// screenshots of the card on a light and a dark page for docs/.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cardButtonCenter,
  hoverMention,
  mouseClick,
  mouseMove,
  pressKey,
  readCard,
  reduceMotion,
  screenshotPlace,
  setViewport,
  waitFor,
} from '@/tests/e2e/harness/page-tools';
import {
  type BrowserSession,
  type E2EPage,
  launch,
  REPO_ROOT,
  startServer,
  TARGETS,
  type TestServer,
  waitForScan,
} from './harness';

interface KnowledgeEntity {
  id: string;
  name: string;
  relations: { entity: string; subject: string; object: string; text: string }[];
}
const KNOWLEDGE = JSON.parse(readFileSync(join(REPO_ROOT, 'data/knowledge.json'), 'utf8')) as {
  entities: KnowledgeEntity[];
};
const entity = (id: string): KnowledgeEntity => {
  const e = KNOWLEDGE.entities.find((x) => x.id === id);
  if (!e) throw new Error(`no entity ${id} in data/knowledge.json`);
  return e;
};

/** Names on the article page, each with the entity its card is for: every card the page can open. */
const ON_PAGE = [
  ['Alexander Lukashenko', 'lukashenko'],
  ['Putin', 'putin'],
  ['Sochi', 'sochi'],
  ['Kremlin', 'kremlin'],
  ['UN Human Rights Council', 'un-human-rights-council'],
  ['Minsk', 'minsk'],
  ['Geneva', 'geneva'],
  ['Moscow', 'moscow'],
] as const;

/** A laptop's window: the card has the room beside a name in the middle of the text. */
const VIEWPORT = { width: 1280, height: 800 };

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Fit {
  /** Elements inside the card whose content overflows their box (something the reader would have to scroll). */
  scrolling: string[];
  /** Controls the reader can see and hit right now (the element at their centre is the control itself). */
  reachable: string[];
  card: { top: number; bottom: number; height: number };
  vh: number;
  /** The page names the entity more than once (the card has a stepper). */
  several: boolean;
}

/** What of the card the reader can see without scrolling anything. */
function readFit(page: E2EPage): Promise<Fit> {
  return page.evaluate(() => {
    const root = document.querySelector('[data-reader-context-ui]')?.shadowRoot;
    const card = root?.querySelector('.rc-card') as HTMLElement | null | undefined;
    if (!root || !card) throw new Error('no card');
    const scrolling = [card, ...card.querySelectorAll<HTMLElement>('*')]
      .filter(
        (el) => el.scrollHeight > el.clientHeight + 1 && /auto|scroll/.test(getComputedStyle(el).overflowY),
      )
      .map((el) => `${el.className}: ${el.scrollHeight} > ${el.clientHeight}`);
    const reachable: string[] = [];
    const controls = {
      name: card.querySelector('.rc-name'),
      // only when the page names the entity more than once
      next: card.querySelector('button[aria-label="Next mention"]'),
      know: [...card.querySelectorAll('button')].find((b) => b.textContent === 'I know this one'),
      close: card.querySelector('button[aria-label="Close card"]'),
    };
    for (const [label, el] of Object.entries(controls)) {
      const r = el?.getBoundingClientRect();
      if (!el || !r || r.width === 0) continue;
      const hit = root.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      if (hit && (hit === el || el.contains(hit))) reachable.push(label);
    }
    const r = card.getBoundingClientRect();
    return {
      scrolling,
      reachable,
      card: { top: r.top, bottom: r.bottom, height: r.height },
      vh: innerHeight,
      several: controls.next !== null,
    };
  });
}

/** Clicks (with the real mouse) the card's button with this aria-label or text. */
async function clickCardButton(page: E2EPage, label: string): Promise<void> {
  const at = await cardButtonCenter(page, label);
  await mouseMove(page, at.x, at.y, 4);
  await mouseClick(page, at.x, at.y);
}

/** The card's place and its body's scroll, to tell when it has stopped moving. */
function cardPlace(page: E2EPage): Promise<string> {
  return page.evaluate(() => {
    const root = document.querySelector('[data-reader-context-ui]')?.shadowRoot;
    const r = root?.querySelector('.rc-card[role="dialog"]')?.getBoundingClientRect();
    const body = root?.querySelector('.rc-body');
    return JSON.stringify([r?.top, r?.left, r?.height, body?.scrollTop]);
  });
}

/**
 * Opens one layer with the real mouse once the card has settled (opening the last layer may move the card or
 * scroll its body in the next frames), and waits until the layer says it is open.
 */
async function openLayer(page: E2EPage, label: string): Promise<void> {
  let last = '';
  await waitFor(
    async () => {
      const now = await cardPlace(page);
      const still = now === last;
      last = now;
      return still;
    },
    { interval: 100, what: 'the card to settle' },
  );
  await clickCardButton(page, label);
  await waitFor(async () => (await layerStates(page))[label] === 'true', {
    what: `the layer "${label}" to open`,
  });
}

/** aria-expanded of each layer button, by its label. */
function layerStates(page: E2EPage): Promise<Record<string, string | null>> {
  return page.evaluate(() => {
    const root = document.querySelector('[data-reader-context-ui]')?.shadowRoot;
    return Object.fromEntries(
      [...(root?.querySelectorAll('.rc-layer-button') ?? [])].map((b) => [
        b.querySelector('.rc-layer-label')?.textContent ?? '',
        b.getAttribute('aria-expanded'),
      ]),
    );
  });
}

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.close();
});

for (const target of TARGETS) {
  describe(`the card as a preview: ${target}`, () => {
    let session: BrowserSession;
    beforeAll(async () => {
      session = await launch(target);
    });
    afterAll(async () => {
      await session?.close();
    });

    async function openArticle(path = '/article.html'): Promise<E2EPage> {
      const page = await session.open(server.url(path));
      await waitForScan(page, { timeout: 30_000 });
      await page.bringToFront();
      await setViewport(page, VIEWPORT.width, VIEWPORT.height);
      return page;
    }

    it('every card fits without scrolling at the dwell, its name, stepper and "I know this one" in view', async () => {
      const page = await openArticle();
      const heights: string[] = [];
      for (const [text, id] of ON_PAGE) {
        await hoverMention(page, text, { expectName: entity(id).name });
        await pause(300); // placed in the next frames
        const fit = await readFit(page);
        const where = `${id}: ${JSON.stringify(fit)}`;
        heights.push(`${id} ${Math.round(fit.card.height)}`);
        expect(fit.scrolling, where).toEqual([]);
        const controls = fit.several ? ['close', 'know', 'name', 'next'] : ['close', 'know', 'name'];
        expect(fit.reachable.sort(), where).toEqual(controls);
        expect(fit.card.top, where).toBeGreaterThanOrEqual(0);
        expect(fit.card.bottom, where).toBeLessThanOrEqual(fit.vh);
      }
      console.log(`card heights at the dwell (${target}): ${heights.join(', ')}`);
      await page.close();
    });

    it('after Next the Next button is still in view; with every layer open, the header stays while the body scrolls', async () => {
      const page = await openArticle();
      await hoverMention(page, 'Sochi', { expectName: entity('sochi').name });
      await clickCardButton(page, 'Pin card');
      for (let i = 0; i < 2; i++) {
        const before = await page.evaluate(
          () =>
            document.querySelector('[data-reader-context-ui]')?.shadowRoot?.querySelector('.rc-mentions-pos')
              ?.textContent,
        );
        await clickCardButton(page, 'Next mention');
        await waitFor(
          () =>
            page.evaluate(
              (before) =>
                document
                  .querySelector('[data-reader-context-ui]')
                  ?.shadowRoot?.querySelector('.rc-mentions-pos')?.textContent !== before,
              before,
            ),
          { what: 'the stepper to move on' },
        );
        await pause(400); // the page scrolls to the mention and the card follows it
        const fit = await readFit(page);
        expect(fit.reachable, JSON.stringify(fit)).toContain('next');
        expect(fit.reachable, JSON.stringify(fit)).toContain('know');
      }
      // Open every layer: now the body is taller than the card and scrolls; the header and footer do not.
      for (const label of Object.keys(await layerStates(page))) await openLayer(page, label);
      const states = await layerStates(page);
      expect(
        Object.values(states).every((v) => v === 'true'),
        JSON.stringify(states),
      ).toBe(true);
      const scrolled = await page.evaluate(() => {
        const body = document
          .querySelector('[data-reader-context-ui]')
          ?.shadowRoot?.querySelector('.rc-body') as HTMLElement | null;
        if (!body) return null;
        body.scrollTop = body.scrollHeight;
        return { top: body.scrollTop, overflow: body.scrollHeight - body.clientHeight };
      });
      expect(scrolled?.overflow ?? 0).toBeGreaterThan(0);
      expect(scrolled?.top ?? 0).toBeGreaterThan(0);
      await pause(100);
      const fit = await readFit(page);
      expect(fit.reachable.sort(), JSON.stringify(fit)).toEqual(['close', 'know', 'name', 'next']);
      await pressKey(page, 'Escape');
      await page.close();
    });

    it('layers open with Enter and Space, and the next card opens the ones the reader opened last', async () => {
      const page = await openArticle();
      await hoverMention(page, 'Alexander Lukashenko', { expectName: entity('lukashenko').name });
      await clickCardButton(page, 'Pin card');
      const states = await layerStates(page);
      expect(
        Object.values(states).every((v) => v === 'false'),
        JSON.stringify(states),
      ).toBe(true);
      expect(Object.keys(states)).toContain('Key facts');
      // Focus the "Key facts" layer button, then the keyboard (' ' is the space bar in both drivers).
      await page.evaluate(() => {
        const root = document.querySelector('[data-reader-context-ui]')?.shadowRoot;
        const b = [...(root?.querySelectorAll('.rc-layer-button') ?? [])].find((x) =>
          x.textContent?.includes('Key facts'),
        ) as HTMLElement | undefined;
        b?.focus();
      });
      await pressKey(page, 'Enter');
      await waitFor(async () => (await layerStates(page))['Key facts'] === 'true', { what: 'Enter opens' });
      await pressKey(page, ' ');
      await waitFor(async () => (await layerStates(page))['Key facts'] === 'false', { what: 'Space closes' });
      await pressKey(page, ' ');
      await waitFor(async () => (await layerStates(page))['Key facts'] === 'true', { what: 'Space opens' });
      await pressKey(page, 'Escape');
      // The next card, for another entity, opens with "Key facts" open.
      await hoverMention(page, 'Sochi', { expectName: entity('sochi').name });
      expect((await layerStates(page))['Key facts']).toBe('true');
      expect((await layerStates(page))['Also on this page']).toBe('false');
      expect((await readCard(page)).open).toBe(true);
      await page.close();
    });

    it("reads the page's own date: a page from 2020 shows what the sources said then", async () => {
      const latest = async (published: string | null): Promise<string> => {
        const path = `/dated-${published ?? 'none'}.html`;
        server.route(path, {
          body: `<!doctype html><html lang="en"><head><title>Minsk</title>${
            published ? `<meta property="article:published_time" content="${published}T09:00:00Z">` : ''
          }</head><body><main><p>Alexander Lukashenko spoke in Minsk on Monday.</p></main></body></html>`,
        });
        const page = await openArticle(path);
        await hoverMention(page, 'Alexander Lukashenko', { expectName: entity('lukashenko').name });
        const text = await page.evaluate(
          () =>
            document.querySelector('[data-reader-context-ui]')?.shadowRoot?.querySelector('.rc-latest')
              ?.textContent ?? '',
        );
        await page.close();
        return text;
      };
      // The sources: one article of 2020 and one of 2022. Undated, the card leads with the newest.
      expect(await latest(null)).toContain('2022');
      const of2020 = await latest('2020-09-20');
      expect(of2020).toContain('2020');
      expect(of2020).not.toContain('2022');
    });

    it("Putin's card: each other entity on the page once, in a sentence about both", async () => {
      const page = await openArticle();
      await hoverMention(page, 'Putin', { expectName: entity('putin').name });
      await clickCardButton(page, 'Pin card');
      if ((await layerStates(page))['Also on this page'] === 'false')
        await openLayer(page, 'Also on this page');
      const lines = await page.evaluate(() => {
        const root = document.querySelector('[data-reader-context-ui]')?.shadowRoot;
        const heading = [...(root?.querySelectorAll('h3') ?? [])].find((h) =>
          h.textContent?.includes('Also on this page'),
        );
        const section = heading?.closest('section');
        return [...(section?.querySelectorAll('li') ?? [])].map((li) => ({
          other: li.getAttribute('data-entity') ?? '',
          text: li.textContent ?? '',
        }));
      });
      const putin = entity('putin');
      const onPage = new Set<string>(ON_PAGE.map(([, id]) => id));
      const expected = putin.relations.filter((r) => onPage.has(r.entity)).map((r) => r.text);
      expect(new Set(expected).size).toBe(expected.length);
      expect(lines.map((l) => l.text)).toEqual(expected);
      // one line per other entity, Lukashenko among them once
      const others = lines.map((l) => l.other);
      expect(new Set(others).size).toBe(others.length);
      expect(others.filter((o) => o === 'lukashenko')).toHaveLength(1);
      expect(lines.map((l) => l.text)).toContain('Putin heads the Kremlin, the Russian presidency.');
      // a sentence, never "Other: phrase about this one"
      for (const { text } of lines) expect(text).not.toMatch(/^[^:]+: /);
      await pressKey(page, 'Escape');
      await page.close();
    });

    it('screenshots: the card on a light and on a dark page (docs/screenshots)', async () => {
      const { dir, suffix } = screenshotPlace(target);
      for (const [path, scheme] of [
        ['/article.html', 'light'],
        ['/dark.html', 'dark'],
      ] as const) {
        const page = await openArticle(path);
        await setViewport(page, 1000, 900);
        await reduceMotion(page);
        const { point, card } = await hoverMention(page, 'Alexander Lukashenko', {
          expectName: entity('lukashenko').name,
        });
        const rect = card.rect;
        if (!rect) throw new Error('card has no box');
        // Let the pointer rest on the name (the card stays); a moment for the fade, fonts and the arrow.
        await pause(500);
        const margin = 40;
        const x = Math.max(0, Math.min(rect.x, point.x - 80) - margin);
        const y = Math.max(0, Math.min(rect.y, point.y - 20) - margin);
        const right = Math.min(1000, Math.max(rect.x + rect.width, point.x + 80) + margin);
        const bottom = Math.min(900, Math.max(rect.y + rect.height, point.y + 20) + margin);
        const shot = page.raw as {
          screenshot(o: {
            path: string;
            clip: { x: number; y: number; width: number; height: number };
          }): Promise<unknown>;
        };
        await shot.screenshot({
          path: join(dir, `card-${scheme}${suffix}.png`),
          clip: { x, y, width: right - x, height: bottom - y },
        });
        expect((await readCard(page)).open).toBe(true);
        await page.close();
      }
    });
  });
}
