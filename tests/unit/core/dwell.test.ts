import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDwell } from '../../../core/dwell';
import { HIDE_GRACE_MS, PREPARE_MS } from '../../../core/timing';

function setup(dwellMs = 500) {
  const calls: string[] = [];
  const dwell = createDwell<string>(
    {
      dwellMs: () => dwellMs,
      same: (a, b) => a === b,
      timers: { set: (fn, ms) => setTimeout(fn, ms) as unknown as number, clear: (id) => clearTimeout(id) },
    },
    {
      prepare: (t) => calls.push(`prepare:${t}`),
      show: (t) => calls.push(`show:${t}`),
      hide: () => calls.push('hide'),
    },
  );
  return { dwell, calls };
}

describe('hover dwell', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('does nothing for a pointer passing over a name (less than the prepare delay)', () => {
    const { dwell, calls } = setup();
    dwell.pointerAt('putin');
    vi.advanceTimersByTime(PREPARE_MS - 1);
    dwell.pointerAt(null);
    vi.advanceTimersByTime(2000);
    expect(calls).toEqual([]);
  });

  it('prepares at 150 ms and shows the card at the configured dwell', () => {
    const { dwell, calls } = setup(500);
    dwell.pointerAt('putin');
    vi.advanceTimersByTime(PREPARE_MS);
    expect(calls).toEqual(['prepare:putin']);
    vi.advanceTimersByTime(500 - PREPARE_MS - 1);
    expect(calls).toEqual(['prepare:putin']);
    vi.advanceTimersByTime(1);
    expect(calls).toEqual(['prepare:putin', 'show:putin']);
    expect(dwell.openTarget).toBe('putin');
  });

  it('honours a longer configured dwell', () => {
    const { dwell, calls } = setup(1200);
    dwell.pointerAt('putin');
    vi.advanceTimersByTime(1199);
    expect(calls).not.toContain('show:putin');
    vi.advanceTimersByTime(1);
    expect(calls).toContain('show:putin');
  });

  it('keeps the card for a grace period after the pointer leaves, so it can reach the card', () => {
    const { dwell, calls } = setup();
    dwell.pointerAt('putin');
    vi.advanceTimersByTime(500);
    dwell.pointerAt(null);
    vi.advanceTimersByTime(HIDE_GRACE_MS - 1);
    expect(calls.at(-1)).toBe('show:putin');
    dwell.cardEnter();
    vi.advanceTimersByTime(5000);
    expect(calls.at(-1)).toBe('show:putin');
    dwell.cardLeave();
    vi.advanceTimersByTime(HIDE_GRACE_MS);
    expect(calls.at(-1)).toBe('hide');
    expect(dwell.openTarget).toBeNull();
  });

  it('a pinned card stays when the pointer leaves', () => {
    const { dwell, calls } = setup();
    dwell.pointerAt('putin');
    vi.advanceTimersByTime(500);
    dwell.setPinned(true);
    dwell.pointerAt(null);
    vi.advanceTimersByTime(10_000);
    expect(calls.at(-1)).toBe('show:putin');
    dwell.dismiss();
    expect(calls.at(-1)).toBe('hide');
  });

  it('returning to the same name during the grace period cancels the hide', () => {
    const { dwell, calls } = setup();
    dwell.pointerAt('putin');
    vi.advanceTimersByTime(500);
    dwell.pointerAt(null);
    vi.advanceTimersByTime(HIDE_GRACE_MS - 50);
    dwell.pointerAt('putin');
    vi.advanceTimersByTime(5000);
    expect(calls.filter((c) => c === 'hide')).toEqual([]);
  });

  it('moving to another name replaces the card after that name’s dwell', () => {
    const { dwell, calls } = setup();
    dwell.pointerAt('putin');
    vi.advanceTimersByTime(500);
    dwell.pointerAt('sochi');
    vi.advanceTimersByTime(500);
    expect(calls).toContain('show:sochi');
    expect(dwell.openTarget).toBe('sochi');
  });

  it('clears the quiet feedback when a prepared name is left before the card shows', () => {
    const { dwell, calls } = setup();
    dwell.pointerAt('putin');
    vi.advanceTimersByTime(PREPARE_MS + 10);
    dwell.pointerAt(null);
    expect(calls).toEqual(['prepare:putin', 'hide']);
  });

  it('openNow skips the dwell (keyboard and popup paths) and Esc dismisses', () => {
    const { dwell, calls } = setup();
    dwell.openNow('kremlin');
    expect(calls).toEqual(['show:kremlin']);
    dwell.dismiss();
    expect(calls).toEqual(['show:kremlin', 'hide']);
  });
});
