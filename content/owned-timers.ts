/**
 * Timers and animation frames owned by the content script's context: cancelled when the context is invalidated,
 * and forgotten as soon as they run or are cleared. WXT's ctx.setTimeout and ctx.requestAnimationFrame add an
 * invalidation listener per call and never remove it; a hover sets several timers and the hit test asks for a
 * frame on every pointer move, so over a long reading session those listeners would pile up by the thousand.
 */
import type { Timers } from '@/core/dwell';

export interface OwnerContext {
  readonly isValid: boolean;
  onInvalidated(fn: () => void): unknown;
}

export interface OwnedTimers extends Timers {
  frames: NonNullable<Timers['frames']>;
  /** How many are pending (for tests). */
  readonly pending: number;
}

export function ownedTimers(ctx: OwnerContext, win: Window = window): OwnedTimers {
  const timeouts = new Set<number>();
  const frames = new Set<number>();
  ctx.onInvalidated(() => {
    for (const id of timeouts) win.clearTimeout(id);
    for (const id of frames) win.cancelAnimationFrame(id);
    timeouts.clear();
    frames.clear();
  });
  return {
    set(fn, ms) {
      const id = win.setTimeout(() => {
        timeouts.delete(id);
        if (ctx.isValid) fn();
      }, ms);
      timeouts.add(id);
      return id;
    },
    clear(id) {
      win.clearTimeout(id);
      timeouts.delete(id);
    },
    frames: {
      request(fn) {
        const id = win.requestAnimationFrame((time) => {
          frames.delete(id);
          if (ctx.isValid) fn(time);
        });
        frames.add(id);
        return id;
      },
      cancel(id) {
        win.cancelAnimationFrame(id);
        frames.delete(id);
      },
      now: () => win.performance.now(),
    },
    get pending() {
      return timeouts.size + frames.size;
    },
  };
}
