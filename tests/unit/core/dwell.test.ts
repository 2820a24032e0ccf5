import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDwell } from '@/core/dwell';
import { HIDE_GRACE_MS, PREPARE_MS, WARM_LEAD_MS, WARM_MIN_MS } from '@/core/timing';

function setup(dwellMs = 500, withWarm = false) {
  const calls: string[] = [];
  const warmth = withWarm
    ? { warm: (t: string) => calls.push(`warm:${t}`), cool: () => calls.push('cool') }
    : {};
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
      ...warmth,
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

  describe('warming the card before the dwell ends', () => {
    it('warms WARM_LEAD_MS before the dwell, then shows the warmed target', () => {
      const { dwell, calls } = setup(500, true);
      dwell.pointerAt('putin');
      vi.advanceTimersByTime(500 - WARM_LEAD_MS - 1);
      expect(calls).toEqual(['prepare:putin']);
      vi.advanceTimersByTime(1);
      expect(calls).toEqual(['prepare:putin', 'warm:putin']);
      vi.advanceTimersByTime(WARM_LEAD_MS);
      expect(calls).toEqual(['prepare:putin', 'warm:putin', 'show:putin']);
      expect(dwell.pendingTarget).toBeNull();
    });

    it('never warms before WARM_MIN_MS, even at the shortest dwell', () => {
      const { dwell, calls } = setup(150, true);
      dwell.pointerAt('putin');
      expect(dwell.pendingTarget).toBe('putin');
      vi.advanceTimersByTime(Math.max(WARM_MIN_MS, 150 - WARM_LEAD_MS) - 1);
      expect(calls).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(calls).toEqual(['warm:putin']);
      vi.advanceTimersByTime(150);
      expect(calls).toEqual(['warm:putin', 'prepare:putin', 'show:putin']);
    });

    it('cools a warmed target the pointer left before its card showed, and only then', () => {
      const { dwell, calls } = setup(150, true);
      dwell.pointerAt('putin');
      vi.advanceTimersByTime(100);
      dwell.pointerAt('sochi');
      expect(calls).toEqual(['warm:putin', 'cool']);
      vi.advanceTimersByTime(150);
      expect(calls).toEqual(['warm:putin', 'cool', 'warm:sochi', 'prepare:sochi', 'show:sochi']);
      // Leaving an open card hides it after the grace; nothing is left to cool.
      dwell.pointerAt(null);
      vi.advanceTimersByTime(HIDE_GRACE_MS);
      expect(calls.filter((c) => c === 'cool')).toHaveLength(1);
      expect(calls.at(-1)).toBe('hide');
    });

    it('a pointer passing by (under WARM_MIN_MS) warms nothing', () => {
      const { dwell, calls } = setup(150, true);
      dwell.pointerAt('putin');
      vi.advanceTimersByTime(WARM_MIN_MS - 1);
      dwell.pointerAt(null);
      vi.advanceTimersByTime(1000);
      expect(calls).toEqual([]);
    });
  });

  describe('in step with animation frames', () => {
    /** Frames every `interval` ms from t = 0, on the fake clock. */
    function framed(dwellMs: number, interval: number) {
      const calls: string[] = [];
      const frames = {
        request(fn: (t: number) => void) {
          const now = Date.now();
          const next = Math.floor(now / interval + 1) * interval;
          return setTimeout(() => fn(next), next - now) as unknown as number;
        },
        cancel: (id: number) => clearTimeout(id),
        now: () => Date.now(),
      };
      const dwell = createDwell<string>(
        {
          dwellMs: () => dwellMs,
          same: (a, b) => a === b,
          timers: {
            set: (fn, ms) => setTimeout(fn, ms) as unknown as number,
            clear: (id) => clearTimeout(id),
            frames,
          },
        },
        {
          prepare: (t) => calls.push(`prepare:${t}@${Date.now()}`),
          show: (t) => calls.push(`show:${t}@${Date.now()}`),
          hide: () => calls.push(`hide@${Date.now()}`),
        },
      );
      return { dwell, calls };
    }

    beforeEach(() => vi.setSystemTime(0));

    it('shows in the frame that starts exactly when the dwell ends, not a frame later', () => {
      // 150 ms is nine 50/3 ms frames: a plain 150 ms timer would fire just after that frame began.
      const { dwell, calls } = framed(150, 50 / 3);
      dwell.pointerAt('putin', 0);
      vi.advanceTimersByTime(149);
      expect(calls.filter((c) => c.startsWith('show'))).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(calls).toContain('show:putin@150');
    });

    it('never shows before the dwell: the first frame at or after its end', () => {
      const { dwell, calls } = framed(500, 16);
      dwell.pointerAt('putin', 3);
      vi.advanceTimersByTime(600);
      // The dwell ends at 503; frames come at multiples of 16: 496 is too early, 512 is the one.
      expect(calls).toEqual(['prepare:putin@150', 'show:putin@512']);
    });

    it('does not trust a rest time from the future or from long ago (a coarsened clock): the dwell is never cut short', () => {
      const { dwell, calls } = framed(150, 10);
      vi.setSystemTime(1000);
      // A frame time 120 ms old would put the end of the dwell 120 ms early.
      dwell.pointerAt('putin', 880);
      vi.advanceTimersByTime(149);
      expect(calls.filter((c) => c.startsWith('show'))).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(calls).toContain('show:putin@1150');
      const other = framed(150, 10);
      other.dwell.pointerAt('sochi', 5000);
      vi.advanceTimersByTime(160);
      expect(other.calls).toContain('show:sochi@1300');
    });

    it('moving on cancels a show that was waiting for its frame', () => {
      const { dwell, calls } = framed(150, 50);
      dwell.pointerAt('putin', 0);
      // The timer has woken (SHOW_LEAD_MS early) and asked for the frame at 150.
      vi.advanceTimersByTime(148);
      dwell.pointerAt(null);
      vi.advanceTimersByTime(500);
      expect(calls.filter((c) => c.startsWith('show'))).toEqual([]);
    });
  });
});
