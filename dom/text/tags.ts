/**
 * Which elements bound a block, which are skipped and how: the tag tables the scanner's rules read
 * (see classify.ts). Tags are checked before any computed style, which costs far more.
 */

/** Elements that start and end a block. Checked first, before any (costly) computed style. */
export const BLOCK_TAGS: ReadonlySet<string> = new Set([
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
export const SILENT_SKIP_TAGS: ReadonlySet<string> = new Set([
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
export const BOUNDARY_SKIP_TAGS: ReadonlySet<string> = new Set([
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
export const EDITOR_CLASS =
  /(?:^|\s)(?:CodeMirror|cm-editor|ProseMirror|monaco-editor|ace_editor|ql-editor)(?:\s|$)/;
export const EDITOR_ROLES: ReadonlySet<string> = new Set(['textbox', 'searchbox']);
