/**
 * Timing constants for everything the reader sees move, with the evidence behind each. Wikipedia's Page
 * Previews measured these on real readers (see ../shared/DESIGN.md, "Numbers with reasons").
 */

/** Nothing happens before the pointer has rested this long: filters pointers passing over a name. */
export const PREPARE_MS = 150;
/** Default delay before the card shows; readers can change it in the options (150–2000 ms). */
export const DEFAULT_DWELL_MS = 500;
/** After the pointer leaves the name, wait this long before hiding, so it can travel into the card. */
export const HIDE_GRACE_MS = 300;
/** How long a revealed mention flashes; long enough to find on a scrolled page, short enough not to nag. */
export const FLASH_MS = 1200;
/**
 * Longest slice of scanning work before yielding to the page. 8 ms leaves half a 60 Hz frame for the page
 * itself; in the trials recorded in DESIGN.md slices of ≤ 8 ms through setTimeout kept every frame under 50 ms.
 */
export const SLICE_BUDGET_MS = 8;
/** Batch DOM mutations for this long before rescanning: a live ticker or a mutation storm costs one pass. */
export const MUTATION_BATCH_MS = 100;
