/**
 * The static import graph as the bundler sees it, for tests that say what may reach what.
 *
 * Resolution: relative paths and "@/…" (the repository root) are followed through .ts/.tsx/index files, without
 * Vite's query suffixes ("?inline"); "#…" aliases (the knowledge JSON) and non-code files (.json, .css) are
 * leaves; bare specifiers are packages, recorded as leaves. Type-only imports and exports are skipped by
 * `specifiers`: they are erased and never reach the bundle (`allSpecifiers` keeps them).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../../..');
const EXTENSIONS = ['.ts', '.tsx', '/index.ts', '/index.tsx'];

/** Static imports and re-exports (not `import type`/`export type`), side-effect imports and dynamic import(). */
const IMPORT_PATTERNS = [
  /^\s*import\s+(?!type[\s{])[^'";]*?\bfrom\s*['"]([^'"]+)['"]/gm,
  /^\s*export\s+(?!type[\s{])[^'";]*?\bfrom\s*['"]([^'"]+)['"]/gm,
  /^\s*import\s*['"]([^'"]+)['"]/gm,
  /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
];

export function specifiers(source: string): string[] {
  const out: string[] = [];
  for (const pattern of IMPORT_PATTERNS) {
    for (const m of source.matchAll(pattern)) if (m[1]) out.push(m[1]);
  }
  return out;
}

/** Every module a file names, type-only imports and exports (and `import('…')` types) included. */
export function allSpecifiers(source: string): string[] {
  const out: string[] = [];
  for (const pattern of [
    /^\s*(?:import|export)\s[^'";]*?\bfrom\s*['"]([^'"]+)['"]/gm,
    ...IMPORT_PATTERNS.slice(2),
  ]) {
    for (const m of source.matchAll(pattern)) if (m[1]) out.push(m[1]);
  }
  return out;
}

export function resolveFile(base: string): string | null {
  if (existsSync(base) && statSync(base).isFile()) return base;
  for (const ext of EXTENSIONS) if (existsSync(base + ext)) return base + ext;
  return null;
}

export function packageName(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string);
}

export interface Graph {
  files: Set<string>;
  packages: Set<string>;
  unresolved: string[];
}

export function walk(entry: string): Graph {
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
