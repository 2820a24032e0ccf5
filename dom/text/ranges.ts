/** Offsets in a block's text ↔ DOM boundary points and ranges. */
import { NativeStaticRange } from './native';
import type { TextBlock } from './types';

/** Index of the last node whose start is <= offset (or < offset when `strict`). */
function nodeIndexAt(starts: readonly number[], offset: number, strict: boolean): number {
  let lo = 0;
  let hi = starts.length - 1;
  let ans = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const s = starts[mid] as number;
    if (strict ? s < offset : s <= offset) {
      ans = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return ans;
}

/**
 * Map [start,end) in block.text to DOM boundary points (binary search over starts). A start at a node edge is
 * placed at the beginning of the following node and an end at the end of the preceding one, so a range never
 * begins or ends with an empty piece of a neighbouring node. Throws RangeError for offsets outside the block.
 */
export function boundaryPoints(
  block: TextBlock,
  start: number,
  end: number,
): { startContainer: Text; startOffset: number; endContainer: Text; endOffset: number } {
  const length = block.text.length;
  if (!(start >= 0 && start <= end && end <= length) || block.nodes.length === 0) {
    throw new RangeError(`boundaryPoints: [${start}, ${end}) is outside the block (length ${length})`);
  }
  const si = nodeIndexAt(block.starts, start, false);
  const ei = end === 0 ? 0 : nodeIndexAt(block.starts, end, true);
  return {
    startContainer: block.nodes[si] as Text,
    startOffset: start - (block.starts[si] as number),
    endContainer: block.nodes[ei] as Text,
    endOffset: end - (block.starts[ei] as number),
  };
}

/**
 * Same, as a StaticRange (browser; it does not slow the page's own DOM edits the way live Ranges do) or a Range
 * (fallback where StaticRange is missing, e.g. happy-dom). A StaticRange does not follow edits: rescan the
 * block's root after a mutation.
 */
export function toRange(block: TextBlock, start: number, end: number): AbstractRange {
  const points = boundaryPoints(block, start, end);
  const view = points.startContainer.ownerDocument?.defaultView as
    | { StaticRange?: unknown }
    | null
    | undefined;
  const Ctor =
    NativeStaticRange ??
    (typeof view?.StaticRange === 'function'
      ? (view.StaticRange as new (
          init: StaticRangeInit,
        ) => StaticRange)
      : undefined);
  if (Ctor) return new Ctor(points);
  const range = points.startContainer.ownerDocument.createRange();
  range.setStart(points.startContainer, points.startOffset);
  range.setEnd(points.endContainer, points.endOffset);
  return range;
}

/**
 * Points a reused `range` at [startContainer:startOffset, endContainer:endOffset]. `setStart` alone compares the new
 * start with wherever the range ended before, and where the two lie far apart in the page that comparison walks the
 * sibling lists between them, which on a long page costs more than the rest of the update.
 * Selecting the start node's contents first keeps every comparison inside the new range's own nodes. Meant for a
 * Text start (every caller's): an element's contents end after its last child, which Chromium counts.
 */
export function aimRange(
  range: Range,
  startContainer: Node,
  startOffset: number,
  endContainer: Node,
  endOffset: number,
): void {
  range.selectNodeContents(startContainer);
  range.setStart(startContainer, startOffset);
  range.setEnd(endContainer, endOffset);
}

const nodeIndexCache = new WeakMap<TextBlock, Map<Text, number>>();
const LINEAR_SEARCH_LIMIT = 32;

function indexOfNode(block: TextBlock, node: Text): number {
  const nodes = block.nodes;
  if (nodes.length <= LINEAR_SEARCH_LIMIT) {
    for (let i = 0; i < nodes.length; i++) if (nodes[i] === node) return i;
    return -1;
  }
  let map = nodeIndexCache.get(block);
  if (!map) {
    map = new Map();
    for (let i = 0; i < nodes.length; i++) map.set(nodes[i] as Text, i);
    nodeIndexCache.set(block, map);
  }
  return map.get(node) ?? -1;
}

/**
 * Given a Text node and offset (e.g. from caretPositionFromPoint), find the block offset; -1 when the node is
 * not part of the block (find the block with a Text → block map kept by the caller). Offsets beyond the node's
 * data are clamped.
 */
export function offsetInBlock(block: TextBlock, node: Text, offset: number): number {
  const i = indexOfNode(block, node);
  if (i < 0) return -1;
  const len = node.data.length;
  const clamped = Math.min(Math.max(offset, 0), len);
  return (block.starts[i] as number) + clamped;
}
