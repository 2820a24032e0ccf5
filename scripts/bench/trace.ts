/**
 * Chromium trace capture (CDP Tracing domain on the page's session) and the one analysis the benchmark makes of it:
 * how much main-thread time went to the extension's JavaScript, task by task.
 *
 * Attribution. The benchmark pages run no script of their own (synthetic pages have none; real pages are served
 * with `script-src 'none'`), and the benchmark does not poll the page while tracing. So every JavaScript entry on
 * the page's renderer main thread is the content script's, or the harness's two calls into the page (waiting for
 * the scan's measure, counting the registered ranges), which the control makes too (browser.ts, `controlMeasure`):
 * `EvaluateScript` (loading content.js), `FunctionCall`
 * (its callbacks: postTask slices, timers, observers, listeners), `RunMicrotasks` (its promise continuations, e.g.
 * main() after reading settings), except the few events that name a script of Chromium's own (`foreign` below).
 * The extension's time in a task is the sum of the outermost such events in it; layout it forces happens inside
 * them and is counted. Rendering work the browser does because of the extension (highlight painting, intersection
 * computation) is not JavaScript and is not counted here: it shows up in the ticker figure instead. The "none"
 * contestant (no extension) is traced the same way, as a control; with no extension to tell scripts apart, every
 * event counts there, Chromium's own included.
 */
import type { CDPSession } from 'playwright-core';

export const TRACE_CATEGORIES = ['devtools.timeline', 'toplevel', 'blink.user_timing', 'v8.execute'].join(
  ',',
);

export interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  /** Thread (CPU) time, µs. */
  tdur?: number;
  pid: number;
  tid: number;
  cat?: string;
  args?: { data?: { url?: string }; detail?: string; name?: string };
}

export async function startTrace(cdp: CDPSession): Promise<void> {
  await cdp.send('Tracing.start', { categories: TRACE_CATEGORIES, transferMode: 'ReturnAsStream' });
}

export async function stopTrace(cdp: CDPSession): Promise<TraceEvent[]> {
  const complete = new Promise<string>((resolve) =>
    cdp.once('Tracing.tracingComplete', (e) => resolve((e as { stream: string }).stream)),
  );
  await cdp.send('Tracing.end');
  const stream = await complete;
  const chunks: string[] = [];
  for (;;) {
    const c = await cdp.send('IO.read', { handle: stream, size: 1 << 22 });
    chunks.push(c.base64Encoded ? Buffer.from(c.data, 'base64').toString('utf8') : c.data);
    if (c.eof) break;
  }
  await cdp.send('IO.close', { handle: stream });
  const parsed = JSON.parse(chunks.join('')) as { traceEvents: TraceEvent[] } | TraceEvent[];
  return Array.isArray(parsed) ? parsed : parsed.traceEvents;
}

const JS_EVENTS = new Set([
  'EvaluateScript',
  'FunctionCall',
  'RunMicrotasks',
  'TimerFire',
  'FireIdleCallback',
]);
const TASK = 'ThreadControllerImpl::RunTask';
/** The one script the extension runs on every page, at document_idle (entrypoints/content/index.ts). */
const CONTENT_SCRIPT = 'content-scripts/content.js';

export interface ExtensionTime {
  /** Sum of the extension's JavaScript time, ms. */
  totalMs: number;
  /** The largest per-task sum, ms. */
  longestMs: number;
  /** The largest per-task sum of thread CPU time, ms: the same as longestMs on an idle machine, lower when the OS
   * kept the thread waiting (on a shared 2-core machine, much lower). */
  longestCpuMs: number;
  /**
   * What the longest task held: its outermost JavaScript events of 1 ms or more, a script's evaluation with the
   * script's file name, e.g. "EvaluateScript content.js 41 + RunMicrotasks 30".
   */
  longestWhat: string;
  /** Tasks whose extension JavaScript took more than 50 ms. */
  longTasks: number;
  /** Trace time (µs) at which content.js (document_idle), the extension's first script on the loaded page, starts. */
  firstUs: number | null;
  /** Trace time (µs) at which the first 'reader-context:scan' measure ended. */
  scanEndUs: number | null;
  /**
   * CPU (ms) that the browser's own WebUI renderers (its interface drawn as web pages) spent inside the window
   * from `firstUs` to `scanEndUs`: work that competes for the machine's cores and belongs to neither the page nor
   * the extension. The launcher turns off the one seen so far, the omnibox popup (CHROMIUM_DISABLED_FEATURES); this
   * reports any other. Reader Context trials only: the window is theirs.
   */
  browserUiCpuMs: number;
}

/**
 * Top-level CPU time of the threads of processes named like "WebUI Top Renderer", inside [fromUs, toUs]; a task
 * that straddles an edge counts for the share of it inside.
 */
export function browserUiCpu(events: TraceEvent[], fromUs: number, toUs: number): number {
  const webui = new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'process_name' && /webui/i.test(e.args?.name ?? ''))
      .map((e) => e.pid),
  );
  if (webui.size === 0) return 0;
  const tasks = events
    .filter(
      (e) =>
        webui.has(e.pid) && e.ph === 'X' && e.name === TASK && e.ts < toUs && e.ts + (e.dur ?? 0) > fromUs,
    )
    // Outer before inner when two start together.
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const until = new Map<number, number>();
  let us = 0;
  for (const e of tasks) {
    // Nested tasks (a task run inside another's nested loop) are counted once, by the outer one.
    if (e.ts < (until.get(e.tid) ?? -1)) continue;
    const dur = e.dur ?? 0;
    until.set(e.tid, e.ts + dur);
    const inside = Math.min(e.ts + dur, toUs) - Math.max(e.ts, fromUs);
    us += (e.tdur ?? dur) * (dur > 0 ? inside / dur : 1);
  }
  return us / 1000;
}

/** Sums the JavaScript on the main thread of the renderer that loaded `extensionUrlPrefix` (or ran the scan). */
export function extensionTime(events: TraceEvent[], extensionUrlPrefix: string | null): ExtensionTime {
  const scan = events.filter((e) => e.name === 'reader-context:scan');
  const scanEnd = scan.find((e) => e.ph === 'e');
  const anchor =
    scan[0] ??
    (extensionUrlPrefix
      ? events.find((e) => e.args?.data?.url?.startsWith(extensionUrlPrefix))
      : undefined) ??
    // No extension: the main thread of the renderer that parsed the page.
    events.find((e) => e.name === 'ParseHTML');
  const empty: ExtensionTime = {
    totalMs: 0,
    longestMs: 0,
    longestCpuMs: 0,
    longestWhat: '',
    longTasks: 0,
    firstUs: null,
    scanEndUs: null,
    browserUiCpuMs: 0,
  };
  if (!anchor) return empty;
  const main = events
    .filter((e) => e.pid === anchor.pid && e.tid === anchor.tid && e.ph === 'X' && typeof e.dur === 'number')
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const tasks = main.filter((e) => e.name === TASK);
  // Chromium runs a few scripts of its own in the page's renderer (a plugin placeholder's `html,pluginplaceholderdata`
  // on pages with <object> or <embed>): an event naming a script that is not the extension's is not counted.
  const foreign = (e: TraceEvent) => {
    const url = e.args?.data?.url;
    return extensionUrlPrefix !== null && !!url && !url.startsWith(extensionUrlPrefix);
  };
  const js = main.filter((e) => JS_EVENTS.has(e.name) && !foreign(e));
  // Outermost JS events only.
  const outer: TraceEvent[] = [];
  let coveredUntil = -1;
  for (const e of js) {
    if (e.ts < coveredUntil) continue;
    outer.push(e);
    coveredUntil = e.ts + (e.dur ?? 0);
  }
  let total = 0;
  let longest = 0;
  let longTasks = 0;
  let ti = 0;
  const perTask = new Map<TraceEvent | null, number>();
  const parts = new Map<TraceEvent | null, TraceEvent[]>();
  const cpu = new Map<TraceEvent | null, number>();
  for (const e of outer) {
    while (ti < tasks.length && (tasks[ti] as TraceEvent).ts + ((tasks[ti] as TraceEvent).dur ?? 0) < e.ts)
      ti++;
    const t = tasks[ti];
    const key = t && t.ts <= e.ts ? t : null;
    perTask.set(key, (perTask.get(key) ?? 0) + (e.dur ?? 0));
    parts.set(key, [...(parts.get(key) ?? []), e]);
    cpu.set(key, (cpu.get(key) ?? 0) + (e.tdur ?? e.dur ?? 0));
    total += e.dur ?? 0;
  }
  // (Events outside any task, if any, are pooled under `null`.)
  let longestKey: TraceEvent | null = null;
  for (const [key, us] of perTask) {
    if (us > longest) {
      longest = us;
      longestKey = key;
    }
    if (us > 50_000) longTasks++;
  }
  const longestWhat = (parts.get(longestKey) ?? [])
    .filter((e) => (e.dur ?? 0) >= 1000)
    .map((e) => {
      const file = e.name === 'EvaluateScript' ? e.args?.data?.url?.split('/').pop() : undefined;
      return `${e.name}${file ? ` ${file}` : ''} ${Math.round((e.dur ?? 0) / 1000)}`;
    })
    .join(' + ');
  // The clock starts with content.js, the extension's first script on the loaded page, as mark.js's starts with its
  // own call on the loaded page; what it loads later (content-app.js, content-names.js) is inside the window.
  const first = extensionUrlPrefix
    ? main.find((e) => e.args?.data?.url === `${extensionUrlPrefix}${CONTENT_SCRIPT}`)
    : undefined;
  return {
    totalMs: total / 1000,
    longestMs: longest / 1000,
    longestCpuMs: Math.max(0, ...cpu.values()) / 1000,
    longestWhat,
    longTasks,
    firstUs: first ? first.ts : null,
    scanEndUs: scanEnd ? scanEnd.ts : null,
    browserUiCpuMs: first && scanEnd ? browserUiCpu(events, first.ts, scanEnd.ts) : 0,
  };
}
