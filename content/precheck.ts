/**
 * The pre-check: most pages a reader opens name no one the knowledge has. Their whole text, read in one native
 * call, is matched before anything is walked; when it names no one, the page is not walked at all (the walk's
 * per-element checks are most of what the extension would cost such a page). Changes the page makes later are
 * still followed and read as usual.
 */
import type { CompiledMatcher } from '@/core/matcher/types';
import { nextChunkEnd } from './chunks';

/** Above this much text the pre-check is skipped: matching it in one task could make that task a long one. */
const MAX_PRECHECK_CHARS = 512 * 1024;

/** Whether `root`'s text certainly names no one the matcher knows. False when in doubt. */
export function namesNoOne(root: Node, matcher: CompiledMatcher): boolean {
  // Text inside shadow roots is not in textContent: such a page is walked.
  if (hasShadowRoots(root)) return false;
  const text = root.textContent ?? '';
  if (text.length > MAX_PRECHECK_CHARS) return false;
  for (let from = 0; from < text.length; ) {
    const end = nextChunkEnd(text, from);
    if (matcher.match(text.slice(from, end)).length > 0) return false;
    from = end;
  }
  return true;
}

function hasShadowRoots(root: Node): boolean {
  if (!(root instanceof Element)) return false;
  if (root.shadowRoot) return true;
  for (const el of root.getElementsByTagName('*')) if (el.shadowRoot) return true;
  return false;
}
