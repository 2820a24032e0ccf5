/**
 * content.js, the script that runs on every page: the first look. Most pages a reader opens name no one the
 * knowledge has, and on them this is all the extension does: read the page's text, ask the first look
 * (core/matcher/first-look.ts) whether it may name someone, and watch for text the page adds later. The content
 * app (content/app.ts: the matcher, the highlights, the cards) is content-app.js, loaded only when the page may
 * name someone or the extension asks the page something (the popup's summary, a keyboard step, a lookup).
 * docs/adr/0008-first-look.md says why.
 */
import { type FirstLook, readLook } from '@/core/matcher/first-look';
import { NAMES_GLOBAL } from '@/core/matcher/names/format';
import { type ContentHandler, onContentMessage } from '@/extension/messaging';
import { readTestHooks } from '@/extension/test-hooks';
import { contentAppLoader } from './content-app';
import { type AppContext, createAppContext, scriptStartedEvent } from './context';
import { isHtmlDocument } from './host';

/** Elements whose text the scan never reads: looking at it would only find names that are not there. */
const UNREAD = 'script,style,noscript,textarea';

/** @internal A text longer than this is looked at in parts, each in a task of its own once a task has run long. */
export const PART = 256 * 1024;
/**
 * @internal The first part is shorter: a page that names someone mostly does so before its article is far under
 * way (menus and a headline, then the first paragraphs), and is answered then, before the rest of a long text is
 * put in its coarse form. The saved news pages that name someone all do within their first 28,000 characters.
 */
export const FIRST_PART = 32 * 1024;
/** Time one task may spend looking before the rest waits for the next task. */
const TASK_MS = 8;
/**
 * A page of more elements than this goes straight to the app, whose scan reads it a step at a time: looking in
 * each element for a shadow root would be one long task (a hostile page can make millions).
 */
const MAX_ELEMENTS = 50_000;

/**
 * The text under `root` as the first look reads it: its text nodes in order, joined with nothing between them, but
 * scripts' and styles' (the elements of `UNREAD`); then the text of its open shadow roots, each passed to
 * `onShadowRoot`. Read a whole subtree at a time (`textContent`, one native call), down the elements that hold
 * scripts or styles only: on many pages most of the text is theirs (inline code, data, style sheets), several
 * times the page's own, and reading it to cut it out again cost more than the rest of the look. (Read node by node,
 * the same text costs several times as much: several calls into the DOM per node, where this makes one per
 * subtree.)
 */
export function pageText(root: Node, onShadowRoot?: (root: ShadowRoot) => void): string {
  if (root.nodeType === Node.TEXT_NODE) return (root as Text).data;
  // A shadow root, child by child (the text of the whole, as a fragment's, is not to be had everywhere).
  if (root.nodeType === Node.DOCUMENT_FRAGMENT_NODE)
    return Array.from(root.childNodes, (n) => pageText(n, onShadowRoot)).join('');
  if (root.nodeType !== Node.ELEMENT_NODE && root.nodeType !== Node.DOCUMENT_NODE) return '';
  const tree = root as Element | Document;
  if (root.nodeType === Node.ELEMENT_NODE && (root as Element).matches(UNREAD)) return '';
  const unread = new Set<Node>(tree.querySelectorAll(UNREAD));
  const parts: string[] = [];
  if (unread.size === 0) parts.push(tree.textContent ?? '');
  else {
    // The elements on the way down to them; every other subtree holds none.
    const above = new Set<Node>();
    for (const el of unread)
      for (let p = el.parentNode; p && p !== tree && !above.has(p); p = p.parentNode) above.add(p);
    // In document order, down into those elements only; a loop, not a recursion, as a page may nest deep.
    let n: Node | null = tree.firstChild;
    while (n) {
      const type = n.nodeType;
      if (type === Node.TEXT_NODE || type === Node.CDATA_SECTION_NODE) parts.push((n as Text).data);
      else if (type === Node.ELEMENT_NODE && !unread.has(n)) {
        if (above.has(n) && n.firstChild) {
          n = n.firstChild;
          continue;
        }
        parts.push(n.textContent ?? '');
      }
      while (n && !n.nextSibling) n = n.parentNode === tree ? null : n.parentNode;
      n = n?.nextSibling ?? null;
    }
  }
  const elements = tree.getElementsByTagName('*');
  for (let i = 0, n = elements.length; i < n; i++) {
    const shadow = (elements[i] as Element).shadowRoot;
    if (!shadow) continue;
    onShadowRoot?.(shadow);
    parts.push('\n', pageText(shadow, onShadowRoot));
  }
  const own = root.nodeType === Node.ELEMENT_NODE ? (root as Element).shadowRoot : null;
  if (own) {
    onShadowRoot?.(own);
    parts.push('\n', pageText(own, onShadowRoot));
  }
  return parts.join('');
}

/**
 * The first look content-names.js left (null: none, go to the matcher), or undefined when it cannot be read (as
 * under `wxt dev`, which registers content.js without content-names.js: the app then starts on every page).
 */
function bundledLook(): FirstLook | null | undefined {
  try {
    const json = (globalThis as unknown as Record<symbol, { look?: unknown } | undefined>)[NAMES_GLOBAL]
      ?.look;
    return typeof json === 'string' ? readLook(json) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether `text` may name someone, looked at in parts (overlapping by the first look's reach) so that a very long
 * text never holds one long task; `answer` is called once, perhaps in a later task, with the longest task's time.
 */
export function lookInParts(
  look: FirstLook,
  text: string,
  answer: (mayName: boolean, longestMs: number) => void,
  alive: () => boolean,
): void {
  let from = 0;
  let longest = 0;
  const step = () => {
    if (!alive()) return;
    const began = performance.now();
    const done = (yes: boolean) => answer(yes, Math.max(longest, performance.now() - began));
    while (from < text.length) {
      const to = Math.min(text.length, from + (from === 0 ? FIRST_PART : PART));
      if (look.mayName(text.slice(from, to + look.reach))) return done(true);
      from = to;
      if (from < text.length && performance.now() - began > TASK_MS) {
        longest = Math.max(longest, performance.now() - began);
        setTimeout(step, 0);
        return;
      }
    }
    done(false);
  };
  step();
}

export function startFirstLook(doc: Document = document): void {
  if (!isHtmlDocument(doc)) return;
  const ctx: AppContext = createAppContext(scriptStartedEvent(), doc);
  const loadApp = contentAppLoader();
  let app: Promise<ContentHandler> | null = null;
  let observer: MutationObserver | null = null;
  const startApp = (): Promise<ContentHandler> => {
    observer?.disconnect();
    observer = null;
    app ??= loadApp()
      .then((a) => a.start(ctx))
      .catch((err: unknown) => {
        app = null;
        throw err;
      });
    return app;
  };
  const start = () => void startApp().catch(() => {});
  const alive = () => ctx.isValid && !app;
  // The extension's questions (the popup's summary, a keyboard step, a lookup) are the app's to answer.
  ctx.onInvalidated(onContentMessage(async (msg) => (await startApp())(msg)));
  ctx.onInvalidated(() => observer?.disconnect());

  // Its own task, after the script's evaluation, as the app's start-up has.
  setTimeout(() => {
    if (!alive()) return;
    const look = bundledLook();
    const root = doc.body ?? doc.documentElement;
    // Counted in the list pageText then walks for shadow roots (the browser keeps one per element and tag): one walk.
    if (!look || !root || root.getElementsByTagName('*').length > MAX_ELEMENTS) return start();
    const began = performance.now();
    // Watching from before the page is read, so that no text the page adds while it is looked at is missed.
    const watching = watch(doc, look, start, alive);
    observer = watching.observer;
    const text = pageText(root, watching.shadowRoot);
    lookInParts(
      look,
      text,
      (mayName, longestMs) => {
        if (mayName) return start();
        const ended = performance.now();
        // For the tests and the benchmark, as the app writes them: the page is read, and nothing was found.
        void readTestHooks()
          .then((on) => {
            if (!on || !alive()) return;
            performance.measure('reader-context:scan', {
              start: began,
              end: ended,
              detail: { kind: 'first-look', mentions: 0, longestSliceMs: Math.round(longestMs * 10) / 10 },
            });
            performance.mark('reader-context:ready');
          })
          .catch(() => {});
      },
      alive,
    );
  }, 0);
}

/**
 * Watches the page, and the shadow roots it is given, for text the page adds or changes, and calls `found` when
 * that text may name someone.
 */
function watch(
  doc: Document,
  look: FirstLook,
  found: () => void,
  alive: () => boolean,
): { observer: MutationObserver; shadowRoot: (root: ShadowRoot) => void } {
  const options: MutationObserverInit = { childList: true, subtree: true, characterData: true };
  const observer = new MutationObserver((records) => {
    const parts: string[] = [];
    for (const r of records) {
      if (r.type === 'characterData') parts.push((r.target as CharacterData).data);
      else for (const n of r.addedNodes) parts.push(pageText(n, shadowRoot));
    }
    // Pieces from different places: a name is never read across two of them.
    if (parts.length) lookInParts(look, parts.join('\n'), (yes) => yes && found(), alive);
  });
  const shadowRoot = (root: ShadowRoot) => observer.observe(root, options);
  observer.observe(doc.documentElement, options);
  return { observer, shadowRoot };
}
