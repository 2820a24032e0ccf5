/**
 * The hover dwell state machine: when a card opens and closes as the pointer moves. Pure (timers are
 * injected), so every timing rule is unit-tested without a browser.
 *
 * Rules (WCAG 1.4.13 and Wikipedia Page Previews): nothing before PREPARE_MS; the card after the dwell; a grace
 * period before hiding so the pointer can move into the card; the card stays while hovered or pinned; Esc
 * dismisses.
 */
import { HIDE_GRACE_MS, PREPARE_MS } from './timing';

export interface Timers {
  set(fn: () => void, ms: number): number;
  clear(id: number): void;
}

export interface DwellCallbacks<T> {
  /** The pointer has rested PREPARE_MS on `target`: give quiet feedback, load what the card needs. */
  prepare(target: T): void;
  /** Dwell reached: show the card for `target` (replacing any other). */
  show(target: T): void;
  /** Hide the card, if any; also called when a pending target is abandoned after `prepare`. */
  hide(): void;
}

export interface DwellOptions<T> {
  dwellMs: () => number;
  same: (a: T, b: T) => boolean;
  timers: Timers;
}

export interface Dwell<T> {
  /** Feed every hit-test result: the mention under the pointer, or null. */
  pointerAt(target: T | null): void;
  cardEnter(): void;
  cardLeave(): void;
  setPinned(pinned: boolean): void;
  /** Open at once (keyboard path, popup reveal), skipping the dwell. */
  openNow(target: T): void;
  /** Esc, or the page's text going away: close now, whatever the state. */
  dismiss(): void;
  readonly openTarget: T | null;
  readonly pinned: boolean;
  destroy(): void;
}

export function createDwell<T>(options: DwellOptions<T>, cb: DwellCallbacks<T>): Dwell<T> {
  const { timers, same } = options;
  let pending: T | null = null;
  let prepared = false;
  let open: T | null = null;
  let pinned = false;
  let cardHovered = false;
  let prepareTimer = 0;
  let showTimer = 0;
  let hideTimer = 0;

  const clearPending = () => {
    if (prepareTimer) timers.clear(prepareTimer);
    if (showTimer) timers.clear(showTimer);
    prepareTimer = showTimer = 0;
    pending = null;
    prepared = false;
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
    pointerAt(target) {
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
      prepareTimer = timers.set(() => {
        prepareTimer = 0;
        prepared = true;
        cb.prepare(target);
      }, PREPARE_MS);
      showTimer = timers.set(
        () => {
          showTimer = 0;
          pending = null;
          prepared = false;
          cancelHide();
          open = target;
          pinned = false;
          cb.show(target);
        },
        Math.max(options.dwellMs(), PREPARE_MS),
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
    get pinned() {
      return pinned;
    },
    destroy() {
      clearPending();
      cancelHide();
    },
  };
}
