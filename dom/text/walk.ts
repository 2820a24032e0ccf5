/**
 * The scan: the blocks of a Document, Element or ShadowRoot, in document order, lazily. No recursion (an explicit
 * stack, so any depth of nesting is fine), no DOM writes, no Preact, no extension API.
 */

import { BlockBuilder } from './block-builder';
import { blockRootOf } from './block-root';
import { classify, isBlockElement, SILENT, summaryOnly, WALK } from './classify';
import { documentOf, makeEnv } from './env';
import {
  assignedNodes,
  CDATA_SECTION_NODE,
  DOCUMENT_FRAGMENT_NODE,
  DOCUMENT_NODE,
  ELEMENT_NODE,
  TEXT_NODE,
} from './native';
import type { ScanOptions, TextBlock } from './types';

interface Frame {
  /** Sibling-chain mode: next node to visit. */
  next: Node | null;
  /** Sibling-chain mode: the node whose children these are, and the child visited last (null before the first). */
  parent: Node | null;
  last: Node | null;
  /** `parent` was in a document when the frame began (a walk of a detached fragment is not a removal). */
  connected: boolean;
  /** Array mode (a slot's assigned nodes). */
  list: ArrayLike<Node> | null;
  index: number;
  /** End the current block when this frame is left. */
  boundary: boolean;
  container: Element;
  /** Only <summary> children are rendered (closed <details> without layout). */
  summaryOnly: boolean;
}

function rootContainer(root: Node): Element | null {
  switch (root.nodeType) {
    case ELEMENT_NODE:
      return root as Element;
    case DOCUMENT_NODE:
      return (root as Document).documentElement;
    case DOCUMENT_FRAGMENT_NODE: {
      const host = (root as ShadowRoot).host;
      if (host) return host;
      const first = (root as DocumentFragment).firstElementChild;
      return first ?? null;
    }
    default:
      return root.parentElement;
  }
}

/** What `walkSteps` yields between blocks when it has visited `pauseAfter` nodes without finishing one. */
export const PAUSE: unique symbol = Symbol('pause');

/**
 * Lazily walks `root` (Document, Element or ShadowRoot), yielding blocks in document order, so the caller can
 * time-slice (stop after ~8 ms and resume). Descends into OPEN shadow roots (and slots' assigned nodes);
 * closed shadow roots are invisible to us, so their host's light children are read instead.
 * An Element or Text root is itself subject to the skip rules, and so are its ancestors: a root that is, or is
 * inside, a hidden or skipped subtree yields nothing (so any root is safe to rescan).
 */
export function* walkBlocks(root: Node, options?: ScanOptions): Generator<TextBlock> {
  for (const step of walkSteps(root, options, Number.POSITIVE_INFINITY)) if (step !== PAUSE) yield step;
}

/**
 * `walkBlocks`, also yielding PAUSE after every `pauseAfter` nodes visited since its last yield: one block may hold
 * any number of nodes (a `<div>` of 200,000 `<span>`s), and a caller that time-slices needs a place to stop inside
 * it. The page may change during a pause as during any other; the block then under way may hold nodes the page
 * removed (the caller checks its nodes before use, as for any block read while the page changes).
 */
export function* walkSteps(
  root: Node,
  options: ScanOptions | undefined,
  pauseAfter: number,
): Generator<TextBlock | typeof PAUSE> {
  const doc = documentOf(root);
  if (doc && (doc as { designMode?: string }).designMode === 'on') return;
  const container = rootContainer(root);
  if (!container) return;
  const env = makeEnv(root, options);
  // A root inside a skipped or hidden subtree (a rescan inside an editor, say) yields nothing, as in a full scan.
  const type = root.nodeType;
  if (type !== DOCUMENT_NODE && (type !== DOCUMENT_FRAGMENT_NODE || (root as ShadowRoot).host)) {
    if (blockRootOf(root, options) === null) return;
  }
  const builder = new BlockBuilder();
  const stack: Frame[] = [];
  let depth = 0;

  const frame = (
    next: Node | null,
    list: ArrayLike<Node> | null,
    boundary: boolean,
    container: Element,
    summaries = false,
  ): void => {
    const parent = next?.parentNode ?? null;
    stack[depth++] = {
      next,
      parent,
      last: null,
      connected: parent?.isConnected === true,
      list,
      index: 0,
      boundary,
      container,
      summaryOnly: summaries,
    };
  };
  // While the walk is paused (between blocks) the page may change: a frame's next node may have been removed or
  // moved (its nextSibling is then null or elsewhere, and following it would skip the rest of its old siblings),
  // or a whole subtree being walked taken out of the page. Checked once per resume, frame by frame.
  const resume = (): void => {
    for (let d = 0; d < depth; d++) {
      const f = stack[d] as Frame;
      const parent = f.parent;
      if (parent === null) continue;
      if (f.connected && !parent.isConnected) {
        // Out of the page: nothing left to read in this frame or in those inside it.
        for (let k = d; k < depth; k++) {
          const g = stack[k] as Frame;
          g.next = null;
          g.index = g.list ? g.list.length : 0;
        }
        return;
      }
      if (f.next === null || f.next.parentNode === parent) continue;
      if (f.last !== null && f.last.parentNode === parent) f.next = f.last.nextSibling;
      else {
        f.next = null;
        options?.onLost?.(parent);
      }
    }
  };

  switch (type) {
    case ELEMENT_NODE:
      // Visit the root element itself through the same rules as any other element.
      frame(null, [root], true, container);
      break;
    case DOCUMENT_NODE:
    case DOCUMENT_FRAGMENT_NODE:
      frame(root.firstChild, null, true, container);
      break;
    case TEXT_NODE:
    case CDATA_SECTION_NODE:
      frame(null, [root], true, container);
      break;
    default:
      return;
  }

  // Set after every yield: the caller may have paused there, and the page changed in between.
  let paused = false;
  let visited = 0;
  while (depth > 0) {
    if (paused) {
      paused = false;
      visited = 0;
      resume();
    } else if (++visited > pauseAfter) {
      yield PAUSE;
      paused = true;
      continue;
    }
    const top = stack[depth - 1] as Frame;
    let node: Node | null;
    if (top.list) {
      node = top.index < top.list.length ? (top.list[top.index++] ?? null) : null;
    } else {
      node = top.next;
      if (node) {
        top.next = node.nextSibling;
        top.last = node;
      }
    }
    if (!node) {
      stack[--depth] = undefined as unknown as Frame;
      if (top.boundary) {
        const block = builder.take();
        if (block) {
          yield block;
          paused = true;
        }
      }
      continue;
    }

    const type = node.nodeType;
    if (type === TEXT_NODE || type === CDATA_SECTION_NODE) {
      if (!top.summaryOnly) builder.add(node as Text, top.container);
      continue;
    }
    if (type !== ELEMENT_NODE) continue;

    const el = node as Element;
    const tag = el.localName;
    if (top.summaryOnly && tag !== 'summary') continue;
    const verdict = classify(el, env, options, tag);
    if (verdict === SILENT) continue;
    if (verdict !== WALK) {
      const block = builder.take();
      if (block) {
        yield block;
        paused = true;
      }
      continue;
    }

    const block = isBlockElement(el, env, tag);
    const shadow = (el as { shadowRoot?: ShadowRoot | null }).shadowRoot ?? null;
    const isSlot = tag === 'slot';
    const assigned = isSlot ? assignedNodes(el) : null;
    const useAssigned = assigned !== null && assigned.length > 0;
    // Tree-scope changes end the block too: a Range cannot span a shadow boundary.
    const boundary = block || shadow !== null || useAssigned;
    if (boundary) {
      const done = builder.take();
      if (done) {
        yield done;
        paused = true;
      }
    }
    const innerContainer = block ? el : top.container;
    if (shadow) {
      options?.onShadowRoot?.(shadow);
      if (shadow.firstChild) frame(shadow.firstChild, null, true, innerContainer);
    } else if (useAssigned) {
      frame(null, assigned, true, innerContainer);
    } else if (el.firstChild) {
      frame(el.firstChild, null, boundary, innerContainer, summaryOnly(el, env, options, tag));
    }
  }
}

/** All blocks of `root` at once (see walkBlocks). */
export function collectBlocks(root: Node, options?: ScanOptions): TextBlock[] {
  const out: TextBlock[] = [];
  let n = 0;
  for (const block of walkBlocks(root, options)) out[n++] = block;
  return out;
}
