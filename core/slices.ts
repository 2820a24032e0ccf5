/**
 * Time-sliced work: runs steps until a budget is spent, then yields to the page through a macrotask, so no
 * task of the extension's runs long. `scheduler.yield()` is deliberately not used: its continuations run ahead
 * of rendering, so a run of slices can hold a frame back; setTimeout and background-priority postTask let the
 * frame through.
 */
import { BACKGROUND_MAX_WAIT_MS, SLICE_BUDGET_MS } from './timing';

export interface SliceEnv {
  now(): number;
  /** Queue `fn` as a new task. */
  post(fn: () => void): void;
}

/**
 * The browser's clock and a background-priority task queue where there is one, else setTimeout. A background task
 * runs once the page's own tasks are done; a page that never stops posting tasks (a ticker, an animation driven
 * by timers, a mutation storm) would hold it back for good, so each one also runs, at the latest, after
 * BACKGROUND_MAX_WAIT_MS.
 */
export function defaultSliceEnv(g: typeof globalThis = globalThis): SliceEnv {
  const scheduler = (g as { scheduler?: { postTask?: (fn: () => void, o: { priority: string }) => unknown } })
    .scheduler;
  const post =
    typeof scheduler?.postTask === 'function'
      ? (fn: () => void) => {
          let ran = false;
          const once = () => {
            if (ran) return;
            ran = true;
            g.clearTimeout(late);
            fn();
          };
          const late = g.setTimeout(once, BACKGROUND_MAX_WAIT_MS);
          void (scheduler.postTask as (fn: () => void, o: { priority: string }) => Promise<unknown>)(once, {
            priority: 'background',
          }).catch(() => {});
        }
      : (fn: () => void) => {
          g.setTimeout(fn, 0);
        };
  return { now: () => g.performance.now(), post };
}

/**
 * A queue of jobs; each job is a step function returning true while it has more to do. Steps should be small
 * (one block of text); the runner checks the clock between steps.
 */
export class SliceRunner {
  private jobs: (() => boolean)[] = [];
  private scheduled = false;
  private stopped = false;
  /** Longest slice so far, in ms, for reports and tests. */
  longestSliceMs = 0;
  slices = 0;

  constructor(
    private readonly env: SliceEnv,
    private readonly budgetMs = SLICE_BUDGET_MS,
    private readonly onIdle?: () => void,
  ) {}

  add(step: () => boolean): void {
    if (this.stopped) return;
    this.jobs.push(step);
    this.schedule();
  }

  get busy(): boolean {
    return this.jobs.length > 0;
  }

  stop(): void {
    this.stopped = true;
    this.jobs = [];
  }

  private schedule() {
    if (this.scheduled || this.stopped) return;
    this.scheduled = true;
    this.env.post(() => this.run());
  }

  /**
   * Run queued steps now, in the caller's task, for at most `budgetMs`; whatever is left runs in later slices as
   * usual. For small work that should land in the frame the page is about to render (a page's own small change).
   * Returns whether the queue is now empty.
   */
  runNow(budgetMs: number): boolean {
    if (this.stopped || this.jobs.length === 0) return true;
    this.slice(budgetMs);
    return this.jobs.length === 0;
  }

  private run() {
    this.scheduled = false;
    // Empty when runNow did the work first (and already reported idle).
    if (this.stopped || this.jobs.length === 0) return;
    this.slice(this.budgetMs);
  }

  private slice(budgetMs: number) {
    const start = this.env.now();
    this.slices++;
    while (this.jobs.length > 0) {
      const job = this.jobs[0] as () => boolean;
      let more = false;
      try {
        more = job();
      } catch (error) {
        // A hostile or broken page must not wedge the queue: drop the job, keep the rest.
        console.warn('[reader-context] scan step failed', error);
      }
      if (!more) this.jobs.shift();
      if (this.env.now() - start >= budgetMs) break;
    }
    this.longestSliceMs = Math.max(this.longestSliceMs, this.env.now() - start);
    if (this.jobs.length > 0) this.schedule();
    else this.onIdle?.();
  }
}
