// Content script, end to end: hovering a name with the real mouse opens the right card (dwell, grace, card hover,
// pin, Esc) and the keyboard path (page:step as the commands send it: focus into the card and back, ARIA). The
// card's own layout and its screenshots: card.e2e.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  hoverMention,
  mentionCenter,
  mouseClick,
  mouseMove,
  pressKey,
  readCard,
  sendToTab,
  setViewport,
  waitFor,
  waitForCard,
  waitForCardClosed,
} from '@/tests/e2e/harness/page-tools';
import {
  type BrowserSession,
  type E2EPage,
  launch,
  PAGES_DIR,
  REPO_ROOT,
  startServer,
  TARGETS,
  type TestServer,
  waitForScan,
} from './harness';

interface KnowledgeEntity {
  id: string;
  name: string;
  type: string;
  description: { text: string };
}
const KNOWLEDGE = JSON.parse(readFileSync(join(REPO_ROOT, 'data/knowledge.json'), 'utf8')) as {
  entities: KnowledgeEntity[];
};
const entity = (id: string): KnowledgeEntity => {
  const e = KNOWLEDGE.entities.find((x) => x.id === id);
  if (!e) throw new Error(`no entity ${id} in data/knowledge.json`);
  return e;
};
const TYPE_LABEL: Record<string, string> = {
  person: 'Person',
  place: 'Place',
  organisation: 'Organisation',
  event: 'Event',
};
const EXPECTED = JSON.parse(readFileSync(join(PAGES_DIR, 'article.expected.json'), 'utf8')) as Record<
  string,
  string[]
>;
/** Mentions of Lukashenko in the article fixture (all his spellings there). */
const LUKASHENKO_MENTIONS = (EXPECTED.person ?? []).filter((t) => /Lukash|Лукаш/.test(t)).length;

/** A point in the page with no text near it (the right margin, below the header). */
async function emptyPoint(page: E2EPage): Promise<{ x: number; y: number }> {
  return page.evaluate(() => ({ x: window.innerWidth - 10, y: window.innerHeight - 10 }));
}

/** Centre of a button in the card, by aria-label. */
function cardButton(page: E2EPage, label: string): Promise<{ x: number; y: number } | null> {
  return page.evaluate((label) => {
    const root = document.querySelector('[data-reader-context-ui]')?.shadowRoot;
    const b = root?.querySelector(`button[aria-label="${label}"]`);
    const r = b?.getBoundingClientRect();
    return r ? { x: r.left + r.width / 2, y: r.top + r.height / 2 } : null;
  }, label);
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.close();
});

for (const target of TARGETS) {
  describe(`content hover and keyboard: ${target}`, () => {
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
      return page;
    }

    it('hovering a name opens its card with the knowledge: name, type, description, mention count', async () => {
      const page = await openArticle();
      const luk = entity('lukashenko');
      // Every range the active highlight holds, frame by frame, while the pointer rests and the card opens.
      await page.evaluate(() => {
        const w = window as unknown as { __activeSeen: AbstractRange[]; __stopWatch?: boolean };
        w.__activeSeen = [];
        const poll = () => {
          for (const r of CSS.highlights.get('reader-context-active') ?? [])
            if (!w.__activeSeen.includes(r)) w.__activeSeen.push(r);
          if (!w.__stopWatch) requestAnimationFrame(poll);
        };
        requestAnimationFrame(poll);
      });
      const { card } = await hoverMention(page, 'Alexander Lukashenko', { expectName: luk.name });
      // Marked once, when the pointer came to rest; opening the card did not re-mark it (a second range object
      // would mean the highlight changed, and a repaint of the highlighted text in the card's first frame).
      expect(
        await page.evaluate(() => {
          const w = window as unknown as { __activeSeen: AbstractRange[]; __stopWatch?: boolean };
          w.__stopWatch = true;
          return w.__activeSeen.length;
        }),
      ).toBe(1);
      expect(card.role).toBe('dialog');
      expect(card.type).toContain(TYPE_LABEL[luk.type]);
      expect(card.description).toContain(luk.description.text);
      expect(card.mentions).toBe(`${LUKASHENKO_MENTIONS} mentions on this page`);
      // The hovered mention is marked active.
      const active = await page.evaluate(() =>
        [...(CSS.highlights.get('reader-context-active') ?? [])].map((r) => {
          const live = document.createRange();
          live.setStart(r.startContainer, r.startOffset);
          live.setEnd(r.endContainer, r.endOffset);
          return live.toString();
        }),
      );
      expect(active).toEqual(['Alexander Lukashenko']);

      // Another name gives another card.
      const sochi = entity('sochi');
      const off = await emptyPoint(page);
      await mouseMove(page, off.x, off.y);
      await waitForCardClosed(page);
      const second = await hoverMention(page, 'Sochi', { expectName: sochi.name });
      expect(second.card.type).toContain(TYPE_LABEL[sochi.type]);
      expect(second.card.description).toContain(sochi.description.text);
      expect(second.card.mentions).toBe(
        `${(EXPECTED.place ?? []).filter((t) => /Sochi|Сочи/.test(t)).length} mentions on this page`,
      );
      // The card is about 320 px wide and sits next to the name.
      expect(second.card.rect?.width ?? 0).toBeGreaterThan(300);
      expect(second.card.rect?.width ?? 0).toBeLessThanOrEqual(322);
      await page.close();
    });

    it('the card stays inside the viewport and its arrow points at the name', async () => {
      const page = await openArticle();
      await setViewport(page, 800, 600);
      for (const [text, id] of [
        ['Alexander Lukashenko', 'lukashenko'],
        ['UN Human Rights Council', 'un-human-rights-council'],
      ] as const) {
        const { point } = await hoverMention(page, text, { expectName: entity(id).name });
        await new Promise((r) => setTimeout(r, 300)); // the position is computed in the next frames
        const geo = await page.evaluate(() => {
          const root = document.querySelector('[data-reader-context-ui]')?.shadowRoot;
          // Plain objects: WebDriver BiDi (Firefox) does not serialise a DOMRect's fields.
          const plain = (r: DOMRect | undefined) =>
            r && {
              left: r.left,
              top: r.top,
              right: r.right,
              bottom: r.bottom,
              width: r.width,
              height: r.height,
            };
          const card = plain(root?.querySelector('.rc-card')?.getBoundingClientRect());
          const arrow = plain(root?.querySelector('.rc-arrow')?.getBoundingClientRect());
          return { card, arrow, vw: innerWidth, vh: innerHeight };
        });
        const { card, arrow, vw, vh } = geo;
        if (!card || !arrow) throw new Error('no card or arrow');
        const where = `${text}: card ${JSON.stringify(card)} in ${vw}x${vh}, name at ${JSON.stringify(point)}`;
        expect(card.left, where).toBeGreaterThanOrEqual(0);
        expect(card.top, where).toBeGreaterThanOrEqual(0);
        expect(card.right, where).toBeLessThanOrEqual(vw);
        expect(card.bottom, where).toBeLessThanOrEqual(vh);
        // The arrow sits on the card's edge facing the name, horizontally within reach of the name.
        const arrowX = arrow.left + arrow.width / 2;
        const arrowY = arrow.top + arrow.height / 2;
        const edge = card.top > point.y ? card.top : card.bottom;
        expect(Math.abs(arrowY - edge), `arrow ${JSON.stringify(arrow)}; ${where}`).toBeLessThanOrEqual(8);
        expect(Math.abs(arrowX - point.x), `arrow ${JSON.stringify(arrow)}; ${where}`).toBeLessThanOrEqual(
          120,
        );
        const off = await emptyPoint(page);
        await mouseMove(page, off.x, off.y);
        await waitForCardClosed(page);
      }
      await page.close();
    });

    it('a pointer passing over a name opens nothing; leaving hides the card after the grace', async () => {
      const page = await openArticle();
      const p = await page.evaluate(() => {
        const r = document.getElementById('p-kremlin')?.getBoundingClientRect();
        return r ? { left: r.left, right: r.right, y: r.top + 8 } : null;
      });
      if (!p) throw new Error('no #p-kremlin');
      // Sweep across the line quickly, never resting.
      await mouseMove(page, p.left - 5, p.y, 1);
      await mouseMove(page, p.right + 5, p.y, 10);
      await mouseMove(page, p.right + 40, p.y + 200, 2);
      await pause(1200);
      expect((await readCard(page)).open).toBe(false);

      await hoverMention(page, 'Kremlin', { expectName: entity('kremlin').name });
      const away = await emptyPoint(page);
      await mouseMove(page, away.x, away.y, 2);
      await waitForCardClosed(page);
      await page.close();
    });

    it('moving from the name into the card keeps it open; leaving the card hides it', async () => {
      const page = await openArticle();
      const { point, card } = await hoverMention(page, 'Kremlin', { expectName: entity('kremlin').name });
      const rect = card.rect;
      if (!rect) throw new Error('card has no box');
      // Straight into the card (it opens below or above the name).
      const inside = { x: rect.x + Math.min(60, rect.width / 2), y: rect.y + Math.min(40, rect.height / 2) };
      await mouseMove(page, point.x, inside.y > point.y ? point.y + 6 : point.y - 6, 1);
      await mouseMove(page, inside.x, inside.y, 3);
      await pause(1500); // well past the 300 ms grace
      expect(await readCard(page)).toMatchObject({ open: true, name: entity('kremlin').name });
      const away = await emptyPoint(page);
      await mouseMove(page, away.x, away.y, 3);
      await waitForCardClosed(page);
      await page.close();
    });

    it('a pinned card stays open after the pointer leaves, and over other names; Esc closes it', async () => {
      const page = await openArticle();
      await hoverMention(page, 'UN Human Rights Council', {
        expectName: entity('un-human-rights-council').name,
      });
      const pin = await cardButton(page, 'Pin card');
      if (!pin) throw new Error('no pin button in the card');
      await mouseMove(page, pin.x, pin.y, 4);
      await mouseClick(page, pin.x, pin.y);
      await waitFor(
        () =>
          page.evaluate(
            () =>
              document
                .querySelector('[data-reader-context-ui]')
                ?.shadowRoot?.querySelector('button[aria-label="Pin card"]')
                ?.getAttribute('aria-pressed') === 'true',
          ),
        { what: 'pin pressed' },
      );
      const away = await emptyPoint(page);
      await mouseMove(page, away.x, away.y, 3);
      await pause(1500);
      expect((await readCard(page)).open).toBe(true);
      // Resting on another name, clear of the card, opens no card in its place.
      let other: { x: number; y: number } | null = null;
      for (const text of ['Minsk', 'Kremlin', 'Moscow', 'Sochi']) {
        const at = await mentionCenter(page, text);
        const box = (await readCard(page)).rect;
        if (
          at &&
          box &&
          (at.x < box.x || at.x > box.x + box.width || at.y < box.y || at.y > box.y + box.height)
        ) {
          other = at;
          break;
        }
      }
      if (!other) throw new Error('no other name clear of the card');
      await mouseMove(page, other.x, other.y, 3);
      await pause(1500);
      const card = await readCard(page);
      expect(card).toMatchObject({ open: true, name: entity('un-human-rights-council').name });
      await pressKey(page, 'Escape');
      await waitForCardClosed(page);
      await page.close();
    });

    it('Esc closes a hovered card', async () => {
      const page = await openArticle();
      await hoverMention(page, 'Minsk', { expectName: entity('minsk').name });
      await pressKey(page, 'Escape');
      await waitForCardClosed(page);
      await page.close();
    });

    it('keyboard path: page:step opens the first mention with focus in the card; Esc returns focus; next steps on', async () => {
      const page = await openArticle();
      await page.evaluate(() => (document.querySelector('a[href="#loan"]') as HTMLElement).focus());
      const tabId = await session.tabIdOf(page);
      const first = await sendToTab<{ entity: string; index: number; count: number } | null>(session, tabId, {
        type: 'page:step',
        direction: 1,
      });
      // The headline's "Lukashenko" is the first mention in document order.
      expect(first).toEqual({ entity: 'lukashenko', index: 0, count: LUKASHENKO_MENTIONS });
      const card = await waitForCard(page, entity('lukashenko').name);
      expect(card.role).toBe('dialog');
      expect(card.labelledBy).toBe(entity('lukashenko').name);
      const focus = await waitFor(
        () =>
          page.evaluate(() => {
            const host = document.querySelector('[data-reader-context-ui]');
            const inner = host?.shadowRoot?.activeElement;
            return document.activeElement === host && inner?.getAttribute('role') === 'dialog'
              ? { outer: document.activeElement?.localName, inner: inner?.className }
              : null;
          }),
        { what: 'focus in the card' },
      );
      expect(focus.outer).toBe('div');
      // The revealed mention flashes.
      expect(await page.evaluate(() => CSS.highlights.get('reader-context-flash')?.size ?? 0)).toBe(1);

      await pressKey(page, 'Escape');
      await waitForCardClosed(page);
      expect(await page.evaluate(() => document.activeElement?.getAttribute('href'))).toBe('#loan');

      const second = await sendToTab<{ entity: string } | null>(session, tabId, {
        type: 'page:step',
        direction: 1,
      });
      expect(second?.entity).toBe('sochi');
      await waitForCard(page, entity('sochi').name);
      const third = await sendToTab<{ entity: string } | null>(session, tabId, {
        type: 'page:step',
        direction: 1,
      });
      expect(third?.entity).toBe('putin');
      await waitForCard(page, entity('putin').name);
      const back = await sendToTab<{ entity: string } | null>(session, tabId, {
        type: 'page:step',
        direction: -1,
      });
      expect(back?.entity).toBe('sochi');
      await waitForCard(page, entity('sochi').name);
      await pressKey(page, 'Escape');
      await waitForCardClosed(page);
      expect(await page.evaluate(() => document.activeElement?.getAttribute('href'))).toBe('#loan');
      await page.close();
    });
  });
}
