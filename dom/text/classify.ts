/**
 * What the scanner does with an element:
 * - Block boundaries: block-level tags (BLOCK_TAGS), `<br>`, `<hr>`, and, where a layout engine exists, any element
 *   whose computed `display` is not inline-level; also entering or leaving a shadow tree or a slot's assigned
 *   nodes (a Range cannot span two trees; the walk handles those), and every element skipped as "visible but not
 *   article text".
 * - Skipped silently (not rendered, so the text on either side really is adjacent): script, style, noscript,
 *   template, head, rt/rp, and anything hidden.
 * - Skipped as a boundary (rendered, but not prose to annotate): form controls and buttons, code (pre, code,
 *   kbd, samp), embedded content (iframe, object, embed, canvas, video, audio), svg and math, editable regions
 *   and editors, the extension's own UI (`data-reader-context-ui`) and whatever `options.skip` rejects.
 * - aria-hidden is NOT hidden: the text is on screen.
 */
import { computedStyle, defaultIsHidden, type Env, inlineDisplay, isInlineDisplay } from './env';
import { getAttr, hasAttr, hasAttrs } from './native';
import { BLOCK_TAGS, BOUNDARY_SKIP_TAGS, EDITOR_CLASS, EDITOR_ROLES, SILENT_SKIP_TAGS } from './tags';
import { type ScanOptions, UI_ATTRIBUTE } from './types';

/**
 * Whether `el` starts and ends a block: by its tag first, then by its computed or inline `display`. `tag` is
 * `el.localName`, passed by a caller that has already read it (each read is a call into the DOM).
 */
export function isBlockElement(el: Element, env: Env, tag = el.localName): boolean {
  if (BLOCK_TAGS.has(tag)) return true;
  if (env.computed) {
    const cs = computedStyle(el, env);
    if (cs) return !isInlineDisplay(cs.display);
  }
  const inline = inlineDisplay(el);
  return inline !== null && !isInlineDisplay(inline);
}

/** What to do with an element (see the tag tables). */
export type Verdict = 0 | 1 | 2 | 3;
export const WALK = 0;
/** Not rendered: skip the subtree, text around it stays in the same block. */
export const SILENT = 1;
/** Rendered but excluded: skip the subtree and end the block. */
export const BOUNDARY = 2;
/** `<br>`/`<hr>`: end the block, nothing to descend into. */
export const BREAK = 3;

function isEditable(el: Element): boolean {
  const ce = getAttr(el, 'contenteditable');
  if (ce !== null && ce.toLowerCase() !== 'false') return true;
  const role = getAttr(el, 'role');
  if (role !== null && EDITOR_ROLES.has(role.trim().toLowerCase())) return true;
  const cls = getAttr(el, 'class');
  return cls !== null && cls.length > 0 && EDITOR_CLASS.test(cls);
}

/** What to do with `el` (`tag` as for isBlockElement). */
export function classify(
  el: Element,
  env: Env,
  options: ScanOptions | undefined,
  tag = el.localName,
): Verdict {
  if (tag === 'br' || tag === 'hr') return BREAK;
  if (SILENT_SKIP_TAGS.has(tag)) return SILENT;
  if (BOUNDARY_SKIP_TAGS.has(tag)) return BOUNDARY;
  // Most of an article's elements (<p>, <em>, <b>) have no attribute at all: one call answers the four reads.
  const attributes = hasAttrs(el);
  if (attributes && hasAttr(el, UI_ATTRIBUTE)) return BOUNDARY;
  if (options?.skip?.(el)) return BOUNDARY;
  if (attributes && isEditable(el)) return BOUNDARY;
  const hidden = options?.isHidden ? options.isHidden(el) : defaultIsHidden(el, env);
  if (hidden) options?.onHidden?.(el);
  return hidden ? SILENT : WALK;
}

/** Without layout, a closed <details> shows only its <summary>. (Browsers: checkVisibility covers it.) */
export function summaryOnly(
  el: Element,
  env: Env,
  options: ScanOptions | undefined,
  tag = el.localName,
): boolean {
  return !env.layout && !options?.isHidden && tag === 'details' && !hasAttr(el, 'open');
}
