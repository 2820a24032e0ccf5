/**
 * One mention on the page, as the content script's rooms pass it around: the block record it is in and its place
 * in that record's list. Helpers here read a mention's text; none of them keep state.
 */
import type { Mention } from '@/core/matcher/types';
import type { BlockMentions, PageMention } from '@/core/page-index';
import { boundaryPoints, type TextBlock, toRange } from '@/dom/text-blocks';

/** A block of the page's text and the mentions the matcher found in it. */
export type Rec = BlockMentions<TextBlock>;
/** One mention on the page. */
export type Target = PageMention<TextBlock>;

export const sameTarget = (a: Target | null, b: Target | null): boolean =>
  a === b || (a !== null && b !== null && a.record === b.record && a.i === b.i);

export const mentionOf = (t: Target): Mention | undefined => t.record.mentions[t.i];

export const entityOf = (t: Target): string | undefined => t.record.mentions[t.i]?.entity;

/** The text node a mention starts in. */
export function textOf(t: Target): Text | null {
  const m = mentionOf(t);
  return m ? boundaryPoints(t.record.block, m.start, m.end).startContainer : null;
}

/**
 * A live Range over the mention, or null when the page has changed its text since the scan (the rescan, at most a
 * batch away, will replace the record): offsets into changed text would point at the wrong words.
 */
export function liveRange(doc: Document, t: Target): Range | null {
  const { block } = t.record;
  for (let i = 0; i < block.nodes.length; i++) {
    const node = block.nodes[i] as Text;
    const length = (block.starts[i + 1] ?? block.text.length) - (block.starts[i] as number);
    if (!node.isConnected || node.data.length !== length) return null;
  }
  const m = mentionOf(t);
  if (!m) return null;
  const r = toRange(block, m.start, m.end);
  const live = doc.createRange();
  live.setStart(r.startContainer, r.startOffset);
  live.setEnd(r.endContainer, r.endOffset);
  return live;
}
