/**
 * In-page probes for the real-pages run: each is serialised into the page and run there, so each is
 * self-contained (no imports, no outer names).
 */
import type { E2EPage } from '@/tests/e2e/harness';

/**
 * Runs `fn(arg)` in the page from its source text, through the driver (CDP / WebDriver BiDi evaluation is not
 * bound by the page's CSP). tsx compiles with keepNames, which wraps inner functions in a `__name` helper the page
 * lacks: the expression supplies a no-op one.
 */
export function inPage<R, A>(page: E2EPage, fn: (arg: A) => R, arg?: A): Promise<R> {
  const src = `(() => { const __name = (f) => f; return (${fn.toString()})(${arg === undefined ? '' : JSON.stringify(arg)}); })()`;
  return (page.raw as { evaluate(expression: string): Promise<unknown> }).evaluate(src) as Promise<R>;
}

/** A canonical serialisation of the DOM without the extension's host element, and the body's rendered text. */
export function snapshotDom(): { dom: string; text: string; nodes: number } {
  const out: string[] = [];
  let nodes = 0;
  const walk = (node: Node): void => {
    if (node.nodeType === 1 && (node as Element).hasAttribute('data-reader-context-ui')) return;
    nodes++;
    if (node.nodeType === 1) {
      const el = node as Element;
      const attrs = [...el.attributes].map((a) => `${a.name}=${JSON.stringify(a.value)}`).sort();
      out.push(`<${el.localName} ${attrs.join(' ')}>`);
      for (let c = el.firstChild; c; c = c.nextSibling) walk(c);
      out.push(`</${el.localName}>`);
    } else if (node.nodeType === 3 || node.nodeType === 8) {
      out.push(`${node.nodeType === 3 ? 'T' : 'C'}${JSON.stringify(node.nodeValue)}`);
    } else {
      for (let c = node.firstChild; c; c = c.nextSibling) walk(c);
    }
  };
  walk(document);
  // The rendered text (what a reader sees), not textContent: a change of visibility must show up too.
  // biome-ignore lint/performance/useDomNodeTextContent: rendered text is the point here
  return { dom: out.join('\n'), text: document.body?.innerText ?? '', nodes };
}

/** Problems with registered highlight ranges: each must be non-empty visible text inside the document. */
export function checkRanges(): { ranges: number; problems: string[] } {
  const problems: string[] = [];
  let ranges = 0;
  const docW = document.documentElement.scrollWidth;
  const docH = document.documentElement.scrollHeight;
  for (const [name, h] of CSS.highlights) {
    if (!name.startsWith('reader-context')) continue;
    for (const r of h) {
      ranges++;
      const live = document.createRange();
      live.setStart(r.startContainer, r.startOffset);
      live.setEnd(r.endContainer, r.endOffset);
      const text = live.toString();
      const where = `${name} "${text.slice(0, 40)}"`;
      if (!text.trim()) problems.push(`${where}: empty text`);
      const rects = [...live.getClientRects()].filter((x) => x.width > 0 && x.height > 0);
      const inside = rects.some(
        (x) =>
          x.right + scrollX > 0 &&
          x.bottom + scrollY > 0 &&
          x.left + scrollX < docW &&
          x.top + scrollY < docH,
      );
      if (!inside) problems.push(`${where}: no non-zero client rect inside the document`);
      const parent = r.startContainer.parentElement;
      if (!parent) problems.push(`${where}: start container has no parent element`);
      else if (
        typeof parent.checkVisibility === 'function' &&
        !parent.checkVisibility({ visibilityProperty: true, opacityProperty: true } as CheckVisibilityOptions)
      )
        problems.push(`${where}: parent <${parent.localName}> is not visible`);
    }
  }
  return { ranges, problems: problems.slice(0, 5) };
}

/** The first highlighted mention that can be brought into view: scrolls to it and returns its centre and text. */
export function firstMention(): { x: number; y: number; text: string } | null {
  for (const [name, h] of CSS.highlights) {
    if (!name.startsWith('reader-context-') || /-(active|flash)$/.test(name)) continue;
    for (const r of h) {
      const live = document.createRange();
      live.setStart(r.startContainer, r.startOffset);
      live.setEnd(r.endContainer, r.endOffset);
      const first = [...live.getClientRects()].find((x) => x.width > 2 && x.height > 2);
      if (!first) continue;
      scrollBy(0, first.top - innerHeight / 3);
      const rect = [...live.getClientRects()].find((x) => x.width > 2 && x.height > 2);
      if (!rect || rect.top < 0 || rect.bottom > innerHeight) continue;
      // Not under an overlay (a sticky banner, a cookie wall): the pointer must reach the text itself.
      const hit = document.elementFromPoint(
        rect.left + Math.min(rect.width / 2, 20),
        rect.top + rect.height / 2,
      );
      if (!hit?.contains(r.startContainer)) continue;
      return {
        x: rect.left + Math.min(rect.width / 2, 20),
        y: rect.top + rect.height / 2,
        text: live.toString(),
      };
    }
  }
  return null;
}

/** The open card's text; null until it is visible (it is rendered ahead of its dwell, transparent). */
export function cardText(): string | null {
  const dialog = document
    .querySelector('[data-reader-context-ui]')
    ?.shadowRoot?.querySelector('[role="dialog"]');
  return dialog?.checkVisibility({ visibilityProperty: true, opacityProperty: true })
    ? (dialog.textContent ?? '')
    : null;
}

export function scanDetail(): { duration: number; mentions: number; longestSliceMs: number } | null {
  const m = performance.getEntriesByName('reader-context:scan')[0] as PerformanceMeasure | undefined;
  if (!m) return null;
  const d = m.detail as { mentions: number; longestSliceMs: number };
  return { duration: m.duration, mentions: d.mentions, longestSliceMs: d.longestSliceMs };
}
