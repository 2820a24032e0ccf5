/**
 * Hit-testing: the mention under a point of the viewport, through the caret position there (no per-range lookup,
 * so the cost does not grow with the number of highlights).
 */
import { liveRange, type Target } from './mention';
import type { MentionStore } from './store';

type CaretDoc = Document & {
  caretPositionFromPoint?: (x: number, y: number) => { offsetNode: Node; offset: number } | null;
};

/** @param accept whether a mention counts (its card would open); checked before any layout is read. */
export function mentionAtPoint(
  doc: Document,
  store: MentionStore,
  x: number,
  y: number,
  accept: (t: Target) => boolean,
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
    if (x >= r.left - 1 && x <= r.right + 1 && y >= r.top - 1 && y <= r.bottom + 1) return t;
  return null;
}
