/**
 * The knowledge compiler's checks, each shown failing on bad input. Every case copies the small fixture in
 * tests/fixtures/knowledge/good to a temporary directory, breaks one thing, and expects the error to name
 * the file and the line of the break.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type CompileError, compileKnowledge } from '@/scripts/knowledge/compiler';
import { countedParagraphs, repeatKey, stableStringify } from '@/scripts/knowledge/text';
import { formatError } from '@/scripts/knowledge/yaml-source';

const GOOD = join(__dirname, '../../fixtures/knowledge/good');
const dirs: string[] = [];

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A fresh copy of the good fixture; `edit` may rewrite its files before compiling. */
function fixture(edit?: (dir: string) => void) {
  const dir = mkdtempSync(join(tmpdir(), 'knowledge-'));
  dirs.push(dir);
  cpSync(GOOD, dir, { recursive: true });
  edit?.(dir);
  const result = compileKnowledge({ articlesDir: join(dir, 'articles'), entitiesDir: join(dir, 'entities') });
  return { dir, result };
}

function replaceIn(dir: string, file: string, from: string, to: string): void {
  const path = join(dir, file);
  const text = readFileSync(path, 'utf8');
  if (!text.includes(from)) throw new Error(`fixture edit: '${from}' not in ${file}`);
  writeFileSync(path, text.replace(from, to));
}

/** 1-based line of the first line of `file` that contains `needle`. */
function lineWith(dir: string, file: string, needle: string): number {
  const lines = readFileSync(join(dir, file), 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`'${needle}' not in ${file}`);
  return i + 1;
}

function expectError(errors: CompileError[], file: string, line: number, message: RegExp): void {
  const hit = errors.find((e) => e.file.endsWith(file) && e.line === line && message.test(e.message));
  expect(
    hit,
    `expected ${file}:${line} ${message}; got\n${errors.map(formatError).join('\n')}`,
  ).toBeDefined();
}

describe('compileKnowledge on the good fixture', () => {
  it('compiles without errors and counts mentions with the matcher, repeated captions dropped', () => {
    const { result } = fixture();
    expect(result.errors).toEqual([]);
    const k = result.knowledge;
    expect(k).toBeDefined();
    const doe = k?.entities.find((e) => e.id === 'doe');
    const riverton = k?.entities.find((e) => e.id === 'riverton');
    // Headline, first paragraph, "Doe said", first caption; the second caption differs only in quote marks.
    expect(doe?.appearances).toEqual([expect.objectContaining({ article: 'a1', mentions: 4 })]);
    expect(riverton?.appearances).toEqual([expect.objectContaining({ article: 'a1', mentions: 3 })]);
    expect(result.notes).toContain('a1: 1 repeated paragraph(s) not counted');
    // Spans index the verbatim article text.
    const text = readFileSync(join(GOOD, 'articles/a1.txt'), 'utf8');
    for (const [s, e] of doe?.appearances[0]?.spans ?? []) expect(text.slice(s, e)).toMatch(/^(Jane )?Doe$/);
  });

  it('fills defaults, key points, alsoSpelled and provenance', () => {
    const k = fixture().result.knowledge;
    expect(k?.articles[0]).toMatchObject({
      id: 'a1',
      headline: 'Mayor Jane Doe opens the Riverton bridge',
      date: '2024-05-06',
      provenance: { publication: { stated: false } },
    });
    expect(k?.articles[0]?.keyPoints[0]?.evidence[0]?.article).toBe('a1');
    const doe = k?.entities.find((e) => e.id === 'doe');
    expect(doe?.alsoSpelled).toEqual(['Джейн Доу']);
    expect(doe?.facts[0]?.basis).toBe('article');
    expect(k?.entities.find((e) => e.id === 'riverton')?.description).toEqual({
      text: 'A town.',
      basis: 'background',
      evidence: [],
    });
  });

  it("gives a relation to both entities of the pair, written once in its subject's file", () => {
    const k = fixture().result.knowledge;
    const relation = {
      subject: 'doe',
      object: 'riverton',
      text: 'Jane Doe is the mayor of Riverton.',
      evidence: [{ article: 'a1', quote: 'the mayor of Riverton' }],
    };
    expect(k?.entities.find((e) => e.id === 'doe')?.relations).toEqual([{ ...relation, entity: 'riverton' }]);
    expect(k?.entities.find((e) => e.id === 'riverton')?.relations).toEqual([{ ...relation, entity: 'doe' }]);
  });

  it('is deterministic: two compiles give identical bytes', () => {
    const a = fixture().result;
    const b = fixture().result;
    expect(stableStringify(a.knowledge)).toBe(stableStringify(b.knowledge));
    expect(stableStringify(a.searchIndex)).toBe(stableStringify(b.searchIndex));
  });
});

describe('compileKnowledge checks (each fails on bad input, naming file:line)', () => {
  it('a pair of entities with a relation in each direction', () => {
    const { dir, result } = fixture((d) =>
      replaceIn(
        d,
        'entities/riverton.yaml',
        'facts:\n',
        'relations:\n  - object: doe\n    text: "Riverton\'s mayor is Jane Doe."\n    evidence:\n      - { article: a1, quote: "the mayor of Riverton" }\nfacts:\n',
      ),
    );
    expectError(
      result.errors,
      'entities/riverton.yaml',
      lineWith(dir, 'entities/riverton.yaml', '- object: doe'),
      /the pair riverton, doe already has a relation \(in doe\.yaml\); write it once/,
    );
  });

  it('malformed YAML', () => {
    const { result } = fixture((d) => replaceIn(d, 'entities/doe.yaml', 'type: person', 'type: [person'));
    expect(result.knowledge).toBeUndefined();
    expect(result.errors.some((e) => e.file.endsWith('doe.yaml') && /malformed YAML/.test(e.message))).toBe(
      true,
    );
  });

  it('duplicate key is malformed', () => {
    const { dir, result } = fixture((d) =>
      replaceIn(d, 'entities/doe.yaml', 'fuzzy: true', 'fuzzy: true\nfuzzy: false'),
    );
    expectError(
      result.errors,
      'entities/doe.yaml',
      lineWith(dir, 'entities/doe.yaml', 'fuzzy: false'),
      /malformed YAML/,
    );
  });

  it('missing required field', () => {
    const { result } = fixture((d) => replaceIn(d, 'entities/riverton.yaml', 'name: Riverton\n', ''));
    expectError(result.errors, 'entities/riverton.yaml', 1, /missing required field 'name'/);
  });

  it('missing required field inside a list item', () => {
    const { dir, result } = fixture((d) =>
      replaceIn(
        d,
        'entities/doe.yaml',
        '  - object: riverton\n    text: "Jane Doe is the mayor of Riverton."\n',
        '  - object: riverton\n',
      ),
    );
    expectError(
      result.errors,
      'entities/doe.yaml',
      lineWith(dir, 'entities/doe.yaml', '- object: riverton'),
      /missing required field 'text'/,
    );
  });

  it('unknown field', () => {
    const { dir, result } = fixture((d) =>
      replaceIn(d, 'entities/doe.yaml', 'fuzzy: true', 'fuzzy: true\nfuzzzy: 1'),
    );
    expectError(
      result.errors,
      'entities/doe.yaml',
      lineWith(dir, 'entities/doe.yaml', 'fuzzzy'),
      /unknown field 'fuzzzy'/,
    );
  });

  it('unknown article id', () => {
    const { dir, result } = fixture((d) =>
      replaceIn(
        d,
        'entities/doe.yaml',
        '{ article: a1, quote: "opened the new bridge on Monday" }',
        '{ article: a9, quote: "x" }',
      ),
    );
    expectError(
      result.errors,
      'entities/doe.yaml',
      lineWith(dir, 'entities/doe.yaml', 'article: a9'),
      /unknown article id 'a9'/,
    );
  });

  it('unknown entity id', () => {
    const { dir, result } = fixture((d) =>
      replaceIn(d, 'entities/doe.yaml', 'object: riverton', 'object: atlantis'),
    );
    expectError(
      result.errors,
      'entities/doe.yaml',
      lineWith(dir, 'entities/doe.yaml', 'atlantis'),
      /unknown entity id 'atlantis'/,
    );
  });

  it('quote not found in its article', () => {
    const { dir, result } = fixture((d) =>
      replaceIn(
        d,
        'entities/riverton.yaml',
        'quote: "the mayor of Riverton"',
        'quote: "the mayor of Springfield"',
      ),
    );
    expectError(
      result.errors,
      'entities/riverton.yaml',
      lineWith(dir, 'entities/riverton.yaml', 'Springfield'),
      /quote not found verbatim in article 'a1'/,
    );
  });

  it('quote that differs only in quote marks gets a hint', () => {
    const { result } = fixture((d) =>
      replaceIn(
        d,
        'entities/doe.yaml',
        '"“It is a great day for the town,” Doe said."',
        '"\\"It is a great day for the town,\\" Doe said."',
      ),
    );
    expect(result.errors.some((e) => /only in spaces or quote marks/.test(e.message))).toBe(true);
  });

  it('quote text not verbatim', () => {
    const { dir, result } = fixture((d) =>
      replaceIn(
        d,
        'entities/doe.yaml',
        'text: "It is a great day for the town"',
        'text: "It is a grand day"',
      ),
    );
    expectError(
      result.errors,
      'entities/doe.yaml',
      lineWith(dir, 'entities/doe.yaml', 'grand day'),
      /not verbatim/,
    );
  });

  it('key point evidence is checked against its own article', () => {
    const { dir, result } = fixture((d) =>
      replaceIn(d, 'articles/a1.yaml', 'quote: "It is a great day for the town"', 'quote: "A fine day"'),
    );
    expectError(
      result.errors,
      'articles/a1.yaml',
      lineWith(dir, 'articles/a1.yaml', 'A fine day'),
      /quote not found/,
    );
  });

  it('headline must be the first line', () => {
    const { result } = fixture((d) =>
      replaceIn(d, 'articles/a1.yaml', 'opens the Riverton bridge"', 'opens a bridge"'),
    );
    expectError(result.errors, 'articles/a1.yaml', 3, /headline must be the article's first line/);
  });

  it('article without metadata', () => {
    const { result } = fixture((d) => rmSync(join(d, 'articles/a1.yaml')));
    expectError(result.errors, 'articles/a1.txt', 1, /missing metadata file a1.yaml/);
  });

  it('name claimed by two entities with no rule', () => {
    const { dir, result } = fixture((d) =>
      replaceIn(
        d,
        'entities/riverton.yaml',
        '  - { text: "Riverton", kind: full }',
        '  - { text: "Riverton", kind: full }\n  - { text: "DOE", kind: variant }',
      ),
    );
    expectError(
      result.errors,
      'entities/doe.yaml',
      lineWith(dir, 'entities/doe.yaml', '"Doe", kind: surname'),
      /name 'doe' is claimed by doe and riverton .*riverton\.yaml:\d+.*yieldTo/,
    );
  });

  it('the yieldTo rule decides a shared name', () => {
    const { result } = fixture((d) =>
      replaceIn(
        d,
        'entities/riverton.yaml',
        '  - { text: "Riverton", kind: full }',
        '  - { text: "Riverton", kind: full }\n  - { text: "Doe", kind: variant, yieldTo: doe }',
      ),
    );
    expect(result.errors).toEqual([]);
    const riverton = result.knowledge?.entities.find((e) => e.id === 'riverton');
    expect(riverton?.names.map((n) => n.text)).toEqual(['Riverton']);
    expect(riverton?.alsoSpelled).toContain('Doe');
    expect(result.knowledge?.entities.find((e) => e.id === 'doe')?.appearances[0]?.mentions).toBe(4);
  });

  it('yieldTo an entity that does not declare the name', () => {
    const { dir, result } = fixture((d) =>
      replaceIn(
        d,
        'entities/riverton.yaml',
        '  - { text: "Riverton", kind: full }',
        '  - { text: "Riverton", kind: full }\n  - { text: "Rivertown", kind: variant, yieldTo: doe }',
      ),
    );
    expectError(
      result.errors,
      'entities/riverton.yaml',
      lineWith(dir, 'entities/riverton.yaml', 'Rivertown'),
      /does not declare the name/,
    );
  });

  it('loaded term in the knowledge’s own voice', () => {
    const { dir, result } = fixture((d) =>
      replaceIn(
        d,
        'entities/riverton.yaml',
        'text: "Has a new bridge."',
        'text: "Run by a Tyrant, it has a new bridge."',
      ),
    );
    expectError(
      result.errors,
      'entities/riverton.yaml',
      lineWith(dir, 'entities/riverton.yaml', 'Tyrant'),
      /loaded term 'tyrant'/,
    );
  });

  it('loaded term in a key point, a relation or a description', () => {
    const { result } = fixture((d) => {
      replaceIn(
        d,
        'articles/a1.yaml',
        'text: "The bridge\'s cost drew criticism."',
        'text: "The vote-rigger\'s bridge."',
      );
      replaceIn(
        d,
        'entities/doe.yaml',
        'text: "Jane Doe is the mayor of Riverton."',
        'text: "Jane Doe is the tyrant of Riverton."',
      );
      replaceIn(d, 'entities/riverton.yaml', 'text: "A town."', 'text: "A town with a tyrant."');
    });
    const loaded = result.errors
      .filter((e) => /loaded term/.test(e.message))
      .map((e) => e.file.split('/').pop());
    expect(loaded.sort()).toEqual(['a1.yaml', 'doe.yaml', 'riverton.yaml']);
  });

  it('a loaded term inside an attributed quote is fine', () => {
    expect(fixture().result.knowledge?.entities.find((e) => e.id === 'doe')?.saidAbout[0]?.text).toBe(
      'a tyrant',
    );
  });

  it('background claims carry no evidence; article claims need it', () => {
    const { result } = fixture((d) => {
      replaceIn(
        d,
        'entities/riverton.yaml',
        'basis: background',
        'basis: background\n  evidence:\n    - { article: a1, quote: "Riverton" }',
      );
      replaceIn(
        d,
        'entities/doe.yaml',
        'description:\n  text: "Mayor of Riverton."\n  evidence:\n    - { article: a1, quote: "Jane Doe, the mayor of Riverton" }',
        'description:\n  text: "Mayor of Riverton."',
      );
    });
    expect(
      result.errors.some(
        (e) => e.file.endsWith('riverton.yaml') && /background claim carries no evidence/.test(e.message),
      ),
    ).toBe(true);
    expect(result.errors.some((e) => e.file.endsWith('doe.yaml') && /needs evidence/.test(e.message))).toBe(
      true,
    );
  });

  it('a person the articles mention needs two facts with evidence', () => {
    const { result } = fixture((d) =>
      replaceIn(
        d,
        'entities/doe.yaml',
        '  - text: "Is the mayor of Riverton."\n    evidence:\n      - { article: a1, quote: "the mayor of Riverton" }\n',
        '',
      ),
    );
    expect(
      result.errors.some(
        (e) => e.file.endsWith('doe.yaml') && /at least 2 facts with evidence \(has 1\)/.test(e.message),
      ),
    ).toBe(true);
  });

  it('id must match the file name', () => {
    const { result } = fixture((d) => replaceIn(d, 'entities/doe.yaml', 'id: doe', 'id: jane'));
    expectError(result.errors, 'entities/doe.yaml', 1, /must match the file name/);
  });

  it('collects every error instead of stopping at the first', () => {
    const { result } = fixture((d) => {
      replaceIn(d, 'entities/doe.yaml', 'object: riverton', 'object: atlantis');
      replaceIn(d, 'entities/riverton.yaml', 'quote: "the mayor of Riverton"', 'quote: "nowhere"');
    });
    expect(result.errors.length).toBeGreaterThanOrEqual(2);
    expect(result.errors.map(formatError).every((s) => /^.+:\d+: .+/.test(s))).toBe(true);
  });
});

describe('hostile or broken source files (an error with file and line, never a crash)', () => {
  const BOMB = [
    'a: &a [x, x, x, x, x, x, x, x, x]',
    'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
    'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
    'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
    'e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]',
  ].join('\n');

  it('a YAML alias bomb is an error at its first alias, and the other files are still checked', () => {
    const { result } = fixture((d) => {
      writeFileSync(join(d, 'entities/bomb.yaml'), `id: bomb\n${BOMB}\n`);
      replaceIn(d, 'entities/doe.yaml', 'object: riverton', 'object: atlantis');
    });
    expectError(result.errors, 'entities/bomb.yaml', 3, /YAML aliases/);
    expectError(
      result.errors,
      'entities/doe.yaml',
      lineWith(GOOD, 'entities/doe.yaml', 'object: riverton'),
      /unknown entity id 'atlantis'/,
    );
  });

  it('a binary file is one short error, not its bytes quoted back', () => {
    const bytes = Buffer.alloc(20_000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) % 256;
    const { result } = fixture((d) => {
      writeFileSync(join(d, 'entities/blob.yaml'), bytes);
      writeFileSync(join(d, 'articles/a2.txt'), bytes);
      writeFileSync(join(d, 'articles/a2.yaml'), 'headline: x\n');
    });
    const errors = result.errors.filter((e) => /blob\.yaml|a2\.(txt|yaml)/.test(e.file));
    expect(errors.map((e) => e.file.split('/').pop())).toEqual(['a2.txt', 'blob.yaml']);
    for (const e of errors) {
      expect(e.message).toMatch(/binary file|not UTF-8/);
      expect(formatError(e).length).toBeLessThan(300);
    }
  });

  it('text that is not UTF-8 is refused, not read with replacement characters', () => {
    const { result } = fixture((d) => {
      const text = readFileSync(join(d, 'entities/doe.yaml'));
      writeFileSync(
        join(d, 'entities/doe.yaml'),
        Buffer.concat([text, Buffer.from([0x23, 0x20, 0xe9, 0x0a])]),
      );
    });
    expectError(result.errors, 'entities/doe.yaml', 1, /not UTF-8 text/);
  });

  it('an article id follows the id rule: no markup in a file name', () => {
    const bad = '<img src=x onerror=alert(1)>';
    const { result } = fixture((d) => {
      writeFileSync(join(d, `articles/${bad}.txt`), 'Jane Doe\n');
      writeFileSync(join(d, `articles/${bad}.yaml`), 'headline: x\n');
    });
    expectError(result.errors, `${bad}.txt`, 1, /bad article id/);
    expect(result.errors.filter((e) => e.file.includes(bad))).toHaveLength(1);
    expect(result.knowledge).toBeUndefined();
  });

  it('an evidence reference to a malformed article id is an error at its line', () => {
    const { result } = fixture((d) => replaceIn(d, 'entities/doe.yaml', 'article: a1', 'article: "A 1"'));
    const line = lineWith(GOOD, 'entities/doe.yaml', 'article: a1');
    expectError(result.errors, 'entities/doe.yaml', line, /lower-case letters and digits/);
  });
});

describe('repeated paragraphs', () => {
  it('treats straight and curly quote marks alike', () => {
    expect(repeatKey("the 'last dictator' said")).toBe(repeatKey('the ‘last dictator’ said'));
    expect(repeatKey('a “b” c\u00A0d ')).toBe(repeatKey('a "b" c d'));
  });

  it('keeps short repeated lines (they can be real repetition)', () => {
    const { kept, dropped } = countedParagraphs('Let them run away.\nLet them run away.');
    expect(kept).toHaveLength(2);
    expect(dropped).toHaveLength(0);
  });
});
