/**
 * `npx tsx scripts/bench/memory.ts`: the reading memory with 5,000 remembered pages, in headless Chromium with the
 * built extension (.output/chrome-mv3; run `npm run build` first). Prints figures; asserts nothing.
 *
 * It fills the store with BENCH_MEMORY_PAGES synthetic pages (each naming Lukashenko with a sentence), turns the
 * memory on, opens an article and, BENCH_MEMORY_TRIALS times in fresh tabs, rests the pointer on his name until
 * the card opens and then opens "In your reading" with the real mouse. Per trial:
 * - memory round trip: the content script's `memory:entity` request to its answer (the User Timing measure
 *   `reader-context:memory`, written with the test hooks on); the first trial includes the background reading
 *   and parsing the store;
 * - section render: from the click to the section's content in the card (a MutationObserver on the card's open
 *   shadow root), and whether it was there by the next animation frame.
 *
 * Environment: BENCH_MEMORY_PAGES=5000, BENCH_MEMORY_TRIALS=5, CHROMIUM_PATH.
 */
import { stat } from '@/scripts/bench/report';
import { launch, startServer, waitForScan } from '@/tests/e2e/harness';
import { cleanupAll } from '@/tests/e2e/harness/cleanup';
import { writeStoredSettings } from '@/tests/e2e/harness/extension-ui';
import { hoverMention, mouseClick, mouseMove, setStorage } from '@/tests/e2e/harness/page-tools';

const PAGES = Number(process.env.BENCH_MEMORY_PAGES ?? 5000);
const TRIALS = Number(process.env.BENCH_MEMORY_TRIALS ?? 5);
const DAY = 24 * 60 * 60 * 1000;

const ARTICLE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bench</title></head>
<body><article><h1>Minsk today</h1><p>Alexander Lukashenko spoke in Minsk on Monday. Vladimir Putin listened.</p>
</article></body></html>`;

function syntheticMemory(n: number, now: number) {
  const pages = [];
  for (let i = 0; i < n; i++) {
    const site = `site-${i % 200}.example`;
    pages.push({
      url: `https://www.${site}/news/${i}`,
      title: `Synthetic article ${i} about Belarus and its neighbours`,
      site,
      date: '2026-12-01',
      dated: 'published',
      // Within the default 90 days, newest first.
      seenAt: now - Math.floor((i / n) * 80 * DAY),
      entities: [
        {
          id: 'lukashenko',
          count: 3,
          sentence: `Alexander Lukashenko said ${i} things about the talks, the border and the economy.`,
        },
        { id: 'putin', count: 1, sentence: `Vladimir Putin answered in article ${i}.` },
      ],
    });
  }
  return { v: 1, pages };
}

async function main(): Promise<void> {
  const server = await startServer();
  server.route('/bench-memory.html', { body: ARTICLE });
  const session = await launch('chromium');
  try {
    const memory = syntheticMemory(PAGES, Date.now());
    await setStorage(session, { memory });
    await writeStoredSettings(session, { memory: true });
    console.log(`memory: ${PAGES} pages, ${(JSON.stringify(memory).length / 1e6).toFixed(2)} MB as JSON`);
    const roundTrips: number[] = [];
    const renders: number[] = [];
    let inNextFrame = 0;
    for (let trial = 0; trial < TRIALS; trial++) {
      const page = await session.open(server.url('/bench-memory.html', 'a'));
      await waitForScan(page, { timeout: 30_000 });
      await page.bringToFront();
      await hoverMention(page, 'Alexander Lukashenko');
      const trip = await page.evaluate(() =>
        performance.getEntriesByName('reader-context:memory', 'measure').map((m) => m.duration),
      );
      roundTrips.push(...trip);
      // Watch for the section's content, and for the first frame after the click.
      const at = await page.evaluate(() => {
        const root = document.querySelector('[data-reader-context-ui]')?.shadowRoot as ShadowRoot;
        const w = window as unknown as { __bench: { click?: number; shown?: number; frame?: number } };
        w.__bench = {};
        document.addEventListener(
          'click',
          () => {
            w.__bench.click = performance.now();
            requestAnimationFrame(() => {
              w.__bench.frame = performance.now();
            });
          },
          { capture: true, once: true },
        );
        new MutationObserver((_, obs) => {
          if (root.querySelector('.rc-reading li')) {
            w.__bench.shown = performance.now();
            obs.disconnect();
          }
        }).observe(root, { subtree: true, childList: true });
        const button = [...root.querySelectorAll('.rc-layer-button')].find(
          (b) => b.querySelector('.rc-layer-label')?.textContent === 'In your reading',
        );
        button?.scrollIntoView({ block: 'nearest' });
        const r = button?.getBoundingClientRect();
        return r ? { x: r.left + r.width / 2, y: r.top + r.height / 2 } : null;
      });
      if (!at) throw new Error('no "In your reading" layer on the card');
      await mouseMove(page, at.x, at.y, 3);
      await mouseClick(page, at.x, at.y);
      await new Promise((r) => setTimeout(r, 300));
      const b = await page.evaluate(
        () => (window as unknown as { __bench: { click?: number; shown?: number; frame?: number } }).__bench,
      );
      if (b.click !== undefined && b.shown !== undefined) {
        renders.push(b.shown - b.click);
        if (b.frame !== undefined && b.shown <= b.frame) inNextFrame++;
      }
      await page.close();
    }
    const fmt = (xs: number[]) => {
      const s = stat(xs);
      return s
        ? `median ${s.median.toFixed(1)} ms (${s.min.toFixed(1)}–${s.max.toFixed(1)}, n=${s.n})`
        : 'n/a';
    };
    console.log(
      `memory:entity round trip: ${fmt(roundTrips)}; first (cold store): ${roundTrips[0]?.toFixed(1)} ms`,
    );
    console.log(`"In your reading" click → content: ${fmt(renders)}`);
    console.log(`content there by the next frame: ${inNextFrame} of ${renders.length} trials`);
  } finally {
    await session.close();
    await server.close();
    cleanupAll();
  }
}

await main();
