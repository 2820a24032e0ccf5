/**
 * Renders assets/icon.svg to the PNG sizes the stores and browsers ask for, public/icon/<size>.png, with headless
 * Chromium (playwright-core; the browser comes from scripts/find-browsers.ts). WXT puts public/icon/*.png into the
 * manifest's `icons` by itself. Run after changing the SVG: `npm run icons`, then commit the PNGs.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { REPO_ROOT } from '@/tests/e2e/harness/paths';
import { findBrowsers } from './find-browsers';

export const ICON_SIZES = [16, 32, 48, 96, 128] as const;

async function main(): Promise<void> {
  const svg = readFileSync(join(REPO_ROOT, 'assets/icon.svg'), 'utf8');
  const outDir = join(REPO_ROOT, 'public/icon');
  mkdirSync(outDir, { recursive: true });
  const browser = await chromium.launch({
    executablePath: findBrowsers().chromium,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  try {
    for (const size of ICON_SIZES) {
      const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
      const dataUrl = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
      await page.setContent(
        `<!doctype html><style>html,body{margin:0;background:transparent}img{display:block}</style>` +
          `<img src="${dataUrl}" width="${size}" height="${size}">`,
      );
      await page.waitForFunction(() => document.images[0]?.complete);
      const png = await page.screenshot({
        omitBackground: true,
        clip: { x: 0, y: 0, width: size, height: size },
      });
      writeFileSync(join(outDir, `${size}.png`), png);
      console.log(`public/icon/${size}.png  ${png.length} bytes`);
      await page.close();
    }
  } finally {
    await browser.close();
  }
}

await main();
