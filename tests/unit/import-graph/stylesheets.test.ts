/**
 * Each of the extension's pages styles what it renders. A class one page's components use but only another page's
 * stylesheet defines renders as a bare browser control (the options page's fields once had no border, their rules
 * being in the popup's sheet). For each page, this walks the static import graph from its entry point (./graph.ts)
 * to the components it renders and the stylesheets it loads (following CSS `@import`), and checks that every
 * `rc-` class the components name, and some stylesheet of the project defines, is defined in one the page loads.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, walk } from './graph';

const PAGES = {
  popup: 'entrypoints/popup/main.tsx',
  options: 'entrypoints/options/main.tsx',
  card: 'entrypoints/card-ui.ts',
};

const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

function cssFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.css'))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

/**
 * The classes a stylesheet names in its selectors (comments aside), on their own or inside another: a loose test,
 * which misses a class a page's sheet styles only in some other context, but has no list of exceptions to keep.
 */
function definedIn(file: string): Set<string> {
  const css = read(file).replace(/\/\*[\s\S]*?\*\//g, '');
  return new Set([...css.matchAll(/\.(rc-[\w-]*\w)/g)].map((m) => m[1] as string));
}

/** The stylesheets `files` name, and those they `@import`. */
function loadedSheets(files: Iterable<string>): Set<string> {
  const sheets = new Set<string>();
  const queue = [...files].filter((f) => f.endsWith('.css'));
  while (queue.length) {
    const file = queue.pop() as string;
    if (sheets.has(file)) continue;
    sheets.add(file);
    for (const m of read(file).matchAll(/@import\s+(?:url\()?["']([^"']+)["']/g))
      queue.push(relative(ROOT, resolve(ROOT, dirname(file), m[1] as string)));
  }
  return sheets;
}

/** The classes a component file names in its `class`/`className` attributes (whole names: not `rc-x--${y}`). */
function usedIn(file: string): Set<string> {
  const out = new Set<string>();
  for (const m of read(file).matchAll(/\bclass(?:Name)?=(?:"([^"]*)"|\{([^}]*)\})/g)) {
    for (const c of (m[1] ?? m[2] ?? '').matchAll(/rc-[\w-]*\w(?![\w-]|\$\{)/g)) out.add(c[0]);
  }
  return out;
}

const ALL_SHEETS = [...cssFiles('components'), ...cssFiles('content')];

function missing(entry: string): string[] {
  const graph = walk(entry);
  const loaded = new Set<string>();
  for (const sheet of loadedSheets(graph.files)) for (const c of definedIn(sheet)) loaded.add(c);
  const styledSomewhere = new Set(ALL_SHEETS.flatMap((f) => [...definedIn(f)]));
  const out: string[] = [];
  for (const file of [...graph.files].filter((f) => f.endsWith('.tsx')).sort()) {
    for (const c of usedIn(file)) if (styledSomewhere.has(c) && !loaded.has(c)) out.push(`${file}: .${c}`);
  }
  return out;
}

describe('each page loads the stylesheets of the classes it uses', () => {
  it('finds the sheets and the classes it checks (guards against a check that sees nothing)', () => {
    expect(ALL_SHEETS).toContain('components/popup.css');
    expect(ALL_SHEETS).toContain('components/card/card-layers.css');
    expect(loadedSheets(walk(PAGES.popup).files)).toContain('components/card/card-layers.css');
    expect(usedIn('components/options/OptionsForm.tsx')).toContain('rc-input');
  });

  it('would catch a class defined only in another page’s sheet', () => {
    // The options page does not load the popup's sheet: a class defined only there is caught.
    const popupOnly = [...definedIn('components/popup.css')].filter(
      (c) => !definedIn('components/app.css').has(c) && !definedIn('components/options.css').has(c),
    );
    expect(popupOnly.length).toBeGreaterThan(0);
  });

  for (const [page, entry] of Object.entries(PAGES))
    it(page, () => {
      expect(missing(entry)).toEqual([]);
    });
});
