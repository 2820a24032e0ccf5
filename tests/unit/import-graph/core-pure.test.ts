/**
 * core/ is the part of the extension that runs anywhere: in the knowledge compiler and the annotator (Node), in
 * unit tests without a fake browser, and in every context of the extension. So no file under core/ may use the
 * browser's extension API or extension storage, directly or through the folders that do (extension/, the
 * entrypoints, the components, dom/). Type-only imports count too: a type from the browser API in core/ is a
 * sign that code which needs the browser is in the wrong folder.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allSpecifiers, ROOT } from './graph';

const FORBIDDEN_PACKAGES = ['wxt/browser', 'wxt/utils/storage', '@wxt-dev/storage', 'webextension-polyfill'];
const FORBIDDEN_FOLDERS = ['extension/', 'entrypoints/', 'components/', 'dom/'];

/** `browser.` or `chrome.` as a global (not `x.browser.`, not `myBrowser.`). */
const BROWSER_GLOBAL = /(?<![\w$.])(?:browser|chrome)\s*\??\.\s*[A-Za-z_$]/;

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.[cm]?[jt]sx?$/.test(entry.name) ? [path] : [];
  });
}

/**
 * The source with comments and string literals emptied (line breaks kept, so line numbers hold): a name in a
 * comment or a string ("chrome.google.com") is not a use of the global.
 */
function codeOnly(source: string): string {
  return source.replace(
    /\/\*[\s\S]*?\*\/|\/\/[^\n]*|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g,
    (m) => m.replace(/[^\n]/g, ''),
  );
}

/** What is wrong with one file of core/, as "file: reason" lines (none when it is pure). */
function impurities(file: string, source: string): string[] {
  const out: string[] = [];
  for (const spec of allSpecifiers(source)) {
    if (FORBIDDEN_PACKAGES.some((p) => spec === p || spec.startsWith(`${p}/`))) {
      out.push(`${file}: imports ${spec}`);
      continue;
    }
    let target: string | null = null;
    if (spec.startsWith('.')) target = relative(ROOT, resolve(dirname(join(ROOT, file)), spec));
    else if (spec.startsWith('@/')) target = spec.slice(2);
    if (target !== null && FORBIDDEN_FOLDERS.some((folder) => `${target}/`.startsWith(folder))) {
      out.push(`${file}: imports ${spec}`);
    }
  }
  codeOnly(source)
    .split('\n')
    .forEach((line, i) => {
      if (BROWSER_GLOBAL.test(line)) out.push(`${file}:${i + 1}: uses the browser global (${line.trim()})`);
    });
  return out;
}

describe('core/ is pure', () => {
  it('imports no browser API, no extension storage, and nothing of the folders that use them', () => {
    const files = sourceFiles('core');
    // The walk really covers core/ (guards against a walker that finds nothing).
    expect(files).toContain('core/settings.ts');
    expect(files).toContain('core/matcher/index.ts');
    const problems = files.flatMap((file) => impurities(file, readFileSync(join(ROOT, file), 'utf8')));
    expect(problems).toEqual([]);
  });

  it('would catch each kind of impurity', () => {
    const found = impurities(
      'core/x.ts',
      [
        "import { browser } from 'wxt/browser';",
        "import type { Browser } from 'wxt/browser';",
        "import { storage } from 'wxt/utils/storage';",
        "import { storage as s } from '@wxt-dev/storage';",
        "import browserApi from 'webextension-polyfill';",
        "import { getSettings } from '@/extension/settings-store';",
        "import { t } from '../extension/i18n';",
        "export { cardCss } from '@/components/card';",
        "import type { TextBlock } from '@/dom/text-blocks';",
        "const m = import('../entrypoints/background');",
        'chrome.runtime.id;',
        'await browser.storage.local.get();',
      ].join('\n'),
    );
    expect(found).toHaveLength(12);
    expect(
      impurities(
        'core/y.ts',
        [
          "import { x } from './extension-free';",
          "import { y } from '@/core/domain';",
          '// browser.runtime is not used here',
          "const store = 'chrome.google.com'; /* chrome.tabs */",
          'const myBrowser = { x: 1 }; myBrowser.x; this.chrome = 1;',
        ].join('\n'),
      ),
    ).toEqual([]);
  });

  it('imports by relative path only: the build config loads core/ without the @/ alias', () => {
    const aliased = sourceFiles('core').flatMap((file) =>
      allSpecifiers(readFileSync(join(ROOT, file), 'utf8'))
        .filter((spec) => spec.startsWith('@/'))
        .map((spec) => `${file}: imports ${spec}`),
    );
    expect(aliased).toEqual([]);
    expect(allSpecifiers("import { y } from '@/core/domain';")).toEqual(['@/core/domain']);
  });
});
