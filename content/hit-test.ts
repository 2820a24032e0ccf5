/**
 * Hit-testing: the mention under a point of the viewport, through the caret position there (no per-range lookup,
 * so the cost does not grow with the number of highlights).
 */
import { liveRange, type Target } from './mention';
import type { MentionStore } from './store';

type CaretDoc = Document & {
  caretPositionFromPoint?: (x: number, y: number) => { offsetNode: Node; offset: number } | null;
};

/**
 * @param accept whether a mention counts (its card would open); checked before any layout is read.
 * @param slop how far outside the name's box the point may be, in px: a fingertip is less exact than a mouse.
 */
export function mentionAtPoint(
  doc: Document,
  store: MentionStore,
  x: number,
  y: number,
  accept: (t: Target) => boolean,
  slop = 1,
): Target | null {
  let node: Node | null = null;
  let offset = 0;
  const d = doc as CaretDoc;
  if (typeof d.caretPositionFromPoint === 'function') {
    const p = d.caretPositionFromPoint(x, y);
    if (p) ({ offsetNode: node, offset } = p);
  } else if (typeof doc.caretRangeFromPoint === 'function') {
    const r = doc.caretRangeFromPoint(x, y);
    if (r) ({ startContainer: node, startOffset: offset } = r);
  }
  if (!node) return null;
  const t = store.mentionAt(node, offset);
  if (!t || !accept(t)) return null;
  // The caret snaps to the nearest text even past the end of a line: require the point on the name itself.
  for (const r of liveRange(doc, t)?.getClientRects() ?? [])
    if (x >= r.left - slop && x <= r.right + slop && y >= r.top - slop && y <= r.bottom + slop) return t;
  return null;
}
