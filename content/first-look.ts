/**
 * content.js, the script that runs on every page: the first look. Most pages a reader opens name no one the
 * knowledge has, and on them this is all the extension does in the page: read the page's text, ask the background
 * whether it may name someone (core/matcher/first-look.ts, background/first-look.ts), and watch for text the page
 * adds later. The content app (content/app.ts: the matcher, the highlights, the cards) is content-app.js, loaded
 * only when the page may name someone or the extension asks the page something (the popup's summary, a keyboard
 * step, a lookup). docs/adr/0008-first-look.md and docs/adr/0009-first-look-in-the-background.md say why.
 */
import { compactText, cutAtSpace, FIRST_PART, headOf, MAX_LOOK_TEXT } from '@/core/matcher/look-text';
import { type ContentHandler, onContentMessage, requestFromBackground } from '@/extension/messaging';
import { readTestHooks } from '@/extension/test-hooks';
import { contentAppLoader } from './content-app';
import { type AppContext, createAppContext, scriptStartedEvent } from './context';
import { isHtmlDocument } from './host';

/** Elements whose text the scan never reads: looking at it would only find names that are not there. */
const UNREAD = 'script,style,noscript,textarea';

/**
 * A page of more elements than this goes to the app (once its head, read first, names no one), whose scan reads it
 * a step at a time: looking in each element for a shadow root would be one long task (a hostile page can make
 * millions).
 */
const MAX_ELEMENTS = 50_000;

/**
 * A page of more elements than this is read head first (`readPage`): reading a page's text costs in proportion to
 * its length, and a page this large is mostly a long one (an article page, menus and all, has a few hundred to a
 * few thousand elements) whose names, if it has any, come early.
 */
const HEAD_FIRST_ELEMENTS = 3_000;

/**
 * Asks whether a text may name someone: true or false, null where there is no first look (the app should start),
 * undefined where no answer came (the extension reloaded, the background failed): the app starts then too.
 * `headAsked`: the text's head has been asked about already, and named no one.
 */
export type AskLook = (text: string, headAsked?: boolean) => Promise<boolean | null | undefined>;

/**
 * The background's answer to `look:text`, checked: it is data from another context. The text goes compacted: its
 * copy into the message is most of what the question costs the page. A very long text's head goes first
 * (`headOf`), and the whole only where the head names no one: a page that names someone mostly does so early, and
 * a long page is answered then, without the rest of its text copied into a message and out again.
 */
export const askBackground: AskLook = async (text, headAsked = false) => {
  const compact = compactText(text);
  const head = headAsked ? null : headOf(compact);
  if (head !== null) {
    const answer = await lookAt(head);
    if (answer !== false) return answer;
  }
  return lookAt(compact);
};

async function lookAt(text: string): Promise<boolean | null | undefined> {
  const answer: unknown = await requestFromBackground({ type: 'look:text', text });
  return typeof answer === 'boolean' || answer === null ? answer : undefined;
}

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
  return readText(root, onShadowRoot, Number.POSITIVE_INFINITY) as string;
}

/** A page read head first (`readPage`): the start of its text, and how to read the whole of it when needed. */
export interface PageHead {
  head: string;
  /** `pageText` of the page, or null where it has come to hold more than `MAX_ELEMENTS` elements. */
  whole(): string | null;
}

/**
 * `pageText` of a page's root, or null where the root holds more than `MAX_ELEMENTS` elements: counted in the walks
 * that look for shadow roots or read the head, before or while any text is read. Where it holds more than
 * `HEAD_FIRST_ELEMENTS` (the first walk stops there) and its text is longer than `FIRST_PART`, only the head of its
 * text (`headText`) is read now.
 */
export function readPage(root: Element, onShadowRoot?: (root: ShadowRoot) => void): string | PageHead | null {
  const shadows = shadowRoots(root, HEAD_FIRST_ELEMENTS);
  if (shadows) return readText(root, onShadowRoot, MAX_ELEMENTS, shadows);
  const head = headText(root, FIRST_PART, MAX_ELEMENTS);
  if (head === undefined) return null;
  const whole = () => readText(root, onShadowRoot, MAX_ELEMENTS);
  return head === null ? whole() : { head, whole };
}

/**
 * The first `length` characters or so of the text under `tree` as `pageText` reads it, compacted and cut at a
 * space (a word cut in two there would be read as another), null where its whole text is shorter, or undefined
 * where more than `maxElements` elements come before its head ends (a page of millions of empty elements would
 * make this walk one long task). Read node by node, which costs more per node than `textContent` does but stops
 * where the head ends.
 */
function headText(tree: Element, length: number, maxElements: number): string | null | undefined {
  const parts: string[] = [];
  let read = 0;
  let elements = 0;
  let n: Node | null = tree.firstChild;
  while (n) {
    const type = n.nodeType;
    if (type === Node.TEXT_NODE || type === Node.CDATA_SECTION_NODE) {
      const text = compactText((n as Text).data);
      parts.push(text);
      read += text.length;
      if (read > length) return cutAtSpace(parts.join(''), length);
    } else if (type === Node.ELEMENT_NODE) {
      if (++elements > maxElements) return undefined;
      if (n.firstChild && !(n as Element).matches(UNREAD)) {
        n = n.firstChild;
        continue;
      }
    }
    while (n && !n.nextSibling) n = n.parentNode === tree ? null : n.parentNode;
    n = n?.nextSibling ?? null;
  }
  return null;
}

function readText(
  root: Node,
  onShadowRoot: ((root: ShadowRoot) => void) | undefined,
  max: number,
  shadowsFound?: ShadowRoot[],
): string | null {
  if (root.nodeType === Node.TEXT_NODE) return (root as Text).data;
  // A shadow root, child by child (the text of the whole, as a fragment's, is not to be had everywhere).
  if (root.nodeType === Node.DOCUMENT_FRAGMENT_NODE)
    return Array.from(root.childNodes, (n) => pageText(n, onShadowRoot)).join('');
  if (root.nodeType !== Node.ELEMENT_NODE && root.nodeType !== Node.DOCUMENT_NODE) return '';
  const tree = root as Element | Document;
  if (root.nodeType === Node.ELEMENT_NODE && (root as Element).matches(UNREAD)) return '';
  const shadows = shadowsFound ?? shadowRoots(tree, max);
  if (!shadows) return null;
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
  const own = root.nodeType === Node.ELEMENT_NODE ? (root as Element).shadowRoot : null;
  if (own) shadows.push(own);
  for (const shadow of shadows) {
    onShadowRoot?.(shadow);
    parts.push('\n', pageText(shadow, onShadowRoot));
  }
  return parts.join('');
}

/** The open shadow roots of the elements under `tree`, in document order; null past `max` elements. */
function shadowRoots(tree: Element | Document, max: number): ShadowRoot[] | null {
  const elements = tree.getElementsByTagName('*');
  const found: ShadowRoot[] = [];
  // Item after item until there is none, without asking the list's length first: that would walk it twice.
  for (let i = 0; ; i++) {
    const el = elements[i];
    if (!el) return found;
    if (i >= max) return null;
    const shadow = el.shadowRoot;
    if (shadow) found.push(shadow);
  }
}

export function startFirstLook(doc: Document = document, ask: AskLook = askBackground): void {
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
    const root = doc.body ?? doc.documentElement;
    if (!root) return start();
    const began = performance.now();
    const put = asking(ask, start, alive);
    // Watching from before the page is read, so that no text the page adds while it is looked at is missed.
    const watching = watch(doc, put);
    observer = watching.observer;
    const page = readPage(root, watching.shadowRoot);
    if (page === null) return start();
    let readMs = performance.now() - began;
    const noOne = () => {
      const ended = performance.now();
      // For the tests and the benchmark, as the app writes them: the page is read, and nothing was found.
      void readTestHooks()
        .then((on) => {
          if (!on || !alive()) return;
          performance.measure('reader-context:scan', {
            start: began,
            end: ended,
            detail: { kind: 'first-look', mentions: 0, longestSliceMs: Math.round(readMs * 10) / 10 },
          });
          performance.mark('reader-context:ready');
        })
        .catch(() => {});
    };
    if (typeof page === 'string') return put({ text: page, onNo: noOne });
    // A long page: the rest of its text is read only where its head names no one, in a task of its own.
    put({
      text: page.head,
      onNo: () =>
        setTimeout(() => {
          if (!alive()) return;
          const read = performance.now();
          const text = page.whole();
          if (text === null) return start();
          readMs = Math.max(readMs, performance.now() - read);
          put({ text, onNo: noOne, headAsked: true });
        }, 0),
    });
  }, 0);
}

/** A text for the first look; `onNo` is called where it names no one; `headAsked` as `AskLook` has it. */
interface Question {
  text: string;
  onNo?: () => void;
  headAsked?: boolean;
}

/**
 * Puts the page's texts to `ask`, one question at a time: texts that come while one is out wait, and go together
 * in the next. `found` is called when a text may name someone, when no answer comes, and once the page's texts
 * pass `MAX_LOOK_TEXT` in all.
 */
function asking(ask: AskLook, found: () => void, alive: () => boolean): (q: Question) => void {
  let total = 0;
  let out = false;
  let waiting: Question[] = [];
  const send = (q: Question) => {
    out = true;
    const answered = (answer: boolean | null | undefined) => {
      out = false;
      if (!alive()) return;
      if (answer !== false) return found();
      q.onNo?.();
      if (waiting.length === 0) return;
      // A question that is one of its own (a page's whole text, after its head) goes alone, as it was put.
      const own = waiting.findIndex((w) => w.onNo !== undefined || w.headAsked);
      if (own === 0) return send(waiting.shift() as Question);
      const pieces = own < 0 ? waiting : waiting.slice(0, own);
      waiting = own < 0 ? [] : waiting.slice(own);
      // Pieces from different places: a name is never read across two of them.
      send({ text: pieces.map((w) => w.text).join('\n') });
    };
    // White space names no one, and needs no question.
    if (!/\S/.test(q.text)) return void Promise.resolve(false).then(answered);
    ask(q.text, q.headAsked).then(answered, () => answered(undefined));
  };
  return (q) => {
    if (!alive()) return;
    total += q.text.length;
    if (total > MAX_LOOK_TEXT) return found();
    if (out) waiting.push(q);
    else send(q);
  };
}

/**
 * Watches the page, and the shadow roots it is given, for text the page adds or changes, and puts that text to the
 * first look.
 */
function watch(
  doc: Document,
  put: (q: Question) => void,
): { observer: MutationObserver; shadowRoot: (root: ShadowRoot) => void } {
  const options: MutationObserverInit = { childList: true, subtree: true, characterData: true };
  const observer = new MutationObserver((records) => {
    const parts: string[] = [];
    for (const r of records) {
      if (r.type === 'characterData') parts.push((r.target as CharacterData).data);
      else for (const n of r.addedNodes) parts.push(pageText(n, shadowRoot));
    }
    // Pieces from different places: a name is never read across two of them.
    if (parts.length) put({ text: parts.join('\n') });
  });
  const shadowRoot = (root: ShadowRoot) => observer.observe(root, options);
  observer.observe(doc.documentElement, options);
  return { observer, shadowRoot };
}
