/**
 * What one change of the page costs its next frame once highlights are registered:
 * `npx tsx scripts/bench/repaint-probe.ts [size=5m] [trials=6] [reveal|ticker|ticker-mark|all]`. No extension: the
 * page itself registers N ranges over its first text nodes in one `Highlight`, then makes one change and reads the
 * rendering work of each frame after it (requestAnimationFrame → a message posted from it). Three changes:
 * `reveal`, an attribute that makes a fixed, composited box in a shadow root opaque (as the card is revealed);
 * `ticker`, a line appended to a fixed strip (as the bench's ticker does); `ticker-mark`, the same line with a range
 * of it added to the highlight (as the extension marks the name in it). Cases in turn, a fresh tab each; prints the
 * median and every trial of the largest frame after the change. It separates Chromium's share of the bench's hover and ticker figures from the
 * extension's (docs/PERFORMANCE.md, "Caveats for reading the table").
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { findBrowsers } from '@/scripts/find-browsers';
import { syntheticKnowledge } from '@/scripts/lib/synthetic';
import { CHROMIUM_DISABLE_FEATURES_ARG, CHROMIUM_QUIET_ARGS } from '@/tests/e2e/harness/chromium';
import { startServer } from '@/tests/e2e/harness/server';
import { inPage } from './browser';
import { REPO_ROOT } from './builds';
import { syntheticPages } from './pages';
import { stat } from './report';

interface Case {
  id: string;
  ranges: number;
  kind: 'Range' | 'StaticRange';
  change: 'reveal' | 'ticker' | 'ticker-mark';
}
const CASES: Case[] = (['reveal', 'ticker', 'ticker-mark'] as const).flatMap((change) => [
  { id: `${change}, no highlights`, ranges: 0, kind: 'Range' as const, change },
  { id: `${change}, 1 Range`, ranges: 1, kind: 'Range' as const, change },
  { id: `${change}, 8 Ranges`, ranges: 8, kind: 'Range' as const, change },
  { id: `${change}, 28 Ranges`, ranges: 28, kind: 'Range' as const, change },
  { id: `${change}, 72 Ranges`, ranges: 72, kind: 'Range' as const, change },
  { id: `${change}, 200 Ranges`, ranges: 200, kind: 'Range' as const, change },
  { id: `${change}, 72 StaticRanges`, ranges: 72, kind: 'StaticRange' as const, change },
]);

/** In the page: register the ranges, let the page settle, make the change, return each frame's start and work (ms). */
async function probe(c: Case): Promise<[number, number][]> {
  if (c.ranges > 0) {
    const style = document.createElement('style');
    style.textContent = '::highlight(probe) { background-color: rgba(255, 220, 0, 0.35); }';
    document.head.append(style);
    const h = new Highlight();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    let n = 0;
    for (let node = walker.nextNode(); node && n < c.ranges; node = walker.nextNode()) {
      const text = node as Text;
      if (text.data.length < 12) continue;
      if (c.kind === 'StaticRange')
        h.add(new StaticRange({ startContainer: text, startOffset: 2, endContainer: text, endOffset: 9 }));
      else {
        const r = new Range();
        r.setStart(text, 2);
        r.setEnd(text, 9);
        h.add(r);
      }
      n++;
    }
    CSS.highlights.set('probe', h);
  }
  // Like the extension's host: a fixed 0×0 contained box, the card a composited layer of its own, transparent.
  const host = document.createElement('div');
  host.style.cssText =
    'all: initial; position: fixed; inset: 0 auto auto 0; width: 0; height: 0; display: block; ' +
    'z-index: 2147483647; contain: size layout style';
  document.documentElement.append(host);
  const root = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent =
    '.box { position: fixed; top: 100px; left: 100px; width: 360px; padding: 12px; background: #fff; ' +
    'border: 1px solid #ccc; font: 14px sans-serif; will-change: transform, opacity; opacity: 0; } ' +
    '.box[data-shown] { opacity: 1; }';
  const box = document.createElement('div');
  box.className = 'box';
  box.textContent = 'Card text. '.repeat(60);
  root.append(style, box);
  const strip = document.createElement('div');
  strip.style.cssText =
    'position: fixed; left: 0; right: 0; bottom: 0; height: 3.6em; overflow: hidden; background: #fff; font: 14px sans-serif';
  strip.textContent = 'Breaking: the first line.';
  document.body.append(strip);
  for (let i = 0; i < 10; i++) await new Promise((r) => requestAnimationFrame(r));
  await new Promise((r) => setTimeout(r, 200));
  const frames: [number, number][] = [];
  let running = true;
  const loop = () => {
    if (!running) return;
    const start = performance.now();
    const ch = new MessageChannel();
    ch.port1.onmessage = () => frames.push([start, performance.now() - start]);
    ch.port2.postMessage(0);
    requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
  await new Promise((r) => setTimeout(r, 100));
  const at = performance.now();
  if (c.change === 'reveal') box.setAttribute('data-shown', '');
  else {
    const line = document.createElement('div');
    line.textContent = 'Breaking: another line.';
    strip.append(line);
    if (c.change === 'ticker-mark') {
      // As the extension marks the name in the new line: one more range, in the highlight the page's ranges are in.
      const h = CSS.highlights.get('probe') ?? new Highlight();
      const r = new Range();
      r.setStart(line.firstChild as Text, 10);
      r.setEnd(line.firstChild as Text, 17);
      h.add(r);
      if (!CSS.highlights.has('probe')) CSS.highlights.set('probe', h);
    }
  }
  await new Promise((r) => setTimeout(r, 80));
  running = false;
  // Frames from the change on (the change runs in a task between frames, so none of them began before it).
  return frames.filter(([start]) => start >= at).map(([start, work]) => [start - at, work]);
}

async function main() {
  const [size = '5m', trialsArg = '6', only = 'all'] = process.argv.slice(2);
  const trials = Number(trialsArg);
  if (!Number.isInteger(trials) || trials < 1)
    throw new Error(`trials must be a whole number, not "${trialsArg}"`);
  const cases = CASES.filter((c) => only === 'all' || c.change === only);
  if (cases.length === 0) throw new Error(`unknown change "${only}"; use reveal, ticker, ticker-mark or all`);
  const [page] = syntheticPages(
    [size],
    JSON.parse(readFileSync(join(REPO_ROOT, 'data/knowledge.json'), 'utf8')),
    syntheticKnowledge(10_000),
  );
  if (!page) throw new Error(`no page of size ${size}`);
  const server = await startServer(join(REPO_ROOT, '.bench'));
  server.route(page.path, { body: page.html, headers: {} });
  const browser = await chromium.launch({
    executablePath: findBrowsers({ install: false }).chromium,
    headless: true,
    args: ['--headless=new', ...CHROMIUM_QUIET_ARGS, CHROMIUM_DISABLE_FEATURES_ARG],
  });
  const worst = new Map<string, number[]>();
  try {
    for (let t = 0; t < trials; t++) {
      for (const c of cases) {
        const tab = await browser.newPage({ viewport: { width: 1280, height: 800 } });
        await tab.goto(server.url(page.path, 'ip'), { waitUntil: 'load' });
        const frames = await inPage(tab, probe, c);
        const list = worst.get(c.id) ?? [];
        list.push(Math.max(0, ...frames.map(([, work]) => work)));
        worst.set(c.id, list);
        await tab.close();
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  console.log(`${page.id}, ${trials} trials: largest frame after the change, ms (median; all trials)`);
  for (const [id, list] of worst) {
    const median = stat(list)?.median ?? Number.NaN;
    console.log(
      `  ${id.padEnd(24)} ${median.toFixed(1).padStart(5)}   ${list.map((v) => v.toFixed(1)).join(' ')}`,
    );
  }
}

await main();
