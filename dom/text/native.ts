/**
 * DOM methods and node-type numbers the scanner relies on, cached at module load: a page may patch prototypes
 * later. (In the content script's isolated world page patches do not reach us at all; the annotator runs
 * happy-dom in Node.) The scanner's internal arrays are filled by index for the same reason, so a patched
 * `Array.prototype.push` in the same realm cannot interfere.
 */

export const ELEMENT_NODE = 1;
export const TEXT_NODE = 3;
export const CDATA_SECTION_NODE = 4;
export const DOCUMENT_NODE = 9;
export const DOCUMENT_FRAGMENT_NODE = 11;

type AnyFn = (this: unknown, ...args: never[]) => unknown;
const ElementProto: object | undefined =
  typeof Element === 'function' ? (Element.prototype as unknown as object) : undefined;
const SlotProto: object | undefined =
  typeof HTMLSlotElement === 'function' ? (HTMLSlotElement.prototype as unknown as object) : undefined;

function method(proto: object | undefined, name: string): AnyFn | undefined {
  const fn = proto ? (proto as Record<string, unknown>)[name] : undefined;
  return typeof fn === 'function' ? (fn as AnyFn) : undefined;
}

const nativeGetAttribute = method(ElementProto, 'getAttribute');
const nativeHasAttribute = method(ElementProto, 'hasAttribute');
const nativeHasAttributes = method(ElementProto, 'hasAttributes');
const nativeCheckVisibility = method(ElementProto, 'checkVisibility');
const nativeAssignedNodes = method(SlotProto, 'assignedNodes');
export const NativeStaticRange: (new (init: StaticRangeInit) => StaticRange) | undefined =
  typeof StaticRange === 'function' ? StaticRange : undefined;

export function getAttr(el: Element, name: string): string | null {
  return nativeGetAttribute
    ? (nativeGetAttribute as (this: Element, n: string) => string | null).call(el, name)
    : el.getAttribute(name);
}

export function hasAttr(el: Element, name: string): boolean {
  return nativeHasAttribute
    ? (nativeHasAttribute as (this: Element, n: string) => boolean).call(el, name)
    : el.hasAttribute(name);
}

/** Whether `el` has any attribute. */
export function hasAttrs(el: Element): boolean {
  return nativeHasAttributes
    ? (nativeHasAttributes as (this: Element) => boolean).call(el)
    : el.hasAttributes();
}

// checkVisibilityCSS is the older name of visibilityProperty (Chromium 105–120). One object for every call: the
// scan asks about each element it enters.
const VISIBILITY_OPTIONS = Object.freeze({ visibilityProperty: true, checkVisibilityCSS: true });

export function checkVisibility(el: Element): boolean | undefined {
  const fn =
    nativeCheckVisibility ??
    (typeof (el as { checkVisibility?: unknown }).checkVisibility === 'function'
      ? (el as unknown as { checkVisibility: AnyFn }).checkVisibility
      : undefined);
  if (!fn) return undefined;
  return (fn as (this: Element, o: object) => boolean).call(el, VISIBILITY_OPTIONS);
}

export function assignedNodes(slot: Element): ArrayLike<Node> | null {
  const own = (slot as { assignedNodes?: unknown }).assignedNodes;
  if (typeof own !== 'function') return null;
  const fn = nativeAssignedNodes ?? (own as AnyFn);
  try {
    return (fn as (this: Element) => Node[]).call(slot);
  } catch {
    return (own as (this: Element) => Node[]).call(slot);
  }
}
