/**
 * Timing constants for everything the reader sees move, with the evidence behind each. Wikipedia's Page
 * Previews chose these from measurements on real readers.
 */

/** Nothing happens before the pointer has rested this long: filters pointers passing over a name. */
export const PREPARE_MS = 150;
/**
 * The card is rendered, still invisible, this long before its dwell ends, so that showing it is a change of opacity
 * rather than a render and a layout. A card's first render and layout (code not yet compiled, fonts) can take
 * several frames on a slow machine, and on a long page the frame after it repaints the page too; a shorter lead
 * leaves the card a frame or more late.
 */
export const WARM_LEAD_MS = 100;
/** …but never before the pointer has rested this long: shorter rests are mostly a pointer passing by. */
export const WARM_MIN_MS = 60;
/**
 * The dwell timer wakes this long before the dwell ends and waits for the next animation frame, so a frame that
 * begins right at the end of the dwell shows the card: timers fire up to a few ms late, 4 ms covers most.
 */
export const SHOW_LEAD_MS = 4;
/** A frame starting this close to the end of the dwell counts as starting at it (clock rounding, vsync jitter). */
export const FRAME_SLACK_MS = 1;
/** Default delay before the card shows; readers can change it in the options (150–2000 ms). */
export const DEFAULT_DWELL_MS = 500;
/** After the pointer leaves the name, wait this long before hiding, so it can travel into the card. */
export const HIDE_GRACE_MS = 300;
/** How long a revealed mention flashes; long enough to find on a scrolled page, short enough not to nag. */
export const FLASH_MS = 1200;
/**
 * Longest slice of scanning work before yielding to the page. 8 ms leaves half a 60 Hz frame for the page
 * itself, and slices this short, yielded through setTimeout, keep every frame under the 50 ms long-task line.
 */
export const SLICE_BUDGET_MS = 8;
/**
 * A slice of the extension's work waits for the page's own tasks, but never longer than this: on a page that keeps
 * the thread busy, the extension still gets one slice (at most SLICE_BUDGET_MS) in every 48 ms, a sixth of the
 * thread, and a name the page adds is marked within a few slices instead of whenever the page pauses.
 */
export const BACKGROUND_MAX_WAIT_MS = 40;
/** Batch DOM mutations for this long before rescanning: a live ticker or a mutation storm costs one pass. */
export const MUTATION_BATCH_MS = 100;
/**
 * A page's own change, when it is the first in a batch interval, is rescanned at once, in the microtask after it,
 * for at most this long; the rest goes on in slices. 2 ms is an eighth of a frame: enough for a ticker's line or
 * a live blog's entry, whose names are then marked in the frame that shows them.
 */
export const SYNC_RESCAN_MS = 2;
/**
 * A touch that lifts within this long is a tap. Longer is a long-press, which belongs to the browser (text
 * selection, a link's context menu); Android's own long-press threshold is 500 ms.
 */
export const TAP_MAX_MS = 500;
