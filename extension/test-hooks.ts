/**
 * The test hooks switch: storage.local `testHooks: true`, set only by the project's end-to-end harness and the
 * real-pages suite (docs/SECURITY.md); the benchmark's own builds have the hooks on without it (below). With it
 * on, the content script writes User Timing entries a test can wait for ('reader-context:ready', one
 * 'reader-context:scan' measure per pass) and opens the card's shadow root so a test can read the card. Off, as
 * for every reader, a page sees neither. Pages cannot reach extension storage, so a page cannot turn it on.
 */
import { readLocal } from './local-item';

export const TEST_HOOKS_KEY = 'testHooks';

/** Set by the build (wxt.config.ts): true only in the benchmark's own builds, READER_CONTEXT_BENCH=1. */
declare const __READER_CONTEXT_BENCH__: boolean | undefined;
/**
 * The benchmark's builds (made into .bench/, never packaged) have the hooks on under automation without asking
 * storage: the bench times the extension on pages that name no one, and asking storage there (the first call
 * into the storage API in each page, a millisecond or more) is a cost no reader's browser pays.
 */
export const BENCH_BUILD =
  typeof __READER_CONTEXT_BENCH__ !== 'undefined' && __READER_CONTEXT_BENCH__ === true;

/**
 * Whether the test hooks are on; off when storage is unreadable. Those tools all drive the browser by automation,
 * which the browser tells every page and extension (`navigator.webdriver`, not settable by a page); in any other
 * browser, as every reader's, storage is not asked: the first look would otherwise ask it on every page with no
 * name, only to learn that the switch is off.
 */
export async function readTestHooks(
  nav: { webdriver?: boolean } | undefined = globalThis.navigator,
): Promise<boolean> {
  if (nav?.webdriver !== true) return false;
  if (BENCH_BUILD) return true;
  try {
    return (await readLocal(TEST_HOOKS_KEY)) === true;
  } catch {
    return false;
  }
}
