/**
 * `npm run store:images`: the store's screenshots and promo tile, taken from real runs of the built Chrome
 * extension (.output/chrome-mv3) with the end-to-end harness, into store/images/:
 * - card-light.png, card-dark.png (1280×800): a name hovered with the mouse on the e2e article pages;
 * - popup.png (1280×800): the popup, rendered at its own size for the article's tab, placed over that tab as the
 *   toolbar shows it (headless Chromium has no toolbar to open it from);
 * - options.png (1280×800): the options page;
 * - touch.png (1280×800): a name tapped on a phone-sized touch screen, light and dark, the card as a bottom sheet;
 * - promo-tile.png (440×280): the icon, name and tagline, laid out in a page and screenshot.
 * Needs Chromium (CHROMIUM_PATH or the standard paths; `npm run test:e2e` installs it on Debian as root) and a
 * build (`npm run build`).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import {
  type BrowserSession,
  cleanupAll,
  type E2EPage,
  launch,
  REPO_ROOT,
  startServer,
  type TestServer,
  waitForScan,
} from '@/tests/e2e/harness';
import { hoverMention, mentionCenter } from '@/tests/e2e/harness/page-tools';

const OUT = join(REPO_ROOT, 'store/images');
const SCREEN = { width: 1280, height: 800 };
const TILE = { width: 440, height: 280 };
/** Chrome's toolbar popup is at most 800×600. */
const POPUP_MAX = { width: 800, height: 600 };
/** The popup's width in its stylesheet (components/popup.css, `.rc-popup`). */
const POPUP_WIDTH = 360;

const raw = (page: E2EPage): Page => page.raw as Page;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const dataUrl = (png: Buffer): string => `data:image/png;base64,${png.toString('base64')}`;
const messages = JSON.parse(
  readFileSync(join(REPO_ROOT, 'public/_locales/en/messages.json'), 'utf8'),
) as Record<string, { message: string }>;

async function articleTab(
  session: BrowserSession,
  server: TestServer,
  path: string,
  dark = false,
): Promise<E2EPage> {
  const page = await session.open(server.url(path));
  await raw(page).setViewportSize(SCREEN);
  await raw(page).emulateMedia({ reducedMotion: 'reduce', colorScheme: dark ? 'dark' : 'light' });
  await waitForScan(page, { timeout: 30_000 });
  return page;
}

/** A name hovered with the mouse until its card is open, the whole viewport captured. */
async function card(
  session: BrowserSession,
  server: TestServer,
  path: string,
  dark: boolean,
): Promise<Buffer> {
  const page = await articleTab(session, server, path, dark);
  await hoverMention(page, 'Alexander Lukashenko');
  // The pointer rests on the name (the card stays); a moment for fonts and the card's arrow.
  await pause(400);
  const png = await raw(page).screenshot();
  await page.close();
  return png;
}

/** The popup at its own size, for the article's tab, placed over that tab below where the toolbar button is. */
async function popup(session: BrowserSession, server: TestServer): Promise<Buffer> {
  const article = await articleTab(session, server, '/article.html');
  const tabId = await session.tabIdOf(article);
  const behind = await raw(article).screenshot();
  const view = await session.openPopup(tabId);
  await view.waitForSelector('h1', { timeout: 20_000 });
  // A toolbar popup takes the width its document asks for, up to 800 px: lay it out at its stylesheet's width,
  // then widen the view to what the content actually spans (scrollWidth), as the browser would.
  await raw(view).setViewportSize({ width: POPUP_WIDTH, height: POPUP_MAX.height });
  await raw(view).emulateMedia({ reducedMotion: 'reduce' });
  await pause(400);
  const wants = await raw(view).evaluate(() => ({
    width: document.documentElement.scrollWidth,
    height: document.documentElement.scrollHeight,
  }));
  const width = Math.min(wants.width, POPUP_MAX.width);
  if (width !== POPUP_WIDTH)
    console.warn(`  note: the popup's content spans ${wants.width} px, not ${POPUP_WIDTH}`);
  await raw(view).setViewportSize({ width, height: POPUP_MAX.height });
  await pause(200);
  const shot = await raw(view).screenshot({
    clip: { x: 0, y: 0, width, height: Math.min(wants.height, POPUP_MAX.height) },
  });
  await view.close();
  await article.close();
  return compose(
    session,
    SCREEN,
    `<img src="${dataUrl(behind)}" style="position:absolute;inset:0">
     <img src="${dataUrl(shot)}" style="position:absolute;top:8px;right:16px;border:1px solid #c8ccd2;
       border-radius:8px;box-shadow:0 6px 24px rgba(0,0,0,.28)">`,
  );
}

/** A phone: the same name tapped on a light and a dark page, each card a bottom sheet, side by side. */
async function touch(server: TestServer, compositor: BrowserSession): Promise<Buffer> {
  const phone = { width: 390, height: 844 };
  const session = await launch('chromium', { touch: { viewport: phone, isMobile: true } });
  const shots: Buffer[] = [];
  try {
    for (const [path, dark] of [
      ['/article.html', false],
      ['/dark.html', true],
    ] as const) {
      const page = await session.open(server.url(path));
      await raw(page).emulateMedia({ reducedMotion: 'reduce', colorScheme: dark ? 'dark' : 'light' });
      await waitForScan(page, { timeout: 30_000 });
      const at = await mentionCenter(page, 'Alexander Lukashenko');
      if (!at) throw new Error('no mention to tap');
      await raw(page).touchscreen.tap(Math.round(at.x), Math.round(at.y));
      await pause(800);
      shots.push(await raw(page).screenshot());
      await page.close();
    }
  } finally {
    await session.close();
  }
  // Each phone at 90% of the picture's height, centred side by side on a quiet background.
  const height = Math.round(SCREEN.height * 0.9);
  const width = Math.round((phone.width * height) / phone.height);
  const phones = shots
    .map(
      (png) => `<img src="${dataUrl(png)}" width="${width}" height="${height}"
        style="border:1px solid #c8ccd2;border-radius:18px;box-shadow:0 6px 24px rgba(0,0,0,.22)">`,
    )
    .join('');
  return compose(
    compositor,
    SCREEN,
    `<div style="height:100%;display:flex;align-items:center;justify-content:center;gap:64px;
       background:linear-gradient(160deg,#f7f8fa,#e6ebf2)">${phones}</div>`,
  );
}

async function options(session: BrowserSession): Promise<Buffer> {
  const page = await session.openOptions();
  await raw(page).setViewportSize(SCREEN);
  await raw(page).emulateMedia({ reducedMotion: 'reduce' });
  await page.waitForSelector('fieldset, form, input', { timeout: 20_000 });
  await pause(300);
  const png = await raw(page).screenshot();
  await page.close();
  return png;
}

function promoTile(session: BrowserSession): Promise<Buffer> {
  const icon = readFileSync(join(REPO_ROOT, 'public/icon/128.png'));
  const name = messages.extName?.message ?? 'Reader Context';
  const tagline = messages.extDescription?.message ?? '';
  return compose(
    session,
    TILE,
    `<div style="box-sizing:border-box;height:100%;padding:28px 30px;display:flex;flex-direction:column;
       justify-content:center;gap:14px;background:linear-gradient(160deg,#f7f8fa,#e6ebf2);
       font:16px/1.35 system-ui,sans-serif;color:#1b1f24">
       <div style="display:flex;align-items:center;gap:16px">
         <img src="${dataUrl(icon)}" width="72" height="72">
         <div style="font-size:32px;font-weight:700;letter-spacing:-.01em">${name}</div>
       </div>
       <div style="font-size:19px;color:#39424e">${tagline}</div>
     </div>`,
  );
}

/** A page of the given size with `body` as its content, screenshot. */
async function compose(
  session: BrowserSession,
  size: { width: number; height: number },
  body: string,
): Promise<Buffer> {
  const page = await session.open('about:blank');
  await raw(page).setViewportSize(size);
  await raw(page).setContent(
    `<!doctype html><meta charset="utf-8"><body style="margin:0;position:relative;width:${size.width}px;
      height:${size.height}px;overflow:hidden">${body}</body>`,
    { waitUntil: 'load' },
  );
  const png = await raw(page).screenshot();
  await page.close();
  return png;
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const server = await startServer();
  const session = await launch('chromium');
  const save = (file: string, png: Buffer) => {
    writeFileSync(join(OUT, file), png);
    console.log(`  store/images/${file}`);
  };
  try {
    save('card-light.png', await card(session, server, '/article.html', false));
    save('card-dark.png', await card(session, server, '/dark.html', true));
    save('popup.png', await popup(session, server));
    save('options.png', await options(session));
    save('touch.png', await touch(server, session));
    save('promo-tile.png', await promoTile(session));
  } finally {
    await session.close();
    await server.close();
    cleanupAll();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  cleanupAll();
  process.exit(1);
});
