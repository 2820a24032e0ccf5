import { describe, expect, it } from 'vitest';
import { BASE_SCHEME, BASE_STYLE, highlightCss } from '@/content/highlight-css';
import { highlightRules } from '@/content/highlights';
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

const text = (sheet: unknown) => (sheet as { text: string }).text;

describe('highlight rules', () => {
  it("are the build's default sheet for the default style on a light page", () => {
    expect(BASE_STYLE).toBe(DEFAULT_SETTINGS.style);
    expect(BASE_SCHEME).toBe('light');
  });

  it('add nothing for the default look, which the default sheet already shows: no restyle', () => {
    const f = fakeDoc();
    const rules = highlightRules(f.doc, f.host);
    rules.write(BASE_STYLE, BASE_SCHEME);
    expect(f.writes).toEqual([]);
    expect(f.doc.adoptedStyleSheets).toEqual([]);
    expect(f.appended).toEqual([]);
  });

  it('adopt one sheet for any other look, rewrite it only when the look changes, and drop it for the default', () => {
    const f = fakeDoc();
    const rules = highlightRules(f.doc, f.host);
    rules.write('background', 'dark');
    const dark = highlightCss('background', 'dark', true);
    expect(f.doc.adoptedStyleSheets).toHaveLength(1);
    const ours = f.doc.adoptedStyleSheets[0];
    expect(text(ours)).toBe(dark);
    rules.write('background', 'dark');
    expect(f.writes).toEqual([dark]);
    rules.write('underline', 'dark');
    expect(f.doc.adoptedStyleSheets).toEqual([ours]);
    expect(text(ours)).toContain('text-decoration');
    rules.write(BASE_STYLE, BASE_SCHEME);
    expect(f.doc.adoptedStyleSheets).toEqual([]);
    rules.write('none', 'light');
    expect(text(f.doc.adoptedStyleSheets[0])).toBe(highlightCss('none', 'light', true));
    rules.remove();
    expect(f.doc.adoptedStyleSheets).toEqual([]);
    rules.remove(); // twice is fine
    expect(f.doc.adoptedStyleSheets).toEqual([]);
  });

  it('put the sheet back when the page replaces the list, and never twice', () => {
    const f = fakeDoc();
    const rules = highlightRules(f.doc, f.host);
    rules.write('background', 'dark');
    const ours = f.doc.adoptedStyleSheets[0];
    const theirs = new f.Sheet();
    (f.doc as { adoptedStyleSheets: unknown[] }).adoptedStyleSheets = [theirs];
    rules.ensure();
    expect(f.doc.adoptedStyleSheets).toEqual([theirs, ours]);
    rules.ensure();
    expect(f.doc.adoptedStyleSheets).toEqual([theirs, ours]);
    // A new look is written into the same sheet, and the sheet put back if it had gone again.
    (f.doc as { adoptedStyleSheets: unknown[] }).adoptedStyleSheets = [];
    rules.write('underline', 'light');
    expect(f.doc.adoptedStyleSheets).toEqual([ours]);
    expect(text(ours)).toContain('text-decoration');
  });

  it('fall back to a <style> in the host where a document cannot adopt sheets', () => {
    const f = fakeDoc({ adopt: false });
    let mounted = false;
    const rules = highlightRules(f.doc, () => (mounted ? f.host() : null));
    rules.write('background', 'dark'); // no host yet: nothing to write into, and nothing forgotten
    expect(f.appended).toEqual([]);
    mounted = true;
    rules.write('background', 'dark');
    expect(f.appended.map((e) => [e.localName, e.textContent])).toEqual([
      ['style', highlightCss('background', 'dark', true)],
    ]);
    rules.write('underline', 'light');
    expect(f.appended).toHaveLength(1);
    expect(f.appended[0]?.textContent).toContain('text-decoration');
    rules.remove();
    expect(f.appended[0]?.removed).toBe(true);
  });
});
