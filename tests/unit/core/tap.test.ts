import { describe, expect, it } from 'vitest';
import { createTapRecognizer, TAP_SLOP_PX } from '@/core/tap';
import { TAP_MAX_MS } from '@/core/timing';

const p = (x: number, y: number, at: number, pointerId = 1) => ({ pointerId, x, y, at });

describe('tap recognizer', () => {
  it('a finger that goes down and up in place, quickly, taps', () => {
    const r = createTapRecognizer();
    r.down(p(100, 100, 0));
    r.move(p(103, 102, 40));
    expect(r.up(p(104, 103, 90))).toBe(true);
  });

  it('a finger that travels farther than the slop is a scroll or a drag, even if it comes back', () => {
    const r = createTapRecognizer();
    r.down(p(100, 100, 0));
    r.move(p(100, 100 + TAP_SLOP_PX + 5, 30));
    r.move(p(100, 100, 60));
    expect(r.up(p(100, 100, 90))).toBe(false);
  });

  it('a long-press is left to the browser', () => {
    const r = createTapRecognizer();
    r.down(p(100, 100, 0));
    expect(r.up(p(100, 100, TAP_MAX_MS + 1))).toBe(false);
  });

  it('pointercancel (the browser took the touch for a scroll) ends the tap', () => {
    const r = createTapRecognizer();
    r.down(p(100, 100, 0));
    r.cancel(1);
    expect(r.up(p(100, 100, 50))).toBe(false);
  });

  it('two fingers are a pinch: neither lifting taps', () => {
    const r = createTapRecognizer();
    r.down(p(100, 100, 0, 1));
    r.down(p(200, 200, 10, 2));
    expect(r.up(p(200, 200, 60, 2))).toBe(false);
    expect(r.up(p(100, 100, 70, 1))).toBe(false);
  });

  it('an up without its down (the touch began before the script listened) is no tap; the next one is', () => {
    const r = createTapRecognizer();
    expect(r.up(p(100, 100, 10))).toBe(false);
    r.down(p(50, 50, 100, 2));
    expect(r.up(p(50, 50, 150, 2))).toBe(true);
  });
});
