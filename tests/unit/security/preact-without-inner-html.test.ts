// @vitest-environment happy-dom
/**
 * The build takes Preact's only HTML sink (dangerouslySetInnerHTML's innerHTML assignment) out of the bundles
 * (scripts/build/preact-without-inner-html.ts). Shown on the real Preact module: the patched copy still renders,
 * refuses the prop, and holds no innerHTML assignment for `web-ext lint` to report.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { withoutInnerHtml } from '@/scripts/build/preact-without-inner-html';

const preactFile = join(createRequire(import.meta.url).resolve('preact/package.json'), '../dist/preact.mjs');
const original = readFileSync(preactFile, 'utf8');
// Inside the project (in its ignored .vitest/): the test runner loads modules from there only.
const scratch = resolve(import.meta.dirname, '../../../.vitest');
mkdirSync(scratch, { recursive: true });
const dir = mkdtempSync(join(scratch, 'preact-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('preact without innerHTML', () => {
  it('removes the one innerHTML assignment from Preact', () => {
    expect(original).toMatch(/\.innerHTML=/);
    expect(withoutInnerHtml(original)).not.toMatch(/\.innerHTML\s*=(?!=)/);
  });

  it('still renders, and refuses dangerouslySetInnerHTML instead of writing markup', async () => {
    const file = join(dir, 'preact.mjs');
    // Without its source map comment: the map is not copied beside it.
    writeFileSync(file, withoutInnerHtml(original).replace(/\/\/# sourceMappingURL=.*$/m, ''));
    const { h, render } = (await import(/* @vite-ignore */ file)) as typeof import('preact');
    const root = document.createElement('div');
    render(h('p', { class: 'x' }, '<b>not markup</b>'), root);
    expect(root.innerHTML).toBe('<p class="x">&lt;b&gt;not markup&lt;/b&gt;</p>');
    const other = document.createElement('div');
    expect(() => render(h('p', { dangerouslySetInnerHTML: { __html: '<img src=x>' } }), other)).toThrow(
      /dangerouslySetInnerHTML is not supported/,
    );
    expect(other.querySelector('img')).toBeNull();
  });

  it('fails the build when Preact changes (no sink, or more than one)', () => {
    expect(() => withoutInnerHtml('export const x = 1;')).toThrow(/found 0/);
    expect(() => withoutInnerHtml('a.innerHTML=b.__html;c.innerHTML=d.__html')).toThrow(/found 2/);
  });
});
