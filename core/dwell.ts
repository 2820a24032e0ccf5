/**
 * The hover dwell state machine: when a card opens and closes as the pointer moves. Pure (timers are
 * injected), so every timing rule is unit-tested without a browser.
 *
 * Rules (WCAG 1.4.13 and Wikipedia Page Previews): nothing visible before PREPARE_MS; the card after the dwell
 * (made ready invisibly just before it ends, shown in the frame that starts at its end); a grace period before
 * hiding so the pointer can move into the card; the card stays while hovered or pinned; Esc dismisses.
 */
import { FRAME_SLACK_MS, HIDE_GRACE_MS, PREPARE_MS, SHOW_LEAD_MS, WARM_LEAD_MS, WARM_MIN_MS } from './timing';

/** How old a hit-test frame's time may be and still be when the pointer came to rest: two 60 Hz frames. */
const MAX_FRAME_AGE_MS = 34;

export interface Timers {
  set(fn: () => void, ms: number): number;
  clear(id: number): void;
  /**
   * Animation frames, where there are any. With them the card is revealed in the first frame that starts once the
   * dwell is over. A plain timer set for the dwell fires just after that frame has begun whenever the dwell is a
   * whole number of frames — 150 and 500 ms are, at 60 Hz — and the card then waits a whole frame more.
   */
  frames?: {
    request(fn: (frameTime: number) => void): number;
    cancel(id: number): void;
    now(): number;
  };
}

export interface DwellCallbacks<T> {
  /** The pointer has rested PREPARE_MS on `target`: give quiet feedback, load what the card needs. */
  prepare(target: T): void;
  /** Dwell reached: show the card for `target` (replacing any other). */
  show(target: T): void;
  /** Hide the card, if any; also called when a pending target is abandoned after `prepare`. */
  hide(): void;
  /**
   * WARM_LEAD_MS before the dwell ends (not before WARM_MIN_MS): get the card for `target` ready, invisibly, so
   * that `show` only has to reveal it.
   */
  warm?(target: T): void;
  /** A warmed target was abandoned before its card showed: drop what `warm` got ready. */
  cool?(): void;
}

export interface DwellOptions<T> {
  dwellMs: () => number;
  same: (a: T, b: T) => boolean;
  timers: Timers;
}

export interface Dwell<T> {
  /**
   * Feed every hit-test result: the mention under the pointer, or null. `at`: when the pointer got there (the
   * hit-test frame's time, on the clock of `timers.frames`); now by default.
   */
  pointerAt(target: T | null, at?: number): void;
  cardEnter(): void;
  cardLeave(): void;
  setPinned(pinned: boolean): void;
  /** Open at once (keyboard path, popup reveal), skipping the dwell. */
  openNow(target: T): void;
  /** Esc, or the page's text going away: close now, whatever the state. */
  dismiss(): void;
  readonly openTarget: T | null;
  /** The target the pointer is resting on, whose card is not shown yet. */
  readonly pendingTarget: T | null;
  readonly pinned: boolean;
  destroy(): void;
}

export function createDwell<T>(options: DwellOptions<T>, cb: DwellCallbacks<T>): Dwell<T> {
  const { timers, same } = options;
  let pending: T | null = null;
  let prepared = false;
  let warmed = false;
  let open: T | null = null;
  let pinned = false;
  let cardHovered = false;
  let warmTimer = 0;
  let prepareTimer = 0;
  let showTimer = 0;
  let showFrame = 0;
  let hideTimer = 0;

  const clearPending = () => {
    if (warmTimer) timers.clear(warmTimer);
    if (prepareTimer) timers.clear(prepareTimer);
    if (showTimer) timers.clear(showTimer);
    if (showFrame) timers.frames?.cancel(showFrame);
    warmTimer = prepareTimer = showTimer = showFrame = 0;
    pending = null;
    prepared = false;
    if (warmed) {
      warmed = false;
      cb.cool?.();
    }
  };
  const cancelHide = () => {
    if (hideTimer) timers.clear(hideTimer);
    hideTimer = 0;
  };
  const hideNow = () => {
    cancelHide();
    open = null;
    pinned = false;
    cb.hide();
  };
  const scheduleHide = () => {
    if (!open || pinned || cardHovered || hideTimer) return;
    hideTimer = timers.set(() => {
      hideTimer = 0;
      if (!pinned && !cardHovered) hideNow();
    }, HIDE_GRACE_MS);
  };

  return {
    pointerAt(target, at) {
      if (target === null) {
        // A prepared-but-unshown target leaves its quiet feedback behind unless told to go.
        const hadPrepared = prepared && !open;
        clearPending();
        if (hadPrepared) cb.hide();
        scheduleHide();
        return;
      }
      if (open && same(open, target)) {
        clearPending();
        cancelHide();
        return;
      }
      if (pending && same(pending, target)) return;
      clearPending();
      // Moving to another name: the open card, if any, gets the same grace as leaving it.
      scheduleHide();
      pending = target;
      const dwellMs = Math.max(options.dwellMs(), PREPARE_MS);
      if (cb.warm) {
        warmTimer = timers.set(
          () => {
            warmTimer = 0;
            warmed = true;
            cb.warm?.(target);
          },
          Math.max(WARM_MIN_MS, dwellMs - WARM_LEAD_MS),
        );
      }
      prepareTimer = timers.set(() => {
        prepareTimer = 0;
        prepared = true;
        cb.prepare(target);
      }, PREPARE_MS);
      const show = () => {
        // At the shortest dwell the frame can come before the prepare timer: the card needs no quiet feedback.
        if (prepareTimer) timers.clear(prepareTimer);
        if (warmTimer) timers.clear(warmTimer);
        showTimer = showFrame = prepareTimer = warmTimer = 0;
        pending = null;
        prepared = false;
        warmed = false;
        cancelHide();
        open = target;
        pinned = false;
        cb.show(target);
      };
      const frames = timers.frames;
      if (!frames) {
        showTimer = timers.set(show, dwellMs);
        return;
      }
      // Wake a little early, then show in the first frame that starts at the end of the dwell. A rest start from
      // the future, or from longer ago than a slow frame (a coarsened clock), is not trusted: now is used.
      const now = frames.now();
      const rest = at !== undefined && at <= now && at >= now - MAX_FRAME_AGE_MS ? at : now;
      const due = rest + dwellMs;
      const onFrame = (frameTime: number) => {
        if (frameTime >= due - FRAME_SLACK_MS) show();
        else showFrame = frames.request(onFrame);
      };
      showTimer = timers.set(
        () => {
          showTimer = 0;
          showFrame = frames.request(onFrame);
        },
        Math.max(0, due - SHOW_LEAD_MS - now),
      );
    },
    cardEnter() {
      cardHovered = true;
      cancelHide();
    },
    cardLeave() {
      cardHovered = false;
      scheduleHide();
    },
    setPinned(p) {
      pinned = p;
      if (p) cancelHide();
    },
    openNow(target) {
      clearPending();
      cancelHide();
      open = target;
      pinned = false;
      cb.show(target);
    },
    dismiss() {
      clearPending();
      cardHovered = false;
      hideNow();
    },
    get openTarget() {
      return open;
    },
    get pendingTarget() {
      return pending;
    },
    get pinned() {
      return pinned;
    },
    destroy() {
      clearPending();
      cancelHide();
    },
  };
}
