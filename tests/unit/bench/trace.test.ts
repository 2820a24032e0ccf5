import { describe, expect, it } from 'vitest';
import { browserUiCpu, extensionTime, type TraceEvent } from '@/scripts/bench/trace';

const EXT = 'chrome-extension://abc/';
const PID = 1;
const MAIN = 10;

/** A complete ('X') event on the page's main thread; times in ms, as the trace's µs. */
function x(name: string, ts: number, dur: number, extra: Partial<TraceEvent> = {}): TraceEvent {
  return { name, ph: 'X', ts: ts * 1000, dur: dur * 1000, pid: PID, tid: MAIN, ...extra };
}
const task = (ts: number, dur: number) => x('ThreadControllerImpl::RunTask', ts, dur);
const script = (file: string, ts: number, dur: number, cpu = dur) =>
  x('EvaluateScript', ts, dur, { tdur: cpu * 1000, args: { data: { url: `${EXT}${file}` } } });

describe('extensionTime (bench and realpages task figures)', () => {
  const events: TraceEvent[] = [
    // document_idle: content.js, the clock's start, then a microtask continuation in the same task.
    task(100, 30),
    script('content-scripts/content.js', 100.5, 20),
    x('RunMicrotasks', 121, 8, { tdur: 8000 }),
    // The names, loaded with the app; the OS kept the thread waiting (wall 60 ms, CPU 12 ms).
    task(200, 61),
    script('content-names.js', 200.5, 60, 12),
    // A scan slice, with forced layout nested inside its call (counted once, as part of the call).
    task(300, 9),
    x('FunctionCall', 300.5, 8, { tdur: 8000 }),
    x('Layout', 302, 3),
    // Another thread's JavaScript is not the page's.
    { ...x('FunctionCall', 305, 40), tid: MAIN + 1 },
    { name: 'reader-context:scan', ph: 'b', ts: 100_000, pid: PID, tid: MAIN },
    { name: 'reader-context:scan', ph: 'e', ts: 309_000, pid: PID, tid: MAIN },
  ];

  it('sums the outermost JavaScript of each task and names what the longest held', () => {
    const t = extensionTime(events, EXT);
    expect(t.totalMs).toBeCloseTo(60 + 20 + 8 + 8, 5);
    expect(t.longestMs).toBeCloseTo(60, 5);
    expect(t.longestWhat).toBe('EvaluateScript content-names.js 60');
    expect(t.longTasks).toBe(1);
  });

  it('reports the most CPU any one task used, which waiting for a core does not inflate', () => {
    expect(extensionTime(events, EXT).longestCpuMs).toBeCloseTo(28, 5);
  });

  it("starts the clock at content.js, the extension's first script on the loaded page, and stops it at the scan's end", () => {
    const t = extensionTime(events, EXT);
    expect(t.firstUs).toBe(100_500);
    // Not at another script of the extension's, whenever it runs.
    expect(extensionTime([task(0, 2), script('content-names.js', 0.5, 1), ...events], EXT).firstUs).toBe(
      100_500,
    );
    expect(t.scanEndUs).toBe(309_000);
  });

  it("does not count Chromium's own scripts in the page (a plugin placeholder's) as the extension's", () => {
    const placeholder = x('EvaluateScript', 400.5, 70, {
      args: { data: { url: 'html,pluginplaceholderdata' } },
    });
    const t = extensionTime([...events, task(400, 71), placeholder], EXT);
    expect(t.longestMs).toBeCloseTo(60, 5);
    expect(t.longTasks).toBe(1);
    expect(t.totalMs).toBeCloseTo(96, 5);
    // Without an extension (the control) there is nothing to tell them apart by: everything counts.
    expect(extensionTime([x('ParseHTML', 1, 2), task(400, 71), placeholder], null).longestMs).toBeCloseTo(
      70,
      5,
    );
  });

  it('lists each part of a task that holds several', () => {
    const t = extensionTime([task(0, 40), script('content.js', 1, 25), x('RunMicrotasks', 27, 12)], EXT);
    expect(t.longestWhat).toBe('EvaluateScript content.js 25 + RunMicrotasks 12');
    expect(t.longTasks).toBe(0);
  });

  it("reports the CPU the browser's own WebUI renderers used inside the window, counting nested tasks once", () => {
    const UI = 2;
    const ui = (ts: number, dur: number, cpu: number, tid = 20): TraceEvent => ({
      ...x('ThreadControllerImpl::RunTask', ts, dur, { tdur: cpu * 1000 }),
      pid: UI,
      tid,
    });
    const withUi: TraceEvent[] = [
      ...events,
      { name: 'process_name', ph: 'M', ts: 0, pid: UI, tid: 0, args: { name: 'WebUI Top Renderer' } },
      { name: 'process_name', ph: 'M', ts: 0, pid: PID, tid: 0, args: { name: 'Renderer' } },
      ui(50, 20, 15), // ends before the window: not counted
      ui(90, 20, 10), // straddles the window's start (100.5): half of it inside, to the µs
      ui(150, 40, 30),
      ui(160, 10, 9), // nested in the one above
      ui(155, 10, 6, 21), // another thread of the same process, while the first is busy
      ui(300, 20, 20), // straddles the window's end (309): 9 of its 20 ms inside
      ui(400, 10, 10), // after the scan's end
      ui(500, 30, 12),
      ui(500, 10, 5), // nested, starting at the same time as its outer task
    ];
    expect(extensionTime(withUi, EXT).browserUiCpuMs).toBeCloseTo((10 * 9.5) / 20 + 30 + 6 + 9, 5);
    expect(browserUiCpu(withUi, 0, 1_000_000)).toBeCloseTo(15 + 10 + 30 + 6 + 20 + 10 + 12, 5);
    // The page's own renderer is not the browser's interface.
    expect(extensionTime(events, EXT).browserUiCpuMs).toBe(0);
  });
});
