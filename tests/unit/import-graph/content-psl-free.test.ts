/**
 * The content scripts are injected into every page the reader opens (content.js) or every page that may name
 * someone (content-app.js), so they must not bundle the Public Suffix List (tldts, ~70 kB minified). This walks the
 * static import graph from their entry points, the way the bundler would, and checks that neither tldts nor
 * core/site.ts (its only importer here) can be reached (the walk: ./graph.ts); and that each part of the content
 * script is in the file that needs it.
 */
import { describe, expect, it } from 'vitest';
import { specifiers, walk } from './graph';

describe('import graph', () => {
  it('the content scripts cannot reach the Public Suffix List', () => {
    for (const entry of ['entrypoints/content/index.ts', 'entrypoints/content-app.ts']) {
      const graph = walk(entry);
      expect(graph.unresolved, entry).toEqual([]);
      expect(graph.packages, entry).toContain('wxt');
      expect(graph.packages, entry).not.toContain('tldts');
      expect(graph.files, entry).not.toContain('core/site.ts');
      expect(graph.files, entry).not.toContain('core/settings-io.ts');
      expect(graph.files, entry).not.toContain('extension/settings-io.ts');
    }
    // The walk really covers the content app (guards against a walker that finds nothing).
    const app = walk('entrypoints/content-app.ts');
    expect(app.files).toContain('content/page.ts');
    expect(app.files).toContain('core/settings.ts');
  });

  it("content.js is the first look's page side alone: the look is the background's; the matcher, the highlights and the settings are content-app.js's", () => {
    const content = walk('entrypoints/content/index.ts');
    expect(content.files).toContain('content/first-look.ts');
    expect(content.files).toContain('core/matcher/look-text.ts');
    for (const file of [
      'core/matcher/first-look.ts',
      'core/text/coarse.ts',
      'content/app.ts',
      'content/page.ts',
      'content/highlights.ts',
      'core/matcher/lazy.ts',
      'core/text/normalize.ts',
      'core/settings.ts',
    ])
      expect(content.files, file).not.toContain(file);
  });

  it("the content app leaves the card's UI to card-ui.js, which loads into the same pages", () => {
    const content = walk('entrypoints/content-app.ts');
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

  it('the content app leaves the page date and the reading memory to page-facts.js', () => {
    const content = walk('entrypoints/content-app.ts');
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
