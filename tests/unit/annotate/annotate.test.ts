import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mention } from '@/core/matcher/types';
import {
  type AnnotatedMention,
  annotateFiles,
  annotateHtml,
  annotateText,
  MAX_FILE_BYTES,
  main,
} from '@/scripts/annotate';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const fixtures = path.join(repo, 'tests/fixtures/annotate');
const ENTITIES = ['--entities', path.join(fixtures, 'entities.json')];

/**
 * A stand-in matcher, independent of the real one: case-sensitive names, words separated by any whitespace
 * (so it WOULD match across a block separator if the annotator matched the joined text instead of per block).
 */
function fakeMatcher(names: Record<string, string>) {
  const entries = Object.entries(names).sort((a, b) => b[0].length - a[0].length);
  const re = new RegExp(entries.map(([n]) => n.split(' ').join('\\s+')).join('|'), 'g');
  return {
    match(text: string): Mention[] {
      const out: Mention[] = [];
      for (const m of text.matchAll(re)) {
        const key = m[0].split(/\s+/).join(' ');
        out.push({ entity: names[key] as string, start: m.index, end: m.index + m[0].length });
      }
      return out;
    },
  };
}

const matcher = fakeMatcher({
  'Alexander Lukashenko': 'lukashenko',
  Lukashenko: 'lukashenko',
  Putin: 'putin',
  Sochi: 'sochi',
});

function capture() {
  let out = '';
  let err = '';
  return {
    io: {
      stdout: { write: (s: string) => (out += s) },
      stderr: { write: (s: string) => (err += s) },
      compile: () => matcher,
    },
    get out() {
      return out;
    },
    get err() {
      return err;
    },
  };
}

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'annotate-test-'));
  writeFileSync(path.join(tmp, 'good.txt'), 'Putin and Lukashenko.');
  writeFileSync(path.join(tmp, 'nul.txt'), Buffer.from('Putin\u0000Lukashenko', 'utf8'));
  writeFileSync(path.join(tmp, 'latin1.txt'), Buffer.from([0x50, 0x75, 0x74, 0x69, 0x6e, 0xe9, 0x20]));
  writeFileSync(path.join(tmp, 'big.txt'), 'Putin '.repeat(20));
  // A sparse file just over the limit: the size check must refuse it before reading.
  writeFileSync(path.join(tmp, 'huge.txt'), '');
  truncateSync(path.join(tmp, 'huge.txt'), MAX_FILE_BYTES + 1);
  mkdirSync(path.join(tmp, 'dir.txt'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function checkSlices(text: string, mentions: AnnotatedMention[]) {
  for (const m of mentions) expect(text.slice(m.start, m.end)).toBe(m.text);
}

describe('annotateText', () => {
  it('reports entity, exact text and offsets into the text', () => {
    const text = 'Alexander Lukashenko met Putin in Sochi.';
    const mentions = annotateText(text, matcher);
    expect(mentions).toEqual([
      { entity: 'lukashenko', text: 'Alexander Lukashenko', start: 0, end: 20 },
      { entity: 'putin', text: 'Putin', start: 25, end: 30 },
      { entity: 'sochi', text: 'Sochi', start: 34, end: 39 },
    ]);
  });

  it('passes the fuzzy flag through', () => {
    const fuzzy = { match: (): Mention[] => [{ entity: 'x', start: 0, end: 2, fuzzy: true }] };
    expect(annotateText('Pu', fuzzy)).toEqual([{ entity: 'x', text: 'Pu', start: 0, end: 2, fuzzy: true }]);
  });
});

describe('annotateHtml', () => {
  it('annotates the visible text the content script sees, offsets into documentText', async () => {
    const html = readFileSync(path.join(fixtures, 'page.html'), 'utf8');
    const { text, mentions } = await annotateHtml(html, matcher);
    checkSlices(text, mentions);
    expect(text).not.toContain('title');
    expect(text).not.toContain('from a script');
    expect(text).not.toContain('Subscribe'); // display:none from the page's <style>
    expect(text).not.toContain('in code');
    expect(text).not.toContain('hidden');
    expect(mentions.map((m) => m.text)).toEqual(['Alexander Lukashenko', 'Putin', 'Sochi', 'Lukashenko']);
  });

  it('matches per block: a name does not run across a block boundary', async () => {
    const { text, mentions } = await annotateHtml(
      '<p>Alexander<br>Lukashenko</p><p>Alexander</p><p>Lukashenko</p>',
      matcher,
    );
    expect(text).toBe('Alexander\n\nLukashenko\n\nAlexander\n\nLukashenko');
    expect(mentions.map((m) => [m.text, m.start])).toEqual([
      ['Lukashenko', 11],
      ['Lukashenko', 34],
    ]);
  });

  it('does not run page scripts', async () => {
    const { text } = await annotateHtml(
      '<p id="p">Putin</p><script>document.getElementById("p").textContent = "Sochi"</script>',
      matcher,
    );
    expect(text).toBe('Putin');
  });
});

describe('annotateFiles', () => {
  it('annotates .txt and .html files in argument order', async () => {
    const files = [path.join(fixtures, 'page.html'), path.join(fixtures, 'article.txt')];
    const { results, errors } = await annotateFiles(files, matcher);
    expect(errors).toEqual([]);
    expect(results.map((r) => r.file)).toEqual(files);
    const txt = readFileSync(files[1] as string, 'utf8');
    checkSlices(txt, results[1]?.mentions ?? []);
    expect(results[1]?.mentions.map((m) => m.text)).toEqual([
      'Alexander Lukashenko',
      'Putin',
      'Sochi',
      'Putin',
    ]);
  });

  it('reports missing, binary, invalid UTF-8, directory and too-large files and still annotates the rest', async () => {
    const f = (name: string) => path.join(tmp, name);
    const files = [
      f('missing.txt'),
      f('nul.txt'),
      f('good.txt'),
      f('latin1.txt'),
      f('dir.txt'),
      f('big.txt'),
    ];
    const { results, errors } = await annotateFiles(files, matcher, { maxBytes: 100 });
    expect(results.map((r) => r.file)).toEqual([f('good.txt')]);
    expect(results[0]?.mentions.map((m) => m.entity)).toEqual(['putin', 'lukashenko']);
    expect(errors).toEqual([
      { file: f('missing.txt'), message: 'no such file' },
      { file: f('nul.txt'), message: expect.stringMatching(/^binary file \(NUL byte/) },
      { file: f('latin1.txt'), message: 'binary file (not valid UTF-8)' },
      { file: f('dir.txt'), message: 'is a directory' },
      { file: f('big.txt'), message: 'too large: 120 bytes, the limit is 100 bytes' },
    ]);
  });

  it('refuses a file over the default 20 MiB limit', async () => {
    const { results, errors } = await annotateFiles([path.join(tmp, 'huge.txt')], matcher);
    expect(results).toEqual([]);
    expect(errors[0]?.message).toMatch(/^too large: 20971521 bytes/);
  });
});

describe('main', () => {
  it('prints JSON to stdout and exits 0 when every file is annotated', async () => {
    const c = capture();
    const code = await main([...ENTITIES, path.join(tmp, 'good.txt')], c.io);
    expect(code).toBe(0);
    expect(c.err).toBe('');
    expect(JSON.parse(c.out)).toEqual([
      {
        file: path.join(tmp, 'good.txt'),
        mentions: [
          { entity: 'putin', text: 'Putin', start: 0, end: 5 },
          { entity: 'lukashenko', text: 'Lukashenko', start: 10, end: 20 },
        ],
      },
    ]);
  });

  it('names each bad file on stderr, keeps the others and exits 1', async () => {
    const c = capture();
    const files = ['missing.txt', 'good.txt', 'nul.txt', 'huge.txt'].map((n) => path.join(tmp, n));
    const code = await main([...ENTITIES, ...files], c.io);
    expect(code).toBe(1);
    expect(JSON.parse(c.out).map((r: { file: string }) => r.file)).toEqual([path.join(tmp, 'good.txt')]);
    const lines = c.err.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(`annotate: ${path.join(tmp, 'missing.txt')}: no such file`);
    expect(lines[1]).toContain(`${path.join(tmp, 'nul.txt')}: binary file`);
    expect(lines[2]).toContain(`${path.join(tmp, 'huge.txt')}: too large`);
  });

  it('with --why lists each name found but not reported and the rule that dropped it', async () => {
    const file = path.join(tmp, 'why.txt');
    writeFileSync(file, 'Viktor Lukashenko met Putin at kremlin.ru; un jour.');
    // The real matcher: the rules are its own.
    const c = capture();
    const io = { ...c.io, compile: undefined };
    const source = path.join(repo, 'tests/fixtures/matcher/entities.json');
    expect(await main(['--entities', source, '--why', file], io)).toBe(0);
    expect(JSON.parse(c.out)).toEqual([
      {
        file,
        mentions: [{ entity: 'putin', text: 'Putin', start: 22, end: 27 }],
        excluded: [
          { entity: 'lukashenko', text: 'Lukashenko', start: 7, end: 17, rule: 'other-person' },
          { entity: 'kremlin', text: 'kremlin', start: 31, end: 38, rule: 'address' },
          { entity: 'united-nations', text: 'un', start: 43, end: 45, rule: 'case' },
        ],
      },
    ]);
    // Without the flag the output is as before: no `excluded`.
    const plain = capture();
    expect(await main(['--entities', source, file], { ...plain.io, compile: undefined })).toBe(0);
    expect(JSON.parse(plain.out)[0]).not.toHaveProperty('excluded');
  });

  it('exits 2 on bad usage or an unloadable entity file', async () => {
    let c = capture();
    expect(await main([], c.io)).toBe(2);
    expect(c.err).toContain('usage');
    c = capture();
    expect(await main(['--bogus', 'x.txt'], c.io)).toBe(2);
    c = capture();
    expect(await main(['--entities', path.join(tmp, 'good.txt'), 'x.txt'], c.io)).toBe(2);
    expect(c.err).toContain('cannot load entities');
    expect(c.out).toBe('');
  });
});

describe('CLI (real matcher, spawned)', () => {
  it('matches the expected output for the fixtures and reports bad files with exit code 1', () => {
    const args = [
      'tsx',
      'scripts/annotate.ts',
      '--entities',
      'tests/fixtures/annotate/entities.json',
      'tests/fixtures/annotate/article.txt',
      path.join(tmp, 'missing.txt'),
      'tests/fixtures/annotate/page.html',
      path.join(tmp, 'nul.txt'),
      path.join(tmp, 'huge.txt'),
    ];
    const run = spawnSync('npx', args, { cwd: repo, encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(1);
    const expected = JSON.parse(readFileSync(path.join(fixtures, 'expected.json'), 'utf8'));
    expect(JSON.parse(run.stdout)).toEqual(expected);
    expect(run.stderr).toContain(`annotate: ${path.join(tmp, 'missing.txt')}: no such file`);
    expect(run.stderr).toContain(`annotate: ${path.join(tmp, 'nul.txt')}: binary file`);
    expect(run.stderr).toContain(`annotate: ${path.join(tmp, 'huge.txt')}: too large`);
    // Exactly one line per bad file: nothing else (happy-dom's notices about resources it did not load) leaks.
    const lines = run.stderr.split('\n').filter((l) => l && !l.startsWith('npm warn'));
    expect(lines).toHaveLength(3);
  }, 60_000);
});
