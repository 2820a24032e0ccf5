/** Where to rescan after a mutation: the element that bounds the blocks around a changed node. */
import { BREAK, classify, isBlockElement, summaryOnly, WALK } from './classify';
import { makeEnv } from './env';
import { DOCUMENT_FRAGMENT_NODE, DOCUMENT_NODE, ELEMENT_NODE } from './native';
import type { ScanOptions } from './types';

/**
 * The nearest ancestor (or self) that bounds a block, for rescanning after a mutation: `walkBlocks(result)`
 * yields exactly the blocks the full scan has inside it. That is the nearest block-level element, or the nearest
 * shadow host (shadow trees and slots are block boundaries), or, when none, the topmost element.
 * Returns null when nothing at `node` would be scanned: it sits in a skipped or hidden subtree (per `options`,
 * the same ones the scan uses), is an unslotted child of a shadow host, or is not inside any element.
 */
export function blockRootOf(node: Node, options?: ScanOptions): Element | null {
  if (node.nodeType === DOCUMENT_NODE) return (node as Document).documentElement;
  const env = makeEnv(node, options);
  let found: Element | null = null;
  let top: Element | null = null;
  /** The node we came up from (null at the start). */
  let child: Node | null = null;
  let cur: Node | null = node;
  while (cur) {
    const type = cur.nodeType;
    if (type === ELEMENT_NODE) {
      const el = cur as Element;
      const verdict = classify(el, env, options);
      // A <br>/<hr> itself bounds nothing: its parent is rescanned.
      if (verdict !== WALK && !(verdict === BREAK && child === null)) return null;
      const shadow = (el as { shadowRoot?: ShadowRoot | null }).shadowRoot ?? null;
      if (child !== null) {
        // Light children of an open shadow host are rendered only when slotted.
        if (shadow && child.nodeType !== DOCUMENT_FRAGMENT_NODE) {
          if ((child as { assignedSlot?: unknown }).assignedSlot === null) return null;
        }
        if (summaryOnly(el, env, options) && (child as Element).localName !== 'summary') return null;
      }
      if (!found && verdict === WALK && (shadow !== null || isBlockElement(el, env))) found = el;
      top = el;
      child = el;
      cur = el.parentNode;
    } else if (type === DOCUMENT_FRAGMENT_NODE) {
      const host: Element | null = (cur as ShadowRoot).host ?? null;
      if (!host) break;
      // The host is visited next; having a shadow root, it bounds every block inside it.
      child = cur;
      cur = host;
    } else if (type === DOCUMENT_NODE) {
      break;
    } else {
      child = cur;
      cur = cur.parentNode;
    }
  }
  return found ?? top;
}
