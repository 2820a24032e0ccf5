/**
 * Checks on the builds `npm run build` (or `npm run zip`) made, run after it by `npm run test:build`
 * (vitest.build.config.ts); the unit suite never reads .output/, so it passes with or without a build.
 * Security review (docs/SECURITY.md): every build loads no remote script, calls no eval and asks for exactly
 * the permissions the README justifies.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const OUT_DIR = resolve(ROOT, process.env.READER_CONTEXT_OUT_DIR ?? '.output');
const BUILDS = ['chrome-mv3', 'firefox-mv2', 'firefox-mv3'] as const;

type Manifest = {
  permissions?: string[];
  host_permissions?: string[];
  content_security_policy?: unknown;
  minimum_chrome_version?: string;
  browser_specific_settings?: { gecko?: { strict_min_version?: string } };
};

const manifestOf = (build: string): Manifest =>
  JSON.parse(readFileSync(join(OUT_DIR, build, 'manifest.json'), 'utf8')) as Manifest;

/** Every file of a build, as paths relative to it. */
const filesOf = (build: string): string[] =>
  readdirSync(join(OUT_DIR, build), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));

describe.each(BUILDS)('build %s', (build) => {
  it('is there (run `npm run build` first)', () => {
    expect(existsSync(join(OUT_DIR, build, 'manifest.json')), `${OUT_DIR}/${build}/manifest.json`).toBe(true);
  });

  it('asks for fixed permissions: no host permissions, the default extension CSP', () => {
    const manifest = manifestOf(build);
    expect([...(manifest.permissions ?? [])].sort()).toEqual(['activeTab', 'contextMenus', 'storage']);
    expect(manifest.host_permissions ?? []).toEqual([]);
    expect(manifest.content_security_policy).toBeUndefined();
  });

  it('declares the oldest browser it runs in (the CSS Custom Highlight API: Chrome 105, Firefox 140)', () => {
    const manifest = manifestOf(build);
    if (build.startsWith('chrome')) expect(manifest.minimum_chrome_version).toBe('105');
    else expect(manifest.browser_specific_settings?.gecko?.strict_min_version).toBe('140.0');
  });

  it('loads no remote script, no eval, no new Function, no innerHTML', () => {
    for (const file of filesOf(build)) {
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
  });

  it('turns the test hooks on only from storage: it is not a bench build (READER_CONTEXT_BENCH)', () => {
    // A bench build answers the switch from automation alone, and reads no `testHooks` from storage.
    const readers = filesOf(build).filter(
      (f) => f.endsWith('.js') && readFileSync(f, 'utf8').includes('webdriver'),
    );
    expect(readers.length, 'bundles that read the switch').toBeGreaterThan(0);
    for (const file of readers) expect(readFileSync(file, 'utf8'), file).toContain('testHooks');
  });
});
