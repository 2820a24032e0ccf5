import { describe, expect, it } from 'vitest';
import {
  EARLY_SCHEME,
  EARLY_SHEET_GLOBAL,
  EARLY_STYLE,
  highlightCss,
  highlightRules,
} from '@/content/highlights';
import { DEFAULT_SETTINGS } from '@/core/settings';

/** A document with just what the rules need: adoptedStyleSheets, a CSSStyleSheet that counts its rewrites. */
function fakeDoc({ adopt = true } = {}) {
  const writes: string[] = [];
  class Sheet {
    text = '';
    replaceSync(css: string) {
      this.text = css;
      writes.push(css);
    }
  }
  const appended: { localName: string; textContent: string; removed: boolean; remove(): void }[] = [];
  const doc = {
    defaultView: { CSSStyleSheet: Sheet },
    createElement: (localName: string) => {
      const el = {
        localName,
        textContent: '',
        removed: false,
        remove() {
          el.removed = true;
        },
      };
      return el;
    },
    ...(adopt ? { adoptedStyleSheets: [] as unknown[] } : {}),
  };
  const el = { append: (e: (typeof appended)[number]) => void appended.push(e) };
  const host = () => el as unknown as Element;
  return { doc: doc as unknown as Document, host, Sheet, writes, appended };
}

const EARLY_CSS = highlightCss(EARLY_STYLE, EARLY_SCHEME);

describe('highlight rules', () => {
  it('are planted at document_start for the default style on a light page', () => {
    expect(EARLY_STYLE).toBe(DEFAULT_SETTINGS.style);
    expect(EARLY_SCHEME).toBe('light');
  });

  it('take the early sheet the document still holds, once, and leave it alone while the look is the same', () => {
    const f = fakeDoc();
    const early = new f.Sheet();
    early.replaceSync(EARLY_CSS);
    (f.doc.adoptedStyleSheets as unknown[]).push(early);
    const g = { [EARLY_SHEET_GLOBAL]: early } as unknown as typeof globalThis;
    const rules = highlightRules(f.doc, f.host, g);
    expect(EARLY_SHEET_GLOBAL in g).toBe(false);
    rules.write(EARLY_CSS);
    expect(f.writes).toEqual([EARLY_CSS]); // only the early script's own write: no restyle
    const dark = highlightCss('background', 'dark');
    rules.write(dark);
    expect(early.text).toBe(dark);
    expect(f.doc.adoptedStyleSheets).toEqual([early]);
    rules.remove();
    expect(f.doc.adoptedStyleSheets).toEqual([]);
    rules.remove(); // twice is fine
    expect(f.doc.adoptedStyleSheets).toEqual([]);
  });

  it('put the sheet back when the page replaces the list, and never twice', () => {
    const f = fakeDoc();
    const rules = highlightRules(f.doc, f.host, {} as typeof globalThis);
    rules.write(EARLY_CSS);
    const ours = f.doc.adoptedStyleSheets[0];
    const theirs = new f.Sheet();
    (f.doc as { adoptedStyleSheets: unknown[] }).adoptedStyleSheets = [theirs];
    rules.ensure();
    expect(f.doc.adoptedStyleSheets).toEqual([theirs, ours]);
    rules.ensure();
    expect(f.doc.adoptedStyleSheets).toEqual([theirs, ours]);
    // A new look is written into the same sheet, and the sheet put back if it had gone again.
    (f.doc as { adoptedStyleSheets: unknown[] }).adoptedStyleSheets = [];
    rules.write(highlightCss('underline', 'light'));
    expect(f.doc.adoptedStyleSheets).toEqual([ours]);
    expect((ours as unknown as { text: string }).text).toContain('text-decoration');
  });

  it('adopt a sheet of their own when the early one is gone (a page replaced the list, or a later start)', () => {
    const f = fakeDoc();
    const early = new f.Sheet();
    const g = { [EARLY_SHEET_GLOBAL]: early } as unknown as typeof globalThis;
    const rules = highlightRules(f.doc, f.host, g);
    rules.write(EARLY_CSS);
    expect(f.doc.adoptedStyleSheets).toHaveLength(1);
    expect(f.doc.adoptedStyleSheets[0]).not.toBe(early);
    expect((f.doc.adoptedStyleSheets[0] as unknown as { text: string }).text).toBe(EARLY_CSS);
    expect(f.appended).toEqual([]);
  });

  it('fall back to a <style> in the host where a document cannot adopt sheets', () => {
    const f = fakeDoc({ adopt: false });
    let mounted = false;
    const rules = highlightRules(f.doc, () => (mounted ? f.host() : null), {} as typeof globalThis);
    rules.write(EARLY_CSS); // no host yet: nothing to write into, and nothing forgotten
    expect(f.appended).toEqual([]);
    mounted = true;
    rules.write(EARLY_CSS);
    expect(f.appended.map((e) => [e.localName, e.textContent])).toEqual([['style', EARLY_CSS]]);
    rules.write(highlightCss('underline', 'light'));
    expect(f.appended).toHaveLength(1);
    expect(f.appended[0]?.textContent).toContain('text-decoration');
    rules.remove();
    expect(f.appended[0]?.removed).toBe(true);
  });
});
