/**
 * The first look, answered to `look:text`: whether a page's text may name anyone (core/matcher/first-look.ts). It
 * runs here rather than in the page so that its patterns are compiled once per background lifetime and its code
 * runs warm, where in content.js both were paid again, cold, on the page's thread at every page load
 * (docs/adr/0009-first-look-in-the-background.md).
 */

import { LOOK_TIME_KEY, type LookTime } from '@/core/bench';
import { type FirstLook, readLook } from '@/core/matcher/first-look';
import { BENCH_BUILD } from '@/extension/test-hooks';

/**
 * The look for the build's patterns (`#first-look`, JSON of LookData or of null), made on the first question and
 * kept. Answers null where there is none (a knowledge base too large for one), or where the bundled text is not
 * one: the content script then starts the app, whose matcher decides.
 */
export function firstLookFrom(json: string): (text: string) => boolean | null {
  let look: FirstLook | null | undefined;
  const answer = (text: string) => {
    if (look === undefined) {
      try {
        look = readLook(json);
      } catch (err) {
        console.warn('[reader-context] first look', err);
        look = null;
      }
    }
    return look ? look.mayNameInParts(text) : null;
  };
  return BENCH_BUILD ? timed(answer) : answer;
}

/** `answer`, its time added up where the bench reads it (`LOOK_TIME_KEY`). */
function timed(answer: (text: string) => boolean | null): (text: string) => boolean | null {
  const total: LookTime = { since: Date.now(), ms: 0 };
  (globalThis as unknown as Record<string, LookTime>)[LOOK_TIME_KEY] = total;
  return (text) => {
    const began = performance.now();
    try {
      return answer(text);
    } finally {
      total.ms += performance.now() - began;
    }
  };
}
