/**
 * Stepping through the page's mentions: which mention comes next, for the keyboard commands, the popup's list and
 * the card's previous/next. Each returns a target; the hover controller reveals it.
 */
import { entityOf, type Target } from './mention';
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
