/**
 * A page is read as a sequence of *blocks*: runs of visible Text nodes that a reader sees as one flow of text.
 * A block's `text` is the plain concatenation of its nodes' data (no characters added, removed or normalised),
 * so an offset in `text` maps 1:1 onto a (Text node, offset) boundary point. Names are matched per block: a block
 * boundary ends a name, an inline element does not (`<b>Alexander</b> Lukashenko` is one block).
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
   * computes style slowly, so pages without style sheets skip it).
   */
  useComputedStyle?: boolean;
  /**
   * Called for each element the walk skips because it is hidden (not for script, style and the like): a page may
   * show it later (a "Read more", a <details> opened), and the content script then reads it.
   */
  onHidden?(el: Element): void;
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
