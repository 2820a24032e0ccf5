/**
 * DOM → text mapping shared by the content script and the command-line annotator.
 *
 * A page is read as a sequence of *blocks*: runs of visible Text nodes that a reader sees as one flow of text.
 * A block's `text` is the plain concatenation of its nodes' data (no characters added, removed or normalised),
 * so an offset in `text` maps 1:1 onto a (Text node, offset) boundary point. Names are matched per block: a block
 * boundary ends a name, an inline element does not (`<b>Alexander</b> Lukashenko` is one block).
 *
 * Rules (see docs in the functions below for details):
 * - Block boundaries: block-level tags (BLOCK_TAGS), `<br>`, `<hr>`, and, where a layout engine exists, any element
 *   whose computed `display` is not inline-level; also entering or leaving a shadow tree or a slot's assigned
 *   nodes (a Range cannot span two trees), and every element skipped as "visible but not article text".
 * - Skipped silently (not rendered, so the text on either side really is adjacent): script, style, noscript,
 *   template, head, rt/rp, and anything hidden.
 * - Skipped as a boundary (rendered, but not prose to annotate): form controls and buttons, code (pre, code,
 *   kbd, samp), embedded content (iframe, object, embed, canvas, video, audio), svg and math, editable regions
 *   and editors, the extension's own UI (`data-reader-context-ui`) and whatever `options.skip` rejects.
 * - aria-hidden is NOT hidden: the text is on screen.
 *
 * No recursion (an explicit stack; depth 10,000+ is fine), no DOM writes, no Preact, no extension API.
 * DOM methods a page might patch are cached at module load; internal arrays are filled by index so a patched
 * `Array.prototype.push` in the same realm cannot interfere (in the content script's isolated world page
 * patches do not reach us at all; the annotator runs happy-dom in Node).
 */

export interface TextBlock {
  /** Concatenation of the Text nodes' data in this block, in document order, unmodified (offsets map 1:1). */
  text: string;
  nodes: Text[];
  /** starts[i] = offset in `text` where nodes[i].data begins. */
  starts: number[];
  /** The block container element (nearest block-level ancestor, or the root). */
  container: Element;
}

export interface ScanOptions {
  /**
   * Element-level predicate deciding visibility; a hidden element's whole subtree is skipped. Default: in a
   * browser, `checkVisibility({ visibilityProperty: true })` (computed style where that is missing); in DOM
   * emulators without layout (happy-dom, jsdom, linkedom), the `hidden` attribute, inline `display:none` /
   * `visibility:hidden`, a closed `<dialog>`, and computed style when the document has style sheets.
   */
  isHidden?(el: Element): boolean;
  /** Extra elements to skip, e.g. the extension's own host element. A skipped element also ends a block. */
  skip?(el: Element): boolean;
  /**
   * Whether to read computed style: `display` to find block-level elements beyond the tag list and, in an
   * emulator, `display`/`visibility` for the default hidden check (a browser's default uses checkVisibility
   * either way). Default: in a real browser, or in an emulator when the document has style sheets (happy-dom
   * computes style slowly, ~0.1 ms per element, so pages without style sheets skip it).
   */
  useComputedStyle?: boolean;
  /** Called for each open shadow root the walk enters (the content script watches them for changes too). */
  onShadowRoot?(root: ShadowRoot): void;
  /**
   * Called when, while the walk was paused, the page removed both the node the walk was to visit next under
   * `parent` and the one it visited last: the walk no longer knows where it was among `parent`'s children and
   * leaves them, so the caller must scan `parent` again to find what it would have missed.
   */
  onLost?(parent: Node): void;
}

/** The attribute that marks the extension's own UI (card host, toasts); such subtrees are never scanned. */
export const UI_ATTRIBUTE = 'data-reader-context-ui';

/** Separator between blocks in `documentText`. */
export const BLOCK_SEPARATOR = '\n\n';

// ---------------------------------------------------------------------------------------------------------------
// Tag tables

/** Elements that start and end a block. Checked first, before any (costly) computed style. */
const BLOCK_TAGS: ReadonlySet<string> = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'caption',
  'center',
  'colgroup',
  'dd',
  'details',
  'dialog',
  'dir',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hgroup',
  'html',
  'legend',
  'li',
  'main',
  'menu',
  'nav',
  'ol',
  'p',
  'search',
  'section',
  'summary',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
]);

/**
 * Never rendered as text (or rendered only as annotation that would split the text it annotates): skipped
 * WITHOUT ending the block, because the text on either side is visually adjacent.
 * rt: ruby annotations sit above the base text; keeping them would cut the base ("漢<rt>kan</rt>字").
 */
const SILENT_SKIP_TAGS: ReadonlySet<string> = new Set([
  'base',
  'datalist',
  'head',
  'link',
  'meta',
  'noembed',
  'noframes',
  'noscript',
  'param',
  'rp',
  'rt',
  'script',
  'source',
  'style',
  'template',
  'title',
  'track',
]);

/**
 * Rendered, but not article prose: skipped AND treated as a block boundary, so "Alexander <button>×</button>
 * Lukashenko" is not read as one name.
 * - form controls and buttons: labels like "Share" are UI; a hover card on a control fights its click.
 * - pre/code/kbd/samp (and legacy xmp/listing/plaintext): identifiers, not names in prose.
 * - svg/math: SVG <text> is visible, but highlight ranges inside SVG are unreliable and labels in charts are
 *   not sentences; MathML is notation.
 * - iframe/frame/object/embed/fencedframe/portal: a separate document (scanned by its own content script);
 *   canvas/video/audio/progress/meter: their fallback children are not rendered.
 */
const BOUNDARY_SKIP_TAGS: ReadonlySet<string> = new Set([
  'audio',
  'button',
  'canvas',
  'code',
  'embed',
  'fencedframe',
  'frame',
  'frameset',
  'iframe',
  'input',
  'kbd',
  'listing',
  'math',
  'meter',
  'object',
  'option',
  'optgroup',
  'plaintext',
  'portal',
  'pre',
  'progress',
  'samp',
  'select',
  'svg',
  'textarea',
  'video',
  'xmp',
]);

/** Editor containers recognised by class (cheap string test, only when a class attribute exists). */
const EDITOR_CLASS =
  /(?:^|\s)(?:CodeMirror|cm-editor|ProseMirror|monaco-editor|ace_editor|ql-editor)(?:\s|$)/;
const EDITOR_ROLES: ReadonlySet<string> = new Set(['textbox', 'searchbox']);
const NON_WHITESPACE = /\S/;
const INLINE_STYLE_DISPLAY = /(?:^|;)\s*display\s*:\s*([a-z-]+(?:\s+[a-z-]+)?)/gi;
const INLINE_STYLE_HIDDEN_VISIBILITY = /(?:^|;)\s*visibility\s*:\s*(?:hidden|collapse)\b/i;

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;
const DOCUMENT_NODE = 9;
const DOCUMENT_FRAGMENT_NODE = 11;

// ---------------------------------------------------------------------------------------------------------------
// Methods cached at module load (a page may patch prototypes later; see header).

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
const nativeCheckVisibility = method(ElementProto, 'checkVisibility');
const nativeAssignedNodes = method(SlotProto, 'assignedNodes');
const NativeStaticRange: (new (init: StaticRangeInit) => StaticRange) | undefined =
  typeof StaticRange === 'function' ? StaticRange : undefined;

function getAttr(el: Element, name: string): string | null {
  return nativeGetAttribute
    ? (nativeGetAttribute as (this: Element, n: string) => string | null).call(el, name)
    : el.getAttribute(name);
}

function hasAttr(el: Element, name: string): boolean {
  return nativeHasAttribute
    ? (nativeHasAttribute as (this: Element, n: string) => boolean).call(el, name)
    : el.hasAttribute(name);
}

function checkVisibility(el: Element): boolean | undefined {
  const fn =
    nativeCheckVisibility ??
    (typeof (el as { checkVisibility?: unknown }).checkVisibility === 'function'
      ? (el as unknown as { checkVisibility: AnyFn }).checkVisibility
      : undefined);
  if (!fn) return undefined;
  // checkVisibilityCSS is the older name of visibilityProperty (Chromium 105–120).
  return (fn as (this: Element, o: object) => boolean).call(el, {
    visibilityProperty: true,
    checkVisibilityCSS: true,
  });
}

function assignedNodes(slot: Element): ArrayLike<Node> | null {
  const own = (slot as { assignedNodes?: unknown }).assignedNodes;
  if (typeof own !== 'function') return null;
  const fn = nativeAssignedNodes ?? (own as AnyFn);
  try {
    return (fn as (this: Element) => Node[]).call(slot);
  } catch {
    return (own as (this: Element) => Node[]).call(slot);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Environment: does this document have a layout engine behind it?

interface Env {
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

function documentOf(node: Node): Document | null {
  return node.nodeType === DOCUMENT_NODE ? (node as Document) : node.ownerDocument;
}

function makeEnv(root: Node, options: ScanOptions | undefined): Env {
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

function computedStyle(el: Element, env: Env): CSSStyleDeclaration | null {
  if (!env.view) return null;
  try {
    return env.view.getComputedStyle(el);
  } catch {
    return null;
  }
}

function inlineDisplay(el: Element): string | null {
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
function isInlineDisplay(display: string): boolean {
  return (
    display === '' ||
    display.startsWith('inline') ||
    display === 'contents' ||
    display.startsWith('ruby') ||
    display === 'none'
  );
}

function defaultIsHidden(el: Element, env: Env): boolean {
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

function isBlockElement(el: Element, env: Env): boolean {
  const tag = el.localName;
  if (BLOCK_TAGS.has(tag)) return true;
  if (env.computed) {
    const cs = computedStyle(el, env);
    if (cs) return !isInlineDisplay(cs.display);
  }
  const inline = inlineDisplay(el);
  return inline !== null && !isInlineDisplay(inline);
}

/** What to do with an element (see the tag tables). */
type Verdict = 0 | 1 | 2 | 3;
const WALK = 0;
/** Not rendered: skip the subtree, text around it stays in the same block. */
const SILENT = 1;
/** Rendered but excluded: skip the subtree and end the block. */
const BOUNDARY = 2;
/** `<br>`/`<hr>`: end the block, nothing to descend into. */
const BREAK = 3;

function isEditable(el: Element): boolean {
  const ce = getAttr(el, 'contenteditable');
  if (ce !== null && ce.toLowerCase() !== 'false') return true;
  const role = getAttr(el, 'role');
  if (role !== null && EDITOR_ROLES.has(role.trim().toLowerCase())) return true;
  const cls = getAttr(el, 'class');
  return cls !== null && cls.length > 0 && EDITOR_CLASS.test(cls);
}

function classify(el: Element, env: Env, options: ScanOptions | undefined): Verdict {
  const tag = el.localName;
  if (tag === 'br' || tag === 'hr') return BREAK;
  if (SILENT_SKIP_TAGS.has(tag)) return SILENT;
  if (BOUNDARY_SKIP_TAGS.has(tag)) return BOUNDARY;
  if (hasAttr(el, UI_ATTRIBUTE)) return BOUNDARY;
  if (options?.skip?.(el)) return BOUNDARY;
  if (isEditable(el)) return BOUNDARY;
  const hidden = options?.isHidden ? options.isHidden(el) : defaultIsHidden(el, env);
  return hidden ? SILENT : WALK;
}

/** Without layout, a closed <details> shows only its <summary>. (Browsers: checkVisibility covers it.) */
function summaryOnly(el: Element, env: Env, options: ScanOptions | undefined): boolean {
  return !env.layout && !options?.isHidden && el.localName === 'details' && !hasAttr(el, 'open');
}

// ---------------------------------------------------------------------------------------------------------------
// The walk

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

class BlockBuilder {
  parts: string[] = [];
  nodes: Text[] = [];
  starts: number[] = [];
  length = 0;
  pending: Text[] = [];
  container: Element | null = null;

  add(node: Text, container: Element): void {
    const data = node.data;
    if (data.length === 0) return;
    if (!NON_WHITESPACE.test(data)) {
      // Whitespace joins words inside a block ("<b>A</b> <i>B</i>") but never starts or ends one.
      if (this.nodes.length > 0) this.pending[this.pending.length] = node;
      return;
    }
    if (this.nodes.length === 0) this.container = container;
    const pending = this.pending;
    for (let i = 0; i < pending.length; i++) this.append(pending[i] as Text);
    if (pending.length > 0) this.pending = [];
    this.append(node);
  }

  private append(node: Text): void {
    const i = this.nodes.length;
    this.nodes[i] = node;
    this.starts[i] = this.length;
    this.parts[i] = node.data;
    this.length += node.data.length;
  }

  take(): TextBlock | null {
    if (this.pending.length > 0) this.pending = [];
    if (this.nodes.length === 0) return null;
    const block: TextBlock = {
      text: this.parts.length === 1 ? (this.parts[0] as string) : this.parts.join(''),
      nodes: this.nodes,
      starts: this.starts,
      container: this.container as Element,
    };
    this.parts = [];
    this.nodes = [];
    this.starts = [];
    this.length = 0;
    this.container = null;
    return block;
  }
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

/**
 * Lazily walks `root` (Document, Element or ShadowRoot), yielding blocks in document order, so the caller can
 * time-slice (stop after ~8 ms and resume). Descends into OPEN shadow roots (and slots' assigned nodes);
 * closed shadow roots are invisible to us, so their host's light children are read instead.
 * An Element or Text root is itself subject to the skip rules, and so are its ancestors: a root that is, or is
 * inside, a hidden or skipped subtree yields nothing (so any root is safe to rescan).
 */
export function* walkBlocks(root: Node, options?: ScanOptions): Generator<TextBlock> {
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
  while (depth > 0) {
    if (paused) {
      paused = false;
      resume();
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
    if (top.summaryOnly && el.localName !== 'summary') continue;
    const verdict = classify(el, env, options);
    if (verdict === SILENT) continue;
    if (verdict !== WALK) {
      const block = builder.take();
      if (block) {
        yield block;
        paused = true;
      }
      continue;
    }

    const block = isBlockElement(el, env);
    const shadow = (el as { shadowRoot?: ShadowRoot | null }).shadowRoot ?? null;
    const isSlot = el.localName === 'slot';
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
      frame(el.firstChild, null, boundary, innerContainer, summaryOnly(el, env, options));
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

// ---------------------------------------------------------------------------------------------------------------
// Offsets ↔ DOM boundary points

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
 * sibling lists between them (Chromium: ≈ 0.5 ms a ticker change on the 5 MB bench page, measuring a few blocks).
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

/**
 * Visible text of a whole document the way the extension sees it: blocks joined with "\n\n" (BLOCK_SEPARATOR).
 * `blocks[i].offset` is where blocks[i].block.text begins in `text`, so a mention found at [s,e) in a block is
 * at [offset+s, offset+e) in `text`. Match per block (as the content script does), not over the joined string.
 */
export function documentText(
  root: Node,
  options?: ScanOptions,
): { text: string; blocks: { block: TextBlock; offset: number }[] } {
  const parts: string[] = [];
  const blocks: { block: TextBlock; offset: number }[] = [];
  let offset = 0;
  let n = 0;
  for (const block of walkBlocks(root, options)) {
    if (n > 0) {
      parts[parts.length] = BLOCK_SEPARATOR;
      offset += BLOCK_SEPARATOR.length;
    }
    parts[parts.length] = block.text;
    blocks[n++] = { block, offset };
    offset += block.text.length;
  }
  return { text: parts.join(''), blocks };
}
