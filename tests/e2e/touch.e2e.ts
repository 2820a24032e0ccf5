// A phone reader's fingers: a tap on a name opens its card as a bottom sheet, with targets a finger hits, and
// scrolls the name above the sheet where the sheet would cover it; a tap elsewhere, a scroll or the back gesture
// closes it; a tap on plain text does nothing; a name inside a headline link previews on the first tap and follows
// the link on the second (docs/adr/0007-touch-links.md); and the mouse still hovers on the same touch screen. Chromium runs with its touch emulation (a 390×844 phone); Firefox gets
// the same taps as WebDriver BiDi touch actions, in a window of the same size.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CardState,
  cardButtonCenter,
  mentionCenter,
  mouseMove,
  readCard,
  reduceMotion,
  screenshotPlace,
  setViewport,
  waitFor,
  waitForCard,
  waitForCardClosed,
} from '@/tests/e2e/harness/page-tools';
import {
  type BrowserSession,
  type E2EPage,
  launch,
  startServer,
  TARGETS,
  type TestServer,
  waitForScan,
} from './harness';

/** A phone held upright (an iPhone 12 to 15's CSS pixels; most Android phones are 360 to 412 wide). */
const PHONE = { width: 390, height: 844 };

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface TouchPage {
  touchscreen: { tap(x: number, y: number): Promise<void> };
}

async function tap(page: E2EPage, x: number, y: number): Promise<void> {
  await (page.raw as TouchPage).touchscreen.tap(Math.round(x), Math.round(y));
}

/** Taps the `nth` highlighted mention whose text is `text`; returns where. */
async function tapMention(page: E2EPage, text: string, nth = 0): Promise<{ x: number; y: number }> {
  const at = await mentionCenter(page, text, nth);
  if (!at) throw new Error(`no highlighted mention "${text}" (#${nth}) to tap`);
  await tap(page, at.x, at.y);
  return at;
}

/** Taps the middle of the first line of the element `selector` (plain text, no name there). */
async function tapElement(page: E2EPage, selector: string): Promise<void> {
  const at = await page.evaluate((s) => {
    const el = document.querySelector(s);
    if (!el) return null;
    const range = document.createRange();
    range.selectNodeContents(el);
    const r = range.getClientRects()[0];
    return r ? { x: r.left + Math.min(40, r.width / 2), y: r.top + r.height / 2 } : null;
  }, selector);
  if (!at) throw new Error(`nothing to tap at ${selector}`);
  await tap(page, at.x, at.y);
}

/** How the card is drawn (the floating box's data-touch and data-sheet) and the size of each of its controls. */
function readSheet(page: E2EPage) {
  return page.evaluate(() => {
    const root = document.querySelector('[data-reader-context-ui]')?.shadowRoot;
    const floating = root?.querySelector('.rc-floating') as HTMLElement | null | undefined;
    const card = root?.querySelector('.rc-card') as HTMLElement | null | undefined;
    const controls = [...(card?.querySelectorAll('button') ?? [])]
      .filter((b) => b.getClientRects().length > 0)
      .map((b) => {
        const r = b.getBoundingClientRect();
        return {
          label: b.getAttribute('aria-label') ?? b.textContent?.trim() ?? '',
          width: r.width,
          height: r.height,
        };
      });
    return {
      touch: floating?.hasAttribute('data-touch') ?? false,
      sheet: floating?.hasAttribute('data-sheet') ?? false,
      controls,
      // The visual viewport: without a desktop scrollbar (Firefox's window has one).
      viewport: { width: visualViewport?.width ?? innerWidth, height: visualViewport?.height ?? innerHeight },
    };
  });
}

/** Taps (with a finger) the card's button with this aria-label or text. */
async function tapCardButton(page: E2EPage, label: string): Promise<void> {
  const at = await cardButtonCenter(page, label);
  await tap(page, at.x, at.y);
}

const clicksOnPage = (page: E2EPage) => page.evaluate(() => Number(document.body.dataset.clicks));

/** The top edge of the card's floating box (the sheet's top), in viewport px. */
const sheetTop = (page: E2EPage) =>
  page.evaluate(
    () =>
      document
        .querySelector('[data-reader-context-ui]')
        ?.shadowRoot?.querySelector('.rc-floating')
        ?.getBoundingClientRect().top ?? null,
  );

/**
 * Resolves once the sheet is open with the tapped name `text` clear above it and the page at rest: a name the sheet
 * would cover is scrolled above it first.
 */
async function sheetSettled(page: E2EPage, text: string, nth = 0): Promise<{ y: number; top: number }> {
  let last = Number.NaN;
  let still = 0;
  return waitFor(
    async () => {
      const at = await mentionCenter(page, text, nth);
      const top = await sheetTop(page);
      const scrollY = await page.evaluate(() => window.scrollY);
      // At rest: the same scroll position for a few polls in a row (a smooth scroll's frames can be far apart on
      // a busy machine).
      still = scrollY === last ? still + 1 : 0;
      last = scrollY;
      return at && top !== null && at.y + 10 < top && still >= 4 ? { y: at.y, top } : null;
    },
    { what: `"${text}" to clear the sheet, the page at rest` },
  );
}

/**
 * The highlighted mention lowest on the screen whose bottom is above `below` (viewport px): its text, its place
 * among mentions of that text, its centre.
 */
function lowestMention(
  page: E2EPage,
  below: number,
): Promise<{ text: string; nth: number; y: number } | null> {
  return page.evaluate((below) => {
    const all: Range[] = [];
    for (const [name, h] of CSS.highlights) {
      if (!/^reader-context-(person|place|organisation|event)$/.test(name)) continue;
      for (const r of h) {
        const live = document.createRange();
        live.setStart(r.startContainer, r.startOffset);
        live.setEnd(r.endContainer, r.endOffset);
        all.push(live);
      }
    }
    all.sort((a, b) => a.compareBoundaryPoints(Range.START_TO_START, b));
    let best: { text: string; nth: number; y: number } | null = null;
    for (const r of all) {
      const box = r.getClientRects()[0];
      if (!box || box.bottom > below || (best && box.top <= best.y)) continue;
      const text = r.toString();
      const nth = all.filter((o) => o.toString() === text).indexOf(r);
      best = { text, nth, y: box.top + box.height / 2 };
    }
    return best;
  }, below);
}

/**
 * A finger-sized target, 44 CSS px, as a box's measured size can read it: Chromium lays boxes out in 1/64 px units,
 * so a 44 px box placed at a fractional offset (the page scrolled by a fraction) can measure 43.99997.
 */
const FINGER_PX = 44 - 1 / 64;

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.close();
});

for (const target of TARGETS) {
  describe(`touch: ${target}`, () => {
    let session: BrowserSession;
    beforeAll(async () => {
      session = await launch(target, { touch: { viewport: PHONE, isMobile: true } });
    });
    afterAll(async () => {
      await session?.close();
    });

    async function openPage(path = '/touch-headlines.html'): Promise<E2EPage> {
      const page = await session.open(server.url(path));
      await waitForScan(page, { timeout: 30_000 });
      await page.bringToFront();
      // Chromium's context is a phone already; Firefox's window is made one.
      if (target !== 'chromium') await setViewport(page, PHONE.width, PHONE.height);
      return page;
    }

    it('a tap on a name opens its card at once as a bottom sheet, with targets of at least 44 px', async () => {
      const page = await openPage();
      await tapMention(page, 'Sochi');
      await waitForCard(page, 'Sochi');
      // Once it has slid in: its entrance animation moves it up from a little below.
      const card = await waitFor(
        async () => {
          const c = await readCard(page);
          const settled = await page.evaluate(() =>
            document
              .querySelector('[data-reader-context-ui]')
              ?.shadowRoot?.querySelector('.rc-card')
              ?.getAnimations()
              .every((a) => a.playState === 'finished'),
          );
          return settled ? c : null;
        },
        { what: 'the sheet to settle' },
      );
      const sheet = await readSheet(page);
      const rect = card.rect as NonNullable<CardState['rect']>;
      const where = JSON.stringify({ rect, sheet });
      expect(sheet.sheet, where).toBe(true);
      // The width of the screen, on its bottom edge, at most 70 % of its height.
      // Within a pixel: Firefox lays the sheet out on fractional pixels.
      expect(Math.abs(rect.x), where).toBeLessThanOrEqual(1);
      expect(Math.abs(rect.width - sheet.viewport.width), where).toBeLessThanOrEqual(1);
      expect(Math.abs(rect.y + rect.height - sheet.viewport.height), where).toBeLessThanOrEqual(1);
      expect(rect.height, where).toBeLessThanOrEqual(sheet.viewport.height * 0.7 + 1);
      // Close, pin, layers, "I know this one": every one a finger's size.
      const labels = sheet.controls.map((c) => c.label);
      expect(labels, where).toContain('Close card');
      expect(labels, where).toContain('I know this one');
      for (const c of sheet.controls) {
        expect(c.height, `${c.label}: ${where}`).toBeGreaterThanOrEqual(FINGER_PX);
        expect(c.width, `${c.label}: ${where}`).toBeGreaterThanOrEqual(FINGER_PX);
      }
      // The same layers as on the desktop card.
      expect(labels.some((l) => l.startsWith('Key facts')) || labels.some((l) => l.includes('facts'))).toBe(
        true,
      );
      await page.close();
    });

    it('on a page laid out wider than the phone (no viewport meta tag), the sheet still fills the screen', async () => {
      const page = await openPage('/basic.html');
      const scale = await page.evaluate(() => visualViewport?.scale ?? 1);
      // Chromium lays such a page out 980 px wide and shrinks it; Firefox's desktop build does not.
      await tapMention(page, 'Geneva');
      await waitForCard(page, 'Geneva');
      const fit = await waitFor(
        () =>
          page.evaluate(() => {
            const card = document
              .querySelector('[data-reader-context-ui]')
              ?.shadowRoot?.querySelector('.rc-card');
            const vv = visualViewport;
            if (!card || !vv || card.getAnimations().some((a) => a.playState !== 'finished')) return null;
            const r = card.getBoundingClientRect();
            const name = card.querySelector('.rc-name') as HTMLElement;
            return {
              left: r.left - vv.offsetLeft,
              right: r.right - vv.offsetLeft - vv.width,
              bottom: r.bottom - vv.offsetTop - vv.height,
              // The name's size on the screen, in the phone's own pixels.
              nameOnScreen: name.getBoundingClientRect().height * vv.scale,
              scale: vv.scale,
            };
          }),
        { what: 'the sheet to settle' },
      );
      const where = JSON.stringify({ scale, fit });
      expect(Math.abs(fit.left), where).toBeLessThan(1);
      expect(Math.abs(fit.right), where).toBeLessThan(1);
      expect(Math.abs(fit.bottom), where).toBeLessThan(1);
      // Readable at the screen's scale, not shrunk with the page: the 20 px name is at least 20 px tall.
      expect(fit.nameOnScreen, where).toBeGreaterThanOrEqual(20);
      await page.close();
    });

    it('on a tablet the tapped card stays beside the name, with the same finger-sized targets', async () => {
      const page = await openPage();
      await setViewport(page, 820, 1180);
      const at = await tapMention(page, 'Sochi');
      const card = await waitForCard(page, 'Sochi');
      const sheet = await readSheet(page);
      const rect = card.rect as NonNullable<CardState['rect']>;
      const where = JSON.stringify({ rect, sheet, at });
      expect(sheet.sheet, where).toBe(false);
      expect(sheet.touch, where).toBe(true);
      // Floating: the card's own width, just below or above the name.
      expect(rect.width, where).toBeLessThan(400);
      expect(rect.y > at.y || rect.y + rect.height < at.y, where).toBe(true);
      for (const c of sheet.controls)
        expect(c.height, `${c.label}: ${where}`).toBeGreaterThanOrEqual(FINGER_PX);
      await page.close();
    });

    it('taps inside the sheet open a layer and leave it open; its close button closes it', async () => {
      const page = await openPage();
      await tapMention(page, 'Sochi');
      await waitForCard(page, 'Sochi');
      await tapCardButton(page, 'Key facts');
      await waitFor(
        () =>
          page.evaluate(
            () =>
              document
                .querySelector('[data-reader-context-ui]')
                ?.shadowRoot?.querySelector('[data-layer="facts"] .rc-layer-button')
                ?.getAttribute('aria-expanded') === 'true',
          ),
        { what: 'the Key facts layer to open' },
      );
      // The finger lifting off the card is not the pointer leaving it: no hide grace starts.
      await pause(800);
      expect((await readCard(page)).open).toBe(true);
      await tapCardButton(page, 'Close card');
      await waitForCardClosed(page);
      await page.close();
    });

    it("the sheet's Next goes to the name's next mention and stays a sheet", async () => {
      const page = await openPage('/article.html');
      await tapMention(page, 'Sochi');
      await waitForCard(page, 'Sochi');
      const position = () =>
        page.evaluate(
          () =>
            document.querySelector('[data-reader-context-ui]')?.shadowRoot?.querySelector('.rc-mentions-pos')
              ?.textContent,
        );
      const before = await position();
      await tapCardButton(page, 'Next mention');
      await waitFor(async () => (await position()) !== before, { what: 'the stepper to move on' });
      // The page scrolls to that mention; the card stays open through the scroll, still a sheet.
      await pause(600);
      expect((await readCard(page)).open).toBe(true);
      expect((await readSheet(page)).sheet).toBe(true);
      await page.close();
    });

    it('a tap elsewhere closes the card, and that tap reaches the page', async () => {
      const page = await openPage();
      await tapMention(page, 'Kremlin');
      await waitForCard(page, 'Kremlin');
      await sheetSettled(page, 'Kremlin');
      const clicks = await clicksOnPage(page);
      // The paragraph before the name's: plain text, above the sheet.
      await tapElement(page, '#p-plain');
      await waitForCardClosed(page);
      await waitFor(async () => (await clicksOnPage(page)) === clicks + 1, { what: "the page's click" });
      await page.close();
    });

    it('a tap on plain text with no card open does nothing', async () => {
      const page = await openPage();
      const clicks = await clicksOnPage(page);
      await tapElement(page, '#p-more');
      await waitFor(async () => (await clicksOnPage(page)) === clicks + 1, { what: "the page's click" });
      await pause(300);
      expect((await readCard(page)).open).toBe(false);
      await page.close();
    });

    it('a scroll of the page closes the card', async () => {
      const page = await openPage();
      await tapMention(page, 'Sochi');
      await waitForCard(page, 'Sochi');
      // The reader's scroll, once the sheet's own (bringing the name above it) is over.
      await sheetSettled(page, 'Sochi');
      await page.evaluate(() => window.scrollBy(0, 150));
      await waitForCardClosed(page);
      await page.close();
    });

    it('the back gesture closes the card', async () => {
      const page = await openPage();
      await page.evaluate(() => history.pushState({ step: 1 }, '', '#story'));
      await tapMention(page, 'Sochi');
      await waitForCard(page, 'Sochi');
      await page.evaluate(() => history.back());
      await waitForCardClosed(page);
      await page.close();
    });

    for (const [shape, name, link] of [
      ['a heading holding a link (h3 > a)', 'Putin', 'telegraph'],
      ['a link holding the teaser (a > div > article > h2)', 'Lukashenko', 'nyt'],
      ['a link with a stretched box before its text (h3 > a > u + div)', 'Minsk', 'yahoo'],
    ] as const) {
      it(`a name in ${shape}: the first tap previews, the second follows the link`, async () => {
        const page = await openPage();
        const url = await page.url();
        const clicks = await clicksOnPage(page);
        await tapMention(page, name);
        await waitForCard(page);
        // The click of the first tap was the preview's: no navigation, and the page's handlers did not get it.
        await pause(500);
        expect(await page.url()).toBe(url);
        expect(await clicksOnPage(page)).toBe(clicks);
        await tapMention(page, name);
        await waitFor(async () => (await page.url()).endsWith(`/basic.html?from=${link}`), {
          what: `the ${link} link to be followed`,
          timeout: 15_000,
        });
        await page.close();
      });
    }

    it('a name the sheet would cover is scrolled above it, and the second tap follows its link', async () => {
      const page = await openPage();
      // Room above and below the headlines, and the Minsk headline low on the screen, where the sheet goes.
      await page.evaluate((height) => {
        for (const end of ['prepend', 'append'] as const) {
          const room = document.createElement('div');
          room.style.height = `${height}px`;
          document.body[end](room);
        }
        const r = document.getElementById('link-yahoo')?.getBoundingClientRect();
        if (r) window.scrollBy(0, r.top - height * 0.85);
      }, PHONE.height);
      const url = await page.url();
      const first = await tapMention(page, 'Minsk');
      expect(first.y).toBeGreaterThan(PHONE.height * 0.7);
      await waitForCard(page, 'Minsk');
      // The first tap's click was the preview's.
      expect(await page.url()).toBe(url);
      const clear = await sheetSettled(page, 'Minsk');
      expect((await readCard(page)).open, JSON.stringify(clear)).toBe(true);
      await tapMention(page, 'Minsk');
      await waitFor(async () => (await page.url()).endsWith('/basic.html?from=yahoo'), {
        what: 'the yahoo link to be followed',
        timeout: 15_000,
      });
      await page.close();
    });

    it('on a page too short to scroll, the sheet makes way for a name low on the screen', async () => {
      const page = await openPage('/article.html');
      // Under where a sheet of its full height (70 % of the screen) starts, above where a third of it would.
      const low = await lowestMention(page, PHONE.height * 0.7 - 20);
      if (!low) throw new Error('no highlighted mention on screen');
      expect(low.y).toBeGreaterThan(PHONE.height * 0.3 + 20);
      await tapMention(page, low.text, low.nth);
      await waitForCard(page);
      const clear = await sheetSettled(page, low.text, low.nth);
      // Shorter than its tallest (70 % of the screen), not shorter than a third of it.
      const height = PHONE.height - clear.top;
      expect(height, JSON.stringify(clear)).toBeGreaterThanOrEqual(PHONE.height * 0.3 - 1);
      await page.close();
    });

    it('a tap on a link where no name is follows it at once', async () => {
      const page = await openPage();
      // "Watch:" opens the Telegraph headline; no name there.
      const at = await page.evaluate(() => {
        const r = document.getElementById('link-telegraph')?.getClientRects()[0];
        return r ? { x: r.left + 12, y: r.top + r.height / 2 } : null;
      });
      if (!at) throw new Error('no link');
      await tap(page, at.x, at.y);
      await waitFor(async () => (await page.url()).endsWith('/basic.html?from=telegraph'), {
        what: 'the link to be followed',
        timeout: 15_000,
      });
      await page.close();
    });

    it('the mouse on the same touch screen still hovers: a floating card after the dwell', async () => {
      const page = await openPage();
      const at = await mentionCenter(page, 'Sochi');
      if (!at) throw new Error('no Sochi');
      await mouseMove(page, 2, 2, 1);
      await mouseMove(page, at.x, at.y, 3);
      await waitForCard(page, 'Sochi');
      const sheet = await readSheet(page);
      expect(sheet.sheet).toBe(false);
      expect(sheet.touch).toBe(false);
      await page.close();
    });

    it('screenshots: the bottom sheet on a light and a dark page (docs/screenshots)', async () => {
      const { dir, suffix } = screenshotPlace(target);
      for (const [path, scheme] of [
        ['/article.html', 'light'],
        ['/dark.html', 'dark'],
      ] as const) {
        const page = await openPage(path);
        await reduceMotion(page);
        await tapMention(page, 'Alexander Lukashenko');
        await waitForCard(page, 'Alexander Lukashenko');
        await pause(400);
        const shot = page.raw as { screenshot(o: { path: string }): Promise<unknown> };
        await shot.screenshot({ path: join(dir, `sheet-${scheme}${suffix}.png`) });
        expect((await readCard(page)).open).toBe(true);
        await page.close();
      }
    });
  });
}
