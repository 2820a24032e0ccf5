/**
 * Checks on the store zips `npm run zip` made (npm test runs it, then these): the names the README gives, and each
 * zip holding exactly the files of its build folder, byte for byte.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readZip } from '@/scripts/store/read-zip';

const ROOT = resolve(import.meta.dirname, '../..');
const OUT_DIR = resolve(ROOT, process.env.READER_CONTEXT_OUT_DIR ?? '.output');
const { name, version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
};
const BUILDS = ['chrome-mv3', 'firefox-mv2', 'firefox-mv3'] as const;

/** Every file of a folder, relative to it, with `/`. */
const filesOf = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort();

describe('store zips', () => {
  it('are named as the README says, one per build and the sources (run `npm run zip` first)', () => {
    const zips = existsSync(OUT_DIR) ? readdirSync(OUT_DIR).filter((f) => f.endsWith('.zip')) : [];
    expect(zips.sort()).toEqual(
      [...BUILDS.map((b) => `${name}-${version}-${b}.zip`), `${name}-${version}-sources.zip`].sort(),
    );
  });

  it.each(BUILDS)('%s zip holds exactly the files of its build folder', (build) => {
    const zip = readZip(join(OUT_DIR, `${name}-${version}-${build}.zip`));
    const dir = join(OUT_DIR, build);
    expect([...zip.keys()].sort()).toEqual(filesOf(dir));
    for (const [file, data] of zip) expect(data.equals(readFileSync(join(dir, file))), file).toBe(true);
  });
});
