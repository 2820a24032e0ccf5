/**
 * What the document can tell about an element's rendering: whether a layout engine stands behind it (a browser)
 * or not (happy-dom, jsdom, linkedom in the annotator and the tests), its computed or inline `display`, and the
 * default "hidden" check built on those.
 */
import { checkVisibility, DOCUMENT_NODE, getAttr, hasAttr } from './native';
import type { ScanOptions } from './types';

const INLINE_STYLE_DISPLAY = /(?:^|;)\s*display\s*:\s*([a-z-]+(?:\s+[a-z-]+)?)/gi;
const INLINE_STYLE_HIDDEN_VISIBILITY = /(?:^|;)\s*visibility\s*:\s*(?:hidden|collapse)\b/i;

export interface Env {
  view: (Window & typeof globalThis) | null;
  /** A real browser: checkVisibility / computed style are meaningful. */
  layout: boolean;
  /** Read computed `display` (and, without layout, `visibility`) per element. */
  computed: boolean;
}

const layoutCache = new WeakMap<object, boolean>();

function detectLayout(view: (Window & typeof globalThis) | null): boolean {
  if (!view || typeof view.getComputedStyle !== 'function') return false;
  const cached = layoutCache.get(view);
  if (cached !== undefined) return cached;
  let ua = '';
  try {
    ua = String(view.navigator?.userAgent ?? '');
  } catch {}
  const emulated = 'happyDOM' in view || /\b(?:jsdom|HappyDOM|linkedom)\b/i.test(ua);
  layoutCache.set(view, !emulated);
  return !emulated;
}

export function documentOf(node: Node): Document | null {
  return node.nodeType === DOCUMENT_NODE ? (node as Document) : node.ownerDocument;
}

export function makeEnv(root: Node, options: ScanOptions | undefined): Env {
  const doc = documentOf(root);
  const view = (doc?.defaultView ?? null) as (Window & typeof globalThis) | null;
  const layout = detectLayout(view);
  let computed = layout;
  if (!layout && view && typeof view.getComputedStyle === 'function') {
    try {
      computed = (doc?.styleSheets?.length ?? 0) > 0;
    } catch {
      computed = false;
    }
  }
  if (options?.useComputedStyle !== undefined) {
    computed = options.useComputedStyle && !!view && typeof view.getComputedStyle === 'function';
  }
  return { view, layout, computed };
}

export function computedStyle(el: Element, env: Env): CSSStyleDeclaration | null {
  if (!env.view) return null;
  try {
    return env.view.getComputedStyle(el);
  } catch {
    return null;
  }
}

export function inlineDisplay(el: Element): string | null {
  const style = getAttr(el, 'style');
  if (!style || style.indexOf('display') < 0) return null;
  let last: string | null = null;
  INLINE_STYLE_DISPLAY.lastIndex = 0;
  for (let m = INLINE_STYLE_DISPLAY.exec(style); m; m = INLINE_STYLE_DISPLAY.exec(style)) {
    last = (m[1] ?? '').toLowerCase();
  }
  return last;
}

/** Inline-level displays: text inside them flows on the line with its neighbours. */
export function isInlineDisplay(display: string): boolean {
  return (
    display === '' ||
    display.startsWith('inline') ||
    display === 'contents' ||
    display.startsWith('ruby') ||
    display === 'none'
  );
}

export function defaultIsHidden(el: Element, env: Env): boolean {
  if (env.layout) {
    const visible = checkVisibility(el);
    if (visible === true) return false;
    const cs = computedStyle(el, env);
    if (visible === false) {
      // display:contents has no box, so checkVisibility says false, but its children are rendered.
      return !(cs && cs.display === 'contents');
    }
    if (!cs) return false;
    return cs.display === 'none' || cs.visibility === 'hidden' || cs.visibility === 'collapse';
  }
  // No layout: heuristics, then computed style when the document has style sheets.
  if (hasAttr(el, 'hidden')) return true;
  if (el.localName === 'dialog' && !hasAttr(el, 'open')) return true;
  const style = getAttr(el, 'style');
  if (style) {
    if (inlineDisplay(el) === 'none') return true;
    if (INLINE_STYLE_HIDDEN_VISIBILITY.test(style)) return true;
  }
  if (env.computed) {
    const cs = computedStyle(el, env);
    if (cs && (cs.display === 'none' || cs.visibility === 'hidden' || cs.visibility === 'collapse'))
      return true;
  }
  return false;
}

/** Whether `el` is hidden now, by the same rule the walk uses (for an element the walk skipped as hidden). */
export function isHiddenNow(el: Element, options?: ScanOptions): boolean {
  if (options?.isHidden) return options.isHidden(el);
  return defaultIsHidden(el, makeEnv(el, options));
}
