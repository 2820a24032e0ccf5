/**
 * Stepping through the page's mentions: which mention comes next, for the keyboard commands, the popup's list and
 * the card's previous/next. Each returns a target; the hover controller reveals it.
 */
import { entityOf, liveRange, type Target } from './mention';
import type { MentionStore } from './store';

/** Next or previous mention of any entity, from `from` (or from the top). */
export function stepAny(store: MentionStore, from: Target | null, direction: 1 | -1): Target | null {
  return store.step(from && store.current(from), direction);
}

/** The same entity's neighbouring mention (the card's previous and next). */
export function stepSame(store: MentionStore, from: Target, direction: 1 | -1): Target | null {
  return store.step(store.current(from), direction, entityOf(from));
}

/**
 * Mention #index of `entity` (wrapping), or, without an index, the one after `from` when `from` is a mention of the
 * same entity (so repeated clicks cycle), else its first.
 */
export function entityMention(
  store: MentionStore,
  entity: string,
  index: number | undefined,
  from: Target | null,
): Target | null {
  const list = store.ordered(entity);
  if (list.length === 0) return null;
  if (index !== undefined) return list[((index % list.length) + list.length) % list.length] ?? null;
  const last = from && store.current(from);
  return store.step(last && entityOf(last) === entity ? last : null, 1, entity);
}

/**
 * The mention of `entity` that the reader's selection is on (the context menu's "Look up" acts on a selection), or
 * null when the selection covers none of its mentions.
 */
export function selectedMention(doc: Document, store: MentionStore, entity: string): Target | null {
  const selection = doc.getSelection();
  if (!selection || selection.rangeCount === 0) return null;
  const selected = selection.getRangeAt(0);
  // Usually the selection starts (or ends) inside the mention: one lookup.
  for (const [node, offset] of [
    [selected.startContainer, selected.startOffset],
    [selected.endContainer, selected.endOffset],
  ] as const) {
    const t = store.mentionAt(node, offset);
    if (t && entityOf(t) === entity) return t;
  }
  // Else a mention inside a wider selection (a name with the words around it).
  const root = selected.startContainer.getRootNode();
  for (const t of store.ordered(entity)) {
    const range = liveRange(doc, t);
    // Ranges in another tree (an open shadow root) cannot be compared with the selection.
    if (!range || range.startContainer.getRootNode() !== root) continue;
    // Overlapping: the mention starts before the selection ends and ends after it starts.
    if (
      range.compareBoundaryPoints(Range.END_TO_START, selected) < 0 &&
      range.compareBoundaryPoints(Range.START_TO_END, selected) > 0
    )
      return t;
  }
  return null;
}
