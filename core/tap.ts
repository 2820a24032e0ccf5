/**
 * Tells a tap from a scroll, a drag or a long-press, from the pointer events of one finger. Pure: the content
 * script feeds it trusted touch pointer events and asks, when the finger lifts, whether that was a tap.
 *
 * A tap: down and up on the same pointer, no farther apart than TAP_SLOP_PX and no longer than TAP_MAX_MS. A
 * pointercancel means the browser took the touch for itself (a scroll, a pinch, a long-press menu): no tap. A
 * second finger going down makes a pinch of it: no tap either.
 */
import { TAP_MAX_MS } from './timing';

/**
 * How far a finger may move and still tap. Android's touch slop is 8 dp; a finger's contact point wanders a few
 * pixels between down and up even when the reader means to hold still.
 */
export const TAP_SLOP_PX = 10;

export interface TouchPoint {
  pointerId: number;
  x: number;
  y: number;
  /** Event time in ms (Event.timeStamp). */
  at: number;
}

export interface TapRecognizer {
  down(p: TouchPoint): void;
  move(p: TouchPoint): void;
  cancel(pointerId: number): void;
  /** The finger lifted: whether it was a tap. */
  up(p: TouchPoint): boolean;
}

export function createTapRecognizer(): TapRecognizer {
  let start: TouchPoint | null = null;
  /** Fingers on the screen: more than one is a pinch, and nothing that ends it is a tap. */
  const down = new Set<number>();
  const far = (a: TouchPoint, b: TouchPoint) => Math.hypot(a.x - b.x, a.y - b.y) > TAP_SLOP_PX;
  return {
    down(p) {
      down.add(p.pointerId);
      start = down.size === 1 ? p : null;
    },
    move(p) {
      if (start?.pointerId === p.pointerId && far(start, p)) start = null;
    },
    cancel(pointerId) {
      down.delete(pointerId);
      if (start?.pointerId === pointerId) start = null;
    },
    up(p) {
      down.delete(p.pointerId);
      const s = start;
      if (s?.pointerId !== p.pointerId) return false;
      start = null;
      return !far(s, p) && p.at - s.at <= TAP_MAX_MS;
    },
  };
}
