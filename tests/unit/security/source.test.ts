/**
 * Security review, as a test (docs/SECURITY.md): the product's own sources never build markup from strings or
 * run strings as code, and the built bundles (when a build is present) load no remote script and call no eval.
 * The source scan strips comments first, so a comment may name what it forbids.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const SOURCE_DIRS = [
  'entrypoints',
  'background',
  'content',
  'popup',
  'options',
  'components',
  'core',
  'extension',
  'dom',
];

/** Each forbidden construct, with why. */
const FORBIDDEN: { name: string; pattern: RegExp }[] = [
  { name: 'innerHTML / outerHTML (markup from a string)', pattern: /\.(inner|outer)HTML\b/ },
  { name: 'insertAdjacentHTML', pattern: /\binsertAdjacentHTML\b/ },
  { name: 'dangerouslySetInnerHTML', pattern: /\bdangerouslySetInnerHTML\b/ },
  { name: 'document.write', pattern: /\bdocument\.write(ln)?\s*\(/ },
  { name: 'eval(', pattern: /(^|[^\w.$])eval\s*\(/ },
  { name: 'new Function(', pattern: /\bnew\s+Function\s*\(/ },
  { name: 'setTimeout/setInterval with a string', pattern: /\bset(Timeout|Interval)\s*\(\s*['"`]/ },
  { name: 'importScripts / remote import()', pattern: /\bimportScripts\s*\(|\bimport\s*\(\s*['"`]https?:/ },
  {
    name: 'createContextualFragment / DOMParser on markup',
    pattern: /\bcreateContextualFragment\b|\bparseFromString\s*\(/,
  },
];

/** Source text without comments (line and block), strings kept. Good enough for our own code. */
function stripComments(src: string): string {
  let out = '';
  let i = 0;
  let quote: string | null = null;
  while (i < src.length) {
    const c = src[i] as string;
    const next = src[i + 1];
    if (quote) {
      out += c;
      if (c === '\\') {
        out += next ?? '';
        i += 2;
        continue;
      }
      if (c === quote) quote = null;
      i++;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      quote = c;
      out += c;
      i++;
    } else if (c === '/' && next === '/') {
      while (i < src.length && src[i] !== '\n') i++;
    } else if (c === '/' && next === '*') {
      const end = src.indexOf('*/', i + 2);
      const block = src.slice(i, end < 0 ? src.length : end + 2);
      out += block.replace(/[^\n]/g, ' ');
      i += block.length;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

function findForbidden(src: string): { name: string; line: number; text: string }[] {
  const found: { name: string; line: number; text: string }[] = [];
  const lines = stripComments(src).split('\n');
  lines.forEach((text, i) => {
    for (const f of FORBIDDEN)
      if (f.pattern.test(text)) found.push({ name: f.name, line: i + 1, text: text.trim() });
  });
  return found;
}

function* walk(dir: string): Generator<string> {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* walk(path);
    else yield path;
  }
}

describe('security: product sources', () => {
  it('the scanner catches each forbidden construct (it can fail)', () => {
    const bad = [
      'el.innerHTML = name;',
      'host.outerHTML = x',
      "el.insertAdjacentHTML('beforeend', s)",
      '<div dangerouslySetInnerHTML={{ __html: s }} />',
      'document.write(s)',
      'eval(code)',
      'const f = new Function("a", body)',
      "setTimeout('alert(1)', 0)",
      "importScripts('https://x.test/a.js')",
      'range.createContextualFragment(html)',
    ];
    for (const line of bad) expect(findForbidden(line), line).not.toHaveLength(0);
    // Comments may name them; look-alikes are fine.
    expect(findForbidden('// never use innerHTML here\n/* nor eval( */\nconst evaluate = (x) => x;')).toEqual(
      [],
    );
    expect(findForbidden('node.textContent = name; retrieval(x); medieval(y)')).toEqual([]);
  });

  const files = SOURCE_DIRS.flatMap((d) => [...walk(join(ROOT, d))]).filter((f) =>
    /\.(ts|tsx|js|jsx|mjs)$/.test(f),
  );

  it('finds the sources to check', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(files.map((f) => [relative(ROOT, f), f]))(
    '%s builds no markup from strings and runs no strings',
    (_, file) => {
      expect(findForbidden(readFileSync(file, 'utf8'))).toEqual([]);
    },
  );
});

describe('security: built bundles (when .output/ holds a build)', () => {
  const outputs = existsSync(join(ROOT, '.output'))
    ? readdirSync(join(ROOT, '.output'))
        .map((d) => join(ROOT, '.output', d))
        .filter((d) => existsSync(join(d, 'manifest.json')))
    : [];
  it.skipIf(outputs.length === 0).each(outputs.map((d) => [relative(ROOT, d), d]))(
    '%s: no remote script, no eval, no new Function, no innerHTML, fixed permissions',
    (_, dir) => {
      const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
        permissions?: string[];
        host_permissions?: string[];
        content_security_policy?: unknown;
      };
      expect([...(manifest.permissions ?? [])].sort()).toEqual(['activeTab', 'contextMenus', 'storage']);
      expect(manifest.host_permissions ?? []).toEqual([]);
      expect(manifest.content_security_policy).toBeUndefined();
      for (const file of walk(dir)) {
        if (file.endsWith('.html')) {
          const html = readFileSync(file, 'utf8');
          expect(html, file).not.toMatch(/<script[^>]+src=["']?(https?:)?\/\//i);
        }
        if (!file.endsWith('.js')) continue;
        const js = readFileSync(file, 'utf8');
        expect(js, file).not.toMatch(/(^|[^\w.$])eval\s*\(/);
        expect(js, file).not.toMatch(/\bnew\s+Function\s*\(/);
        expect(js, file).not.toMatch(/\bimportScripts\s*\(/);
        expect(js, file).not.toMatch(/\bimport\s*\(\s*["'`]https?:/);
        // No HTML sink, Preact's included (scripts/build/preact-without-inner-html.ts).
        expect(js, file).not.toMatch(/\.(inner|outer)HTML\s*=(?!=)/);
      }
    },
  );
});
