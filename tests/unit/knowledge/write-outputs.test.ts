/**
 * The compiler's two output files (the knowledge and its search index) are written together or not at all: a
 * failure part way must never leave new knowledge beside a stale index.
 */
import { mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeOutputs } from '@/scripts/knowledge/write-outputs';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function setUp() {
  const dir = mkdtempSync(join(tmpdir(), 'outputs-'));
  dirs.push(dir);
  const a = join(dir, 'knowledge.json');
  const b = join(dir, 'search-index.json');
  writeFileSync(a, 'old a');
  writeFileSync(b, 'old b');
  return { dir, a, b, outputs: [[a, 'new a'] as const, [b, 'new b'] as const] };
}

/** The real file system, with the `n`th call of `op` (1-based) failing. */
function failingFs(op: 'writeFileSync' | 'renameSync', n: number) {
  let calls = 0;
  const maybeFail = (name: string) => {
    if (name === op && ++calls === n) throw new Error(`disk full (${op} #${n})`);
  };
  return {
    readFileSync(path: string, encoding: 'utf8') {
      return readFileSync(path, encoding);
    },
    writeFileSync(path: string, text: string) {
      maybeFail('writeFileSync');
      writeFileSync(path, text);
    },
    renameSync(from: string, to: string) {
      maybeFail('renameSync');
      renameSync(from, to);
    },
    rmSync(path: string, options: { force: boolean }) {
      rmSync(path, options);
    },
  };
}

describe('writeOutputs', () => {
  it('writes every file', () => {
    const { dir, a, b, outputs } = setUp();
    writeOutputs(outputs);
    expect([readFileSync(a, 'utf8'), readFileSync(b, 'utf8')]).toEqual(['new a', 'new b']);
    expect(readdirSync(dir).sort()).toEqual(['knowledge.json', 'search-index.json']);
  });

  it('leaves both files as they were when the second write fails', () => {
    const { dir, a, b, outputs } = setUp();
    expect(() => writeOutputs(outputs, failingFs('writeFileSync', 2))).toThrow(/disk full/);
    expect([readFileSync(a, 'utf8'), readFileSync(b, 'utf8')]).toEqual(['old a', 'old b']);
    expect(readdirSync(dir).sort()).toEqual(['knowledge.json', 'search-index.json']);
  });

  it('leaves both files as they were when the second rename fails', () => {
    const { dir, a, b, outputs } = setUp();
    expect(() => writeOutputs(outputs, failingFs('renameSync', 2))).toThrow(/disk full/);
    expect([readFileSync(a, 'utf8'), readFileSync(b, 'utf8')]).toEqual(['old a', 'old b']);
    expect(readdirSync(dir).sort()).toEqual(['knowledge.json', 'search-index.json']);
  });

  it('writes a file that did not exist, and removes it again when a later one fails', () => {
    const { dir, b } = setUp();
    const fresh = join(dir, 'fresh.json');
    const outputs = [[fresh, 'new'] as const, [b, 'new b'] as const];
    expect(() => writeOutputs(outputs, failingFs('renameSync', 2))).toThrow(/disk full/);
    expect(readFileSync(b, 'utf8')).toBe('old b');
    expect(readdirSync(dir).sort()).toEqual(['knowledge.json', 'search-index.json']);
  });
});
