/**
 * The first look, answered to `look:text`: whether a page's text may name anyone (core/matcher/first-look.ts). It
 * runs here rather than in the page so that its patterns are compiled once per background lifetime and its code
 * runs warm, where in content.js both were paid again, cold, on the page's thread at every page load
 * (docs/adr/0009-first-look-in-the-background.md).
 */
import { type FirstLook, readLook } from '@/core/matcher/first-look';

/**
 * The look for the build's patterns (`#first-look`, JSON of LookData or of null), made on the first question and
 * kept. Answers null where there is none (a knowledge base too large for one), or where the bundled text is not
 * one: the content script then starts the app, whose matcher decides.
 */
export function firstLookFrom(json: string): (text: string) => boolean | null {
  let look: FirstLook | null | undefined;
  return (text) => {
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
}
