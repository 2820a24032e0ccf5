/**
 * The content script is injected into every page the reader opens, so it must not bundle the Public Suffix List
 * (tldts, ~70 kB minified). This walks the static import graph from its entry point, the way the bundler would,
 * and checks that neither tldts nor core/site.ts (its only importer here) can be reached.
 *
 * Resolution: relative paths and "@/…" (the repository root) are followed through .ts/.tsx/index files, without
 * Vite's query suffixes ("?inline"); "#…" aliases (the knowledge JSON) and non-code files (.json, .css) are leaves; bare specifiers are packages, recorded
 * as leaves. Type-only imports and exports are skipped: they are erased and never reach the bundle.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../../..');
const EXTENSIONS = ['.ts', '.tsx', '/index.ts', '/index.tsx'];

/** Static imports and re-exports (not `import type`/`export type`), side-effect imports and dynamic import(). */
const IMPORT_PATTERNS = [
  /^\s*import\s+(?!type[\s{])[^'";]*?\bfrom\s*['"]([^'"]+)['"]/gm,
  /^\s*export\s+(?!type[\s{])[^'";]*?\bfrom\s*['"]([^'"]+)['"]/gm,
  /^\s*import\s*['"]([^'"]+)['"]/gm,
  /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
];

function specifiers(source: string): string[] {
  const out: string[] = [];
  for (const pattern of IMPORT_PATTERNS) {
    for (const m of source.matchAll(pattern)) if (m[1]) out.push(m[1]);
  }
  return out;
}

function resolveFile(base: string): string | null {
  if (existsSync(base) && statSync(base).isFile()) return base;
  for (const ext of EXTENSIONS) if (existsSync(base + ext)) return base + ext;
  return null;
}

function packageName(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string);
}

interface Graph {
  files: Set<string>;
  packages: Set<string>;
  unresolved: string[];
}

function walk(entry: string): Graph {
  const graph: Graph = { files: new Set(), packages: new Set(), unresolved: [] };
  const queue = [resolve(ROOT, entry)];
  while (queue.length) {
    const file = queue.pop() as string;
    const rel = relative(ROOT, file);
    if (graph.files.has(rel)) continue;
    graph.files.add(rel);
    if (!/\.[cm]?[jt]sx?$/.test(file)) continue;
    for (const raw of specifiers(readFileSync(file, 'utf8'))) {
      if (raw.startsWith('#')) continue;
      const spec = raw.replace(/\?.*$/, ''); // Vite's "?inline", "?raw"…
      let base: string | null = null;
      if (spec.startsWith('.')) base = resolve(dirname(file), spec);
      else if (spec.startsWith('@/')) base = join(ROOT, spec.slice(2));
      if (base === null) {
        graph.packages.add(packageName(spec));
        continue;
      }
      const target = resolveFile(base);
      if (target) queue.push(target);
      else graph.unresolved.push(`${rel} → ${spec}`);
    }
  }
  return graph;
}

describe('import graph', () => {
  it('the content script cannot reach the Public Suffix List', () => {
    const graph = walk('entrypoints/content/index.ts');
    expect(graph.unresolved).toEqual([]);
    // The walk really covers the content script (guards against a walker that finds nothing).
    expect(graph.files).toContain('content/page.ts');
    expect(graph.files).toContain('core/settings.ts');
    expect(graph.packages).toContain('preact');
    expect(graph.packages).toContain('wxt');

    expect(graph.packages).not.toContain('tldts');
    expect(graph.files).not.toContain('core/site.ts');
    expect(graph.files).not.toContain('core/settings-io.ts');
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
