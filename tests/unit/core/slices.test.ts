import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultSliceEnv, SliceRunner } from '@/core/slices';
import { BACKGROUND_MAX_WAIT_MS } from '@/core/timing';

/** A fake clock and task queue: each step "costs" the time we say it does. */
function fakeEnv() {
  let now = 0;
  const tasks: (() => void)[] = [];
  return {
    env: { now: () => now, post: (fn: () => void) => void tasks.push(fn) },
    advance: (ms: number) => {
      now += ms;
    },
    runTask: () => tasks.shift()?.(),
    pending: () => tasks.length,
  };
}

describe('SliceRunner', () => {
  it('yields after the budget and resumes in a later task', () => {
    const f = fakeEnv();
    let done = 0;
    let idle = false;
    const runner = new SliceRunner(f.env, 8, () => {
      idle = true;
    });
    runner.add(() => {
      f.advance(3);
      done++;
      return done < 10;
    });
    expect(done).toBe(0); // nothing runs synchronously
    f.runTask();
    expect(done).toBe(3); // 3 steps × 3 ms crosses the 8 ms budget
    expect(f.pending()).toBe(1);
    while (f.pending()) f.runTask();
    expect(done).toBe(10);
    expect(idle).toBe(true);
    expect(runner.slices).toBe(4);
    expect(runner.longestSliceMs).toBeLessThanOrEqual(9);
  });

  it('runNow runs queued steps in the caller’s task within its budget; the rest resumes in slices', () => {
    const f = fakeEnv();
    let done = 0;
    let idle = 0;
    const runner = new SliceRunner(f.env, 8, () => {
      idle++;
    });
    const step = (n: number) => () => {
      f.advance(1);
      done++;
      return done < n;
    };
    // Nothing queued: nothing runs, nothing is reported.
    expect(runner.runNow(3)).toBe(true);
    expect([runner.slices, idle]).toEqual([0, 0]);
    runner.add(step(2));
    expect(runner.runNow(3)).toBe(true);
    expect(done).toBe(2);
    expect(idle).toBe(1);
    // The task queued by add() finds nothing left to do and reports idle only once.
    while (f.pending()) f.runTask();
    expect(idle).toBe(1);

    done = 0;
    runner.add(step(10));
    expect(runner.runNow(3)).toBe(false);
    expect(done).toBe(3);
    expect(idle).toBe(1);
    while (f.pending()) f.runTask();
    expect(done).toBe(10);
    expect(idle).toBe(2);
  });

  it('a throwing step is dropped without stopping the queue', () => {
    const f = fakeEnv();
    const seen: string[] = [];
    const runner = new SliceRunner(f.env, 8);
    runner.add(() => {
      throw new Error('hostile page');
    });
    runner.add(() => {
      seen.push('second');
      return false;
    });
    const warn = console.warn;
    console.warn = () => {};
    try {
      while (f.pending()) f.runTask();
    } finally {
      console.warn = warn;
    }
    expect(seen).toEqual(['second']);
    expect(runner.busy).toBe(false);
  });

  it('stop() drops queued work', () => {
    const f = fakeEnv();
    let n = 0;
    const runner = new SliceRunner(f.env, 8);
    runner.add(() => {
      n++;
      return true;
    });
    runner.stop();
    while (f.pending()) f.runTask();
    expect(n).toBe(0);
  });
});

describe('defaultSliceEnv', () => {
  /** A window whose background-priority queue runs only when told to, and whose timers run on vitest's clock. */
  function fakeWindow() {
    const background: (() => void)[] = [];
    const g = {
      performance: { now: () => Date.now() },
      setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms),
      clearTimeout: (id: ReturnType<typeof setTimeout>) => clearTimeout(id),
      scheduler: {
        postTask: (fn: () => void, o: { priority: string }) => {
          expect(o.priority).toBe('background');
          background.push(fn);
          return Promise.resolve();
        },
      },
    } as unknown as typeof globalThis;
    return { g, runBackground: () => background.shift()?.() };
  }
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a page that never leaves the background queue a turn still gets each task run, once', () => {
    const w = fakeWindow();
    let runs = 0;
    defaultSliceEnv(w.g).post(() => runs++);
    vi.advanceTimersByTime(BACKGROUND_MAX_WAIT_MS - 1);
    expect(runs).toBe(0);
    vi.advanceTimersByTime(1);
    expect(runs).toBe(1);
    // The background task's turn comes after all: it does not run the work a second time.
    w.runBackground();
    expect(runs).toBe(1);
  });

  it('a background task that gets its turn runs once, and its fallback timer is cleared', () => {
    const w = fakeWindow();
    let runs = 0;
    defaultSliceEnv(w.g).post(() => runs++);
    w.runBackground();
    expect(runs).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(BACKGROUND_MAX_WAIT_MS * 2);
    expect(runs).toBe(1);
  });
});
