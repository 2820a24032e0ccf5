/**
 * One Chromium per contestant (kept open for the whole run; each trial is a fresh tab), and the trial itself:
 * load a page, let the contestant highlight it, then read the figures.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type BrowserContext, type CDPSession, chromium, type Page } from 'playwright-core';
import { BASE_SCHEME, BASE_STYLE, highlightCss, highlightName } from '@/content/highlight-css';
import { MAX_REGISTERED, WINDOW_ABOVE, WINDOW_BELOW } from '@/content/highlight-window';
import { HOST_CSS } from '@/content/host-css';
import { LOOK_TIME_KEY, type LookTime } from '@/core/bench';
import { CHROMIUM_DISABLE_FEATURES_ARG, CHROMIUM_QUIET_ARGS } from '@/tests/e2e/harness/chromium';
import { destroyDir, makeProfileDir } from '@/tests/e2e/harness/cleanup';
import { REPO_ROOT } from './builds';
import { FRAME_MS, framesLate } from './report';
import { type ExtensionTime, extensionTime, startTrace, stopTrace } from './trace';

/**
 * `floor`: no extension; the page itself marks the names near its viewport with the CSS Custom Highlight API, in the
 * extension's default look, marks the name in each ticker line as the extension would, and reveals a card-sized box
 * after the dwell on a name: what the browser charges for highlights and a card alone, with no extension code at
 * all (docs/PERFORMANCE.md, the ticker and card targets).
 */
export type ContestantKind = 'none' | 'extension' | 'markjs' | 'floor';

export interface Contestant {
  id: string;
  label: string;
  kind: ContestantKind;
  /** Unpacked extension directory (kind 'extension'). */
  extensionDir?: string;
  /** Knowledge file: reference mentions (extension) or names to mark (mark.js). */
  knowledgeFile?: string;
  /** mark.js and the floor: the names they mark. */
  names?: string[];
}

export interface Running {
  contestant: Contestant;
  context: BrowserContext;
  extensionId: string | null;
  version: string;
  close(): Promise<void>;
}

/** The floor's highlight: one of the extension's names, so its default look applies and the counts find it. */
const FLOOR_HIGHLIGHT = highlightName('person');
/** At most as many ranges as the extension registers at once (MAX_REGISTERED, content/highlight-window.ts). */
const FLOOR_MAX_RANGES = MAX_REGISTERED;

/** The hover probe sets the reader's dwell to the options' minimum through storage. */
export const BENCH_DWELL_MS = 150;

const MARK_JS = readFileSync(join(REPO_ROOT, 'node_modules/mark.js/dist/mark.min.js'), 'utf8');

export async function launchContestant(contestant: Contestant, executablePath: string): Promise<Running> {
  const profile = makeProfileDir(`bench-${contestant.id}`);
  const ext = contestant.extensionDir;
  const args = [
    '--headless=new',
    ...CHROMIUM_QUIET_ARGS,
    // Saved real pages point at image and font hosts: none of that resolves, so nothing waits on the network.
    '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    CHROMIUM_DISABLE_FEATURES_ARG,
    ...(ext ? [`--disable-extensions-except=${ext}`, `--load-extension=${ext}`] : []),
  ];
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      args,
      viewport: { width: 1280, height: 800 },
      // The hover probe counts a card as painted when it is drawn in full, not at the first frame of a fade-in.
      reducedMotion: 'reduce',
    });
  } catch (error) {
    destroyDir(profile);
    throw error;
  }
  let extensionId: string | null = null;
  if (ext) {
    const worker =
      context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
    extensionId = new URL(worker.url()).host;
    // Give the background a moment to finish its install work, then set the dwell and read it back.
    await new Promise((r) => setTimeout(r, 500));
    const stored = await inPage(
      worker,
      async (dwellMs: number) => {
        type Local = { set(v: object): Promise<void>; get(k: string): Promise<Record<string, unknown>> };
        const local = (globalThis as unknown as { chrome: { storage: { local: Local } } }).chrome.storage
          .local;
        const current = ((await local.get('settings')).settings ?? {}) as Record<string, unknown>;
        // No testHooks switch: the bench's builds have the hooks on without it (extension/test-hooks.ts).
        await local.set({ settings: { ...current, dwellMs } });
        return (await local.get('settings')).settings as { dwellMs?: number };
      },
      BENCH_DWELL_MS,
    );
    if (stored?.dwellMs !== BENCH_DWELL_MS)
      throw new Error(`could not set dwellMs: ${JSON.stringify(stored)}`);
  }
  for (const p of context.pages()) await p.close().catch(() => {});
  const version = context.browser()?.version() ?? 'unknown';
  return {
    contestant,
    context,
    extensionId,
    version,
    close: async () => {
      try {
        await Promise.race([context.close(), new Promise((r) => setTimeout(r, 10_000))]);
      } finally {
        destroyDir(profile);
      }
    },
  };
}

export interface TrialResult {
  page: string;
  contestant: string;
  trial: number;
  /** Time until every mention is highlighted (see docs/PERFORMANCE.md for the definition), ms. */
  fullMs: number | null;
  /** Reader Context: the initial scan measure's own duration (first slice to last), ms. */
  scanMs: number | null;
  mainThreadMs: number | null;
  longestTaskMs: number | null;
  /** The largest per-task extension CPU (thread) time, ms. */
  longestCpuMs?: number | null;
  /** What the longest task held (trace event names and ms). */
  longestWhat?: string;
  longTasks: number | null;
  /** CPU of the browser's own WebUI renderers inside the full-highlight window, ms (ExtensionTime.browserUiCpuMs). */
  browserUiCpuMs?: number;
  /**
   * The time the extension's background spent in its first look for this page (core/bench.ts), ms: work done off
   * the page's thread, not in `mainThreadMs`. Its own time only: not the message's delivery.
   */
  backgroundMs?: number;
  /** Reader Context: the measure's detail.longestSliceMs (the slice runner's own clock). */
  longestSliceMs: number | null;
  nodes: number;
  heapUsed: number;
  mentions: number | null;
  registered: number | null;
  tickerFrameMs: number | null;
  tickerSyncMs: number | null;
  hoverMs: number | null;
  hoverSeenMs: number | null;
  /**
   * Frames drawn without the card once the dwell was over, before the one that drew it: 0 when the card is in the
   * first frame after the dwell, however long the page's frames take to draw; every frame after the dwell where the
   * card was not drawn within the probe's 5 s.
   */
  hoverFramesLate: number | null;
  error?: string;
  capped?: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The time the extension's background has spent in its first look (core/bench.ts), or null where no background is
 * running or it keeps no count.
 */
async function lookTime(run: Running): Promise<LookTime | null> {
  const worker = run.context.serviceWorkers()[0];
  if (!worker) return null;
  try {
    return await inPage(
      worker,
      (key: string) =>
        ((globalThis as unknown as Record<string, LookTime | undefined>)[key] ?? null) as LookTime | null,
      LOOK_TIME_KEY,
    );
  } catch {
    // Stopped between the list and the call.
    return null;
  }
}

/**
 * Runs `fn(arg)` in the page (or worker) from its source text. tsx compiles with esbuild's keepNames, which wraps
 * inner functions in a `__name(…)` helper the page does not have; the expression supplies a no-op one.
 */
export function inPage<R, A>(
  target: { evaluate(expression: string): Promise<unknown> },
  fn: (arg: A) => R | Promise<R>,
  arg?: A,
): Promise<R> {
  const expression = `(() => { const __name = (f) => f; return (${fn.toString()})(${arg === undefined ? '' : JSON.stringify(arg)}); })()`;
  return target.evaluate(expression) as Promise<R>;
}

/**
 * The page's main world through the trial's own DevTools session, for the calls made while the page is traced: a
 * Playwright `evaluate` first injects its utility script into the page (about 13 KB to parse), which would land in
 * the middle of the extension's first scan and count in its full-highlight time.
 */
function viaCdp(cdp: CDPSession): { evaluate(expression: string): Promise<unknown> } {
  return {
    async evaluate(expression) {
      const r = await cdp.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
      if (r.exceptionDetails)
        throw new Error(
          `in the page: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`,
        );
      return r.result.value;
    },
  };
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new TimeoutError(`${what}: no result after ${ms / 1000} s`)), ms);
    }),
  ]);
}

export class TimeoutError extends Error {}

/** Every node of the document, open shadow roots included (the extension's host is open). */
function countNodes(): number {
  const count = (root: Node): number => {
    let n = 0;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_ALL);
    for (let node: Node | null = walker.currentNode; node; node = walker.nextNode()) {
      n++;
      const sr = (node as Element).shadowRoot;
      if (sr) n += count(sr);
    }
    return n;
  };
  return count(document);
}

function registeredRanges(): number {
  let n = 0;
  for (const [name, h] of CSS.highlights) {
    if (name.startsWith('reader-context-') && !/-(active|flash)$/.test(name)) n += h.size;
  }
  return n;
}

/**
 * The floor's marking: every occurrence of `names` in the drawn text near the viewport (the extension's window,
 * `above` and `below` it in screens), at most `max` ranges, in one highlight styled by `css`, as the extension
 * registers them. Returns how many ranges it registered.
 */
function markNear({
  names,
  css,
  highlight,
  max,
  above,
  below,
}: {
  names: string[];
  css: string;
  highlight: string;
  max: number;
  above: number;
  below: number;
}): number {
  const style = document.createElement('style');
  style.textContent = css;
  document.head.append(style);
  const h = new Highlight();
  CSS.highlights.set(highlight, h);
  const top = -above * innerHeight;
  const bottom = (1 + below) * innerHeight;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node && h.size < max; node = walker.nextNode()) {
    const text = node as Text;
    const box = text.parentElement?.getBoundingClientRect();
    // Hidden text (a collapsed section has no box) is not marked: the extension registers no range there.
    if (!box || box.bottom < top || (box.width === 0 && box.height === 0)) continue;
    if (box.top > bottom) break;
    for (const name of names) {
      for (
        let i = text.data.indexOf(name);
        i >= 0 && h.size < max;
        i = text.data.indexOf(name, i + name.length)
      ) {
        const range = new Range();
        range.setStart(text, i);
        range.setEnd(text, i + name.length);
        h.add(range);
      }
    }
  }
  return h.size;
}

/**
 * The floor's card: a box like the extension's (a fixed 0×0 contained host, `hostCss`, an open shadow root, the card
 * a composited layer of its own, rendered ahead and transparent), placed under a name of `highlight` the pointer
 * rests on and made opaque `dwell` ms after that frame, as the extension reveals a card it warmed. No code of the
 * extension's runs: what the hover probe times on it is the browser's own cost of showing a card over the page's
 * highlights.
 */
function floorCard({
  hostCss,
  highlight,
  dwell,
}: {
  hostCss: string;
  highlight: string;
  dwell: number;
}): void {
  const host = document.createElement('div');
  host.setAttribute('data-reader-context-ui', '');
  const root = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = `${hostCss}
/* Never under the pointer: a transparent box still takes it, and would hide the names beneath from the hit test. */
.box { position: fixed; top: 0; left: 0; width: 320px; box-sizing: border-box; padding: 12px 14px;
  background: #fff; color: #1b1f24; border: 1px solid #d3d8de; border-radius: 8px; font: 14px/1.45 sans-serif;
  will-change: transform, opacity; pointer-events: none; }
.box[data-warm] { opacity: 0; }
.box h2 { font-size: 17px; margin: 0 0 6px; }
.box p { margin: 0 0 8px; }`;
  const box = document.createElement('div');
  box.className = 'box';
  box.setAttribute('role', 'dialog');
  box.dataset.warm = '';
  const title = document.createElement('h2');
  title.textContent = 'A name on the page';
  box.append(title);
  for (let i = 0; i < 4; i++) {
    const p = document.createElement('p');
    p.textContent = 'What the sources said about this name, quoted with the sentence it came from. '.repeat(
      2,
    );
    box.append(p);
  }
  root.append(style, box);
  document.documentElement.append(host);
  let timer = 0;
  addEventListener(
    'pointermove',
    (e) => {
      const { clientX: x, clientY: y } = e;
      requestAnimationFrame((frameTime) => {
        clearTimeout(timer);
        box.dataset.warm = '';
        const at = document.caretRangeFromPoint(x, y);
        const h = CSS.highlights.get(highlight);
        if (!at || !h) return;
        for (const r of h) {
          if (!(r instanceof Range) || !r.isPointInRange(at.startContainer, at.startOffset)) continue;
          // Placed under the name while the pointer rests, shown when the dwell ends, timed from this frame as the
          // extension times it.
          box.style.transform = `translate(${Math.max(8, x - 160)}px, ${y + 16}px)`;
          timer = window.setTimeout(() => delete box.dataset.warm, dwell - (performance.now() - frameTime));
          return;
        }
      });
    },
    { capture: true, passive: true },
  );
}

/**
 * The control's counterpart of `scanMeasure`: the same kind of call into the page and the same kind of answer, at
 * once. The harness's own work in the page (compiling the expression, serializing the answer) runs as
 * microtasks the trace cannot tell from the extension's; made on both sides, it cancels in the subtraction.
 */
function controlMeasure(): Promise<{ startTime: number; duration: number; detail: unknown }> {
  return new Promise((resolve) => {
    const po = new PerformanceObserver(() => {});
    po.observe({ type: 'measure', buffered: true });
    setTimeout(() => {
      po.disconnect();
      resolve({ startTime: 0, duration: 0, detail: { kind: 'control', mentions: 0, longestSliceMs: 0 } });
    }, 0);
  });
}

/** Resolves with the first 'reader-context:scan' measure, without polling the page. */
function scanMeasure(): Promise<{ startTime: number; duration: number; detail: unknown }> {
  return new Promise((resolve) => {
    const pick = (entries: PerformanceEntryList) => {
      const m = entries.find((e) => e.name === 'reader-context:scan') as PerformanceMeasure | undefined;
      if (m) resolve({ startTime: m.startTime, duration: m.duration, detail: m.detail });
      return Boolean(m);
    };
    if (pick(performance.getEntriesByType('measure'))) return;
    const po = new PerformanceObserver((list) => {
      if (pick(list.getEntries())) po.disconnect();
    });
    po.observe({ type: 'measure', buffered: true });
  });
}

/**
 * A breaking-news strip: appends a line every 100 ms or so; per change, its synchronous cost and the time to the
 * end of the next rendered frame (rAF, then a message posted from it runs once the frame's rendering work is done).
 * A change made at a random moment waits anything from nothing to a whole frame for that frame, and that wait,
 * not the work, was most of the spread between one change and the next. So change i is made at a set moment of
 * the frame, `(i + 0.5) / n` of the way through it (counted from the end of a frame with nothing to draw), the
 * same moments for every contestant: their mean is the expected time of a change made at any moment, and the
 * waits are the same on both sides of a difference.
 */
async function runTicker({
  n,
  name,
  mark,
  frameMs,
}: {
  n: number;
  name: string;
  mark?: string;
  frameMs: number;
}) {
  const sleepIn = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const afterPaint = () =>
    new Promise<number>((r) =>
      requestAnimationFrame(() => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => r(performance.now());
        ch.port2.postMessage(0);
      }),
    );
  const box = document.createElement('div');
  box.setAttribute(
    'style',
    'position:fixed;left:0;right:0;bottom:0;height:3em;overflow:hidden;background:#fff',
  );
  document.body.append(box);
  await sleepIn(300);
  const sync: number[] = [];
  const frame: number[] = [];
  for (let i = 0; i < n; i++) {
    await sleepIn(100);
    await afterPaint();
    const moment = ((i + 0.5) / n) * frameMs;
    const from = performance.now();
    // A timer is late by up to a millisecond or two; the rest of the wait is spun.
    if (moment > 2) await sleepIn(moment - 2);
    while (performance.now() - from < moment) {}
    const t0 = performance.now();
    const p = document.createElement('p');
    p.textContent = `${i}: ${name} said the talks would continue after the summit.`;
    box.prepend(p);
    const highlight = mark ? CSS.highlights.get(mark) : undefined;
    if (highlight && p.firstChild) {
      // As the extension marks a name a page adds: in the same task, before the frame.
      const at = `${i}: `.length;
      const range = new Range();
      range.setStart(p.firstChild, at);
      range.setEnd(p.firstChild, at + name.length);
      highlight.add(range);
    }
    const t1 = performance.now();
    const t2 = await afterPaint();
    sync.push(t1 - t0);
    frame.push(t2 - t0);
  }
  box.remove();
  return { sync, frame };
}

/** A visible highlighted mention's centre, or null. */
function findMention(): { x: number; y: number } | null {
  for (const [name, h] of CSS.highlights) {
    if (!name.startsWith('reader-context-') || /-(active|flash)$/.test(name)) continue;
    for (const r of h) {
      const live = document.createRange();
      live.setStart(r.startContainer, r.startOffset);
      live.setEnd(r.endContainer, r.endOffset);
      for (const rect of live.getClientRects()) {
        if (
          rect.width > 4 &&
          rect.height > 4 &&
          rect.top > 40 &&
          rect.bottom < innerHeight - 80 &&
          rect.left >= 0 &&
          rect.right <= innerWidth
        )
          return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
      }
    }
  }
  return null;
}

/**
 * Arms the hover probe. `hit`: the start time of the first animation frame after the next pointermove (the frame in
 * which the content script hit-tests and starts timing the dwell). `seen`: when the card's [role=dialog] in the
 * host's open shadow root became visible (a MutationObserver on that root; visible, not merely present, since the
 * card is rendered ahead of its dwell, hidden or transparent). `painted`: the end of the first frame's rendering
 * after that, read by a message posted from every frame's requestAnimationFrame, which runs once that frame's
 * rendering work is done. `bare`: the time (requestAnimationFrame's, as `hit`) of every frame drawn after `hit`
 * without the card, from which the run counts those that began once the dwell was over.
 */
function armHover(): void {
  const w = window as unknown as { __benchHover: Promise<HoverProbe | null> };
  w.__benchHover = new Promise((resolve) => {
    let hit = -1;
    let seen = -1;
    const bare: number[] = [];
    addEventListener(
      'pointermove',
      () => {
        requestAnimationFrame((frameTime) => {
          hit = frameTime;
        });
      },
      { capture: true, once: true },
    );
    const root = document.querySelector('[data-reader-context-ui]')?.shadowRoot;
    if (!root) {
      resolve(null);
      return;
    }
    // Fully drawn: neither hidden nor transparent (the browser prefers reduced motion, so there is no fade-in).
    const visible = () =>
      root
        .querySelector('[role="dialog"]')
        ?.checkVisibility({ visibilityProperty: true, opacityProperty: true }) === true;
    const mo = new MutationObserver(() => {
      if (seen < 0 && hit >= 0 && visible()) seen = performance.now();
    });
    mo.observe(root, { subtree: true, childList: true, attributes: true });
    const started = performance.now();
    let done = false;
    const end = (probe: HoverProbe | null) => {
      done = true;
      mo.disconnect();
      resolve(probe);
    };
    const frame = (frameTime: number) => {
      if (done) return;
      // The next frame asked for before this one is drawn: asked from the message below, a frame that begins
      // before that message is handled would go unseen, and uncounted if it lacked the card.
      requestAnimationFrame(frame);
      const ch = new MessageChannel();
      ch.port1.onmessage = () => {
        if (done) return;
        if (seen >= 0) end({ hit, seen, painted: performance.now(), bare });
        else if (performance.now() - started > 5000)
          // Never drawn: every frame after the dwell is late; with no pointer move there is nothing to judge.
          end(hit >= 0 ? { hit, seen: -1, painted: -1, bare } : null);
        else if (hit >= 0 && frameTime > hit) bare.push(frameTime);
      };
      ch.port2.postMessage(0);
    };
    requestAnimationFrame(frame);
  });
}

/** What the hover probe (`armHover`) reports; `seen` and `painted` are -1 where the card was never drawn. */
interface HoverProbe {
  hit: number;
  seen: number;
  painted: number;
  bare: number[];
}

export interface TrialOptions {
  url: string;
  pageId: string;
  trial: number;
  tickerChanges: number;
  tickerName: string;
  hover: boolean;
  markCapMs: number;
  scanTimeoutMs: number;
}

export async function runTrial(run: Running, o: TrialOptions): Promise<TrialResult> {
  const c = run.contestant;
  const result: TrialResult = {
    page: o.pageId,
    contestant: c.id,
    trial: o.trial,
    fullMs: null,
    scanMs: null,
    mainThreadMs: null,
    longestTaskMs: null,
    longTasks: null,
    longestSliceMs: null,
    nodes: 0,
    heapUsed: 0,
    mentions: null,
    registered: null,
    tickerFrameMs: null,
    tickerSyncMs: null,
    hoverMs: null,
    hoverSeenMs: null,
    hoverFramesLate: null,
  };
  const page: Page = await run.context.newPage();
  const cdp: CDPSession = await run.context.newCDPSession(page);
  const inTrace = viaCdp(cdp);
  try {
    // The floor has no code of its own to time: only its ticker and card figures mean anything.
    const traced = c.kind === 'extension' || c.kind === 'none';
    const lookBefore = c.kind === 'extension' ? await lookTime(run) : null;
    if (traced) await startTrace(cdp);
    await page.goto(o.url, { waitUntil: 'load', timeout: 120_000 });
    if (c.kind === 'extension') {
      const m = await withTimeout(inPage(inTrace, scanMeasure), o.scanTimeoutMs, `scan on ${o.pageId}`);
      const lookAfter = await lookTime(run);
      if (lookAfter)
        result.backgroundMs = lookAfter.ms - (lookBefore?.since === lookAfter.since ? lookBefore.ms : 0);
      const d = m.detail as { mentions: number; longestSliceMs: number };
      result.scanMs = m.duration;
      result.mentions = d.mentions;
      result.longestSliceMs = d.longestSliceMs;
      // Intersection callbacks register the visible blocks' ranges in the frames after the scan.
      await sleep(300);
      result.registered = await inPage(inTrace, registeredRanges);
    } else if (c.kind === 'markjs') {
      await page.evaluate(MARK_JS);
      const marked = inPage(
        page,
        (names: string[]) =>
          new Promise<{ ms: number; count: number }>((resolve) => {
            const M = (
              window as unknown as { Mark: new (el: Element) => { mark(k: string[], o: object): void } }
            ).Mark;
            const t0 = performance.now();
            new M(document.body).mark(names, {
              separateWordSearch: false,
              accuracy: 'exactly',
              diacritics: false,
              done: (count: number) => resolve({ ms: performance.now() - t0, count }),
            });
          }),
        c.names ?? [],
      );
      const r = await withTimeout(marked, o.markCapMs, `mark.js on ${o.pageId}`);
      result.fullMs = r.ms;
      result.mainThreadMs = r.ms;
      result.longestTaskMs = r.ms;
      result.longTasks = r.ms > 50 ? 1 : 0;
      result.mentions = r.count;
      await sleep(300);
    } else if (c.kind === 'floor') {
      result.registered = await inPage(page, markNear, {
        names: c.names ?? [],
        css: highlightCss(BASE_STYLE, BASE_SCHEME),
        highlight: FLOOR_HIGHLIGHT,
        max: FLOOR_MAX_RANGES,
        above: WINDOW_ABOVE,
        below: WINDOW_BELOW,
      });
      result.mentions = result.registered;
      await inPage(page, floorCard, { hostCss: HOST_CSS, highlight: FLOOR_HIGHLIGHT, dwell: BENCH_DWELL_MS });
      await sleep(300);
    } else {
      // The extension's trials' calls into the page, made here too (see controlMeasure).
      await inPage(inTrace, controlMeasure);
      await sleep(300);
      await inPage(inTrace, registeredRanges);
    }
    if (traced) {
      const events = await stopTrace(cdp);
      if (process.env.BENCH_TRACE_DIR)
        writeFileSync(
          join(process.env.BENCH_TRACE_DIR, `${o.pageId}-${c.id}-${o.trial}.json`),
          JSON.stringify(events),
        );
      const t: ExtensionTime = extensionTime(
        events,
        run.extensionId ? `chrome-extension://${run.extensionId}/` : null,
      );
      result.mainThreadMs = t.totalMs;
      result.longestTaskMs = t.longestMs;
      result.longestWhat = t.longestWhat;
      result.longestCpuMs = t.longestCpuMs;
      result.longTasks = t.longTasks;
      result.browserUiCpuMs = t.browserUiCpuMs;
      if (t.firstUs !== null && t.scanEndUs !== null) result.fullMs = (t.scanEndUs - t.firstUs) / 1000;
    }
    result.nodes = await inPage(page, countNodes);
    await cdp.send('HeapProfiler.collectGarbage');
    result.heapUsed = (await cdp.send('Runtime.getHeapUsage')).usedSize;
    if (o.hover && (c.kind === 'extension' || c.kind === 'floor')) {
      const at = await inPage(page, findMention);
      if (at) {
        await page.mouse.move(1, 1);
        await inPage(page, armHover);
        // Traced on request only, as the ticker is: tracing costs the frames the hover figure times.
        const hoverTraces = process.env.BENCH_HOVER_TRACE_DIR;
        if (hoverTraces) await startTrace(cdp);
        await page.mouse.move(at.x, at.y);
        const h = await inPage(
          page,
          () => (window as unknown as { __benchHover: Promise<HoverProbe | null> }).__benchHover,
        );
        if (hoverTraces)
          writeFileSync(
            join(hoverTraces, `${o.pageId}-${c.id}-${o.trial}-hover.json`),
            // The probe's times beside the events: its `hit` is the start of the frame after the pointer's move.
            JSON.stringify({ probe: h, traceEvents: await stopTrace(cdp) }),
          );
        if (h) {
          if (h.seen >= 0) {
            result.hoverMs = h.painted - (h.hit + BENCH_DWELL_MS);
            result.hoverSeenMs = h.seen - (h.hit + BENCH_DWELL_MS);
          }
          result.hoverFramesLate = framesLate(h.bare, h.hit + BENCH_DWELL_MS);
        }
        await page.mouse.move(1, 1);
        await sleep(500);
      }
    }
    if (o.tickerChanges > 0) {
      // Traced apart from the load, and only on request: tracing costs the frames the ticker times.
      const tickerTraces = process.env.BENCH_TICKER_TRACE_DIR;
      if (tickerTraces) await startTrace(cdp);
      const t = await inPage(page, runTicker, {
        n: o.tickerChanges,
        name: o.tickerName,
        mark: c.kind === 'floor' ? FLOOR_HIGHLIGHT : undefined,
        frameMs: FRAME_MS,
      });
      if (tickerTraces)
        writeFileSync(
          join(tickerTraces, `${o.pageId}-${c.id}-${o.trial}-ticker.json`),
          JSON.stringify(await stopTrace(cdp)),
        );
      // The mean: the changes sample the frame's moments evenly (runTicker), and the expected time is their mean.
      result.tickerFrameMs = t.frame.reduce((a, b) => a + b, 0) / t.frame.length;
      result.tickerSyncMs = t.sync.reduce((a, b) => a + b, 0) / t.sync.length;
    }
  } catch (error) {
    result.error = error instanceof Error ? error.message.split('\n')[0] : String(error);
    if (error instanceof TimeoutError) result.capped = true;
    throw Object.assign(new Error(result.error), { result });
  } finally {
    await Promise.race([page.close({ runBeforeUnload: false }).catch(() => {}), sleep(5000)]);
  }
  return result;
}
