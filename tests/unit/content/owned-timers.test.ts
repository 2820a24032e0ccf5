import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ownedTimers } from '@/content/owned-timers';

/** A stand-in for WXT's ContentScriptContext: valid until invalidate() runs its listeners. */
function context() {
  const listeners: (() => void)[] = [];
  const ctx = {
    isValid: true,
    onInvalidated: (fn: () => void) => listeners.push(fn),
    invalidate() {
      ctx.isValid = false;
      for (const fn of listeners) fn();
    },
    listeners,
  };
  return ctx;
}

/** setTimeout and friends as a window has them, frames every 16 ms, all on vitest's fake clock. */
function fakeWindow(): Window {
  return {
    setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms),
    clearTimeout: (id: number) => clearTimeout(id),
    requestAnimationFrame: (fn: (t: number) => void) => setTimeout(() => fn(Date.now()), 16),
    cancelAnimationFrame: (id: number) => clearTimeout(id),
    performance: { now: () => Date.now() },
  } as unknown as Window;
}

describe('ownedTimers', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs timers and frames, then forgets them; one invalidation listener however many are set', () => {
    const ctx = context();
    const t = ownedTimers(ctx, fakeWindow());
    const ran: string[] = [];
    for (let i = 0; i < 100; i++) t.set(() => ran.push('timer'), 10);
    t.frames.request((time) => ran.push(`frame ${typeof time}`));
    expect(t.pending).toBe(101);
    vi.advanceTimersByTime(20);
    expect(ran.filter((r) => r === 'timer')).toHaveLength(100);
    expect(ran).toContain('frame number');
    expect(t.pending).toBe(0);
    expect(ctx.listeners).toHaveLength(1);
  });

  it('clear and cancel stop them', () => {
    const t = ownedTimers(context(), fakeWindow());
    const ran: string[] = [];
    t.clear(t.set(() => ran.push('timer'), 10));
    t.frames.cancel(t.frames.request(() => ran.push('frame')));
    vi.advanceTimersByTime(50);
    expect(ran).toEqual([]);
    expect(t.pending).toBe(0);
  });

  it('invalidation cancels everything pending', () => {
    const ctx = context();
    const t = ownedTimers(ctx, fakeWindow());
    const ran: string[] = [];
    t.set(() => ran.push('timer'), 10);
    t.frames.request(() => ran.push('frame'));
    ctx.invalidate();
    vi.advanceTimersByTime(50);
    expect(ran).toEqual([]);
  });
});
