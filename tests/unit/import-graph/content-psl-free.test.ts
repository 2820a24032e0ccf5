/**
 * The content script is injected into every page the reader opens, so it must not bundle the Public Suffix List
 * (tldts, ~70 kB minified). This walks the static import graph from its entry point, the way the bundler would,
 * and checks that neither tldts nor core/site.ts (its only importer here) can be reached (the walk: ./graph.ts).
 */
import { describe, expect, it } from 'vitest';
import { specifiers, walk } from './graph';

describe('import graph', () => {
  it('the content script cannot reach the Public Suffix List', () => {
    const graph = walk('entrypoints/content/index.ts');
    expect(graph.unresolved).toEqual([]);
    // The walk really covers the content script (guards against a walker that finds nothing).
    expect(graph.files).toContain('content/page.ts');
    expect(graph.files).toContain('core/settings.ts');
    expect(graph.packages).toContain('wxt');

    expect(graph.packages).not.toContain('tldts');
    expect(graph.files).not.toContain('core/site.ts');
    expect(graph.files).not.toContain('core/settings-io.ts');
    expect(graph.files).not.toContain('extension/settings-io.ts');
  });

  it("the content script leaves the card's UI to card-ui.js, which loads into the same pages", () => {
    const content = walk('entrypoints/content/index.ts');
    for (const pkg of ['preact', '@floating-ui/dom']) expect(content.packages).not.toContain(pkg);
    expect(content.files).not.toContain('content/card-view.tsx');
    expect([...content.files].filter((f) => f.startsWith('components/'))).toEqual([]);

    const cardUi = walk('entrypoints/card-ui.ts');
    expect(cardUi.unresolved).toEqual([]);
    expect(cardUi.packages).toContain('preact');
    expect(cardUi.packages).toContain('@floating-ui/dom');
    expect(cardUi.files).toContain('content/card-view.tsx');
    // It runs in the pages content.js runs in, so it too stays clear of the Public Suffix List.
    expect(cardUi.packages).not.toContain('tldts');
    expect(cardUi.files).not.toContain('core/site.ts');
  });

  it('the content script leaves the page date and the reading memory to page-facts.js', () => {
    const content = walk('entrypoints/content/index.ts');
    expect(content.files).toContain('content/page-facts.ts');
    for (const file of ['content/page-date.ts', 'content/page-record.ts', 'content/memory-recorder.ts'])
      expect(content.files, file).not.toContain(file);

    const facts = walk('entrypoints/page-facts.ts');
    expect(facts.unresolved).toEqual([]);
    expect(facts.files).toContain('content/page-date.ts');
    expect(facts.files).toContain('content/page-record.ts');
    expect(facts.files).toContain('content/memory-recorder.ts');
    expect(facts.packages).not.toContain('tldts');
    expect(facts.packages).not.toContain('preact');
  });

  it('finds tldts where it is meant to be (the popup, the options page and the background)', () => {
    for (const entry of [
      'entrypoints/popup/main.tsx',
      'entrypoints/options/main.tsx',
      'entrypoints/background.ts',
    ]) {
      const graph = walk(entry);
      expect(graph.unresolved, entry).toEqual([]);
      expect(graph.packages, entry).toContain('tldts');
      expect(graph.files, entry).toContain('core/settings-io.ts');
      expect(graph.files, entry).toContain('extension/settings-io.ts');
    }
  });

  it('skips type-only imports, which the bundle never contains', () => {
    expect(
      specifiers(
        [
          "import type { A } from './a';",
          "import { type B, c } from './c';",
          "export type { D } from './d';",
          "export { e } from './e';",
          "import './f.css';",
          "const g = import('./g');",
          'import h, {',
          '  i,',
          "} from 'h';",
        ].join('\n'),
      ).sort(),
    ).toEqual(['./c', './e', './f.css', './g', 'h'].sort());
  });
});
