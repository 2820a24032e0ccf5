/**
 * What the benchmark (scripts/bench/) reads from a bench build (READER_CONTEXT_BENCH=1, extension/test-hooks.ts),
 * declared once for both sides.
 */

/**
 * In a bench build's background, the time its first look has taken since the background started, and when that
 * was (a background the browser stopped and started again counts from zero): the bench reads it around each trial,
 * so that the work the page no longer does stays in its figures (background/first-look.ts).
 */
export const LOOK_TIME_KEY = '__readerContextLookTime';
export type LookTime = { since: number; ms: number };
