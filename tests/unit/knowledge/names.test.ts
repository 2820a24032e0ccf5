import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import {
  bundledNameChunks,
  compileNameChunks,
  NAME_CHUNK,
  NAMES_GLOBAL,
  type NameIndexEntity,
  namesScript,
  parseNameChunk,
  toNameChunks,
  toNameIndex,
} from '../../../core/knowledge/names';
import { parseKnowledge } from '../../../core/knowledge/schema';
import type { Knowledge } from '../../../core/knowledge/types';
import { compileMatcher } from '../../../core/matcher';
import knowledgeJson from '../../../data/knowledge.json' with { type: 'json' };
import { syntheticKnowledge } from '../../../scripts/lib/synthetic';

const knowledge = parseKnowledge(knowledgeJson);

/** An entity as the compact chunks give it back: a plain name's kind is `variant` (only acronyms matter). */
function matchingFacts(e: NameIndexEntity): NameIndexEntity {
  return {
    ...e,
    names: e.names.map((n) =>
      n.kind !== 'acronym' && !n.caseSensitive && !n.suffixes?.length ? { text: n.text, kind: 'variant' } : n,
    ),
  };
}

/** A SliceRunner stand-in that counts the steps and runs them at once. */
function stepper() {
  const r = {
    steps: 0,
    add(step: () => boolean) {
      do r.steps++;
      while (step());
    },
  };
  return r;
}

describe('the names slice the content script bundles', () => {
  it('keeps every entity with exactly what matching and highlighting need', () => {
    // What the content script gets: the bundled chunks, parsed and validated.
    const index = { entities: toNameChunks(knowledge).flatMap(parseNameChunk) };
    expect(index.entities.map((e) => e.id)).toEqual(knowledge.entities.map((e) => e.id));
    const luka = index.entities.find((e) => e.id === 'lukashenko');
    expect(luka?.names.map((n) => n.text)).toContain('Lukashenka');
    expect(luka?.type).toBe('person');
    // Card content stays with the background.
    const allowed = new Set(['id', 'type', 'name', 'names', 'notIn', 'fuzzy']);
    for (const e of index.entities) expect(Object.keys(e).filter((k) => !allowed.has(k))).toEqual([]);
    expect(luka).not.toHaveProperty('facts');
    expect(JSON.stringify(index).length).toBeLessThan(JSON.stringify(knowledge).length / 4);
  });

  it('rejects a malformed slice', () => {
    expect(() => parseNameChunk('[["x", "planet", "X", []]]')).toThrow();
    expect(() => parseNameChunk('[["x", "place", "X", [{ "text": 1 }]]]')).toThrow();
    expect(() => parseNameChunk('null')).toThrow();
    expect(() => parseNameChunk('{"entities": []}')).toThrow();
    expect(() => parseNameChunk('[{"id": "x"')).toThrow();
  });
});

describe('the bundled chunks', () => {
  it('split the index in declaration order, NAME_CHUNK entities at most', () => {
    const big = syntheticKnowledge(1000) as unknown as Knowledge;
    const chunks = toNameChunks(big);
    expect(chunks).toHaveLength(Math.ceil(1000 / NAME_CHUNK));
    const back = chunks.flatMap(parseNameChunk);
    expect(back).toEqual(toNameIndex(big).entities.map(matchingFacts));
    expect(toNameChunks(knowledge)).toHaveLength(1);
  });

  it('keep every fact matching depends on (acronyms, case, suffixes, notIn, fuzzy) and are half the size', () => {
    const back = toNameChunks(knowledge).flatMap(parseNameChunk);
    expect(back).toEqual(toNameIndex(knowledge).entities.map(matchingFacts));
    // The real knowledge has each of them, so the round trip above covers them.
    const specs = knowledge.entities.flatMap((e) => e.names);
    expect(specs.some((n) => n.kind === 'acronym')).toBe(true);
    expect(specs.some((n) => n.suffixes?.length)).toBe(true);
    expect(knowledge.entities.some((e) => e.notIn?.length)).toBe(true);
    expect(knowledge.entities.some((e) => e.fuzzy)).toBe(true);
    const big = syntheticKnowledge(1000) as unknown as Knowledge;
    const compact = toNameChunks(big).join('').length;
    const objects = JSON.stringify(toNameIndex(big).entities).length;
    expect(compact).toBeLessThan(objects * 0.6);
  });

  it('compile a chunk per step into the matcher compileMatcher makes from the whole index', async () => {
    const big = syntheticKnowledge(1000) as unknown as Knowledge;
    const runner = stepper();
    const { names, matcher } = await compileNameChunks(toNameChunks(big, 100), runner);
    // Ten chunks, then the step that finishes the matcher.
    expect(runner.steps).toBe(11);
    expect(names.entities.map((e) => e.id)).toEqual(big.entities.map((e) => e.id));
    // Only what a page needs is kept: the names themselves live on in the matcher alone.
    expect(names.entities[7]).toStrictEqual({
      id: big.entities[7]?.id,
      type: big.entities[7]?.type,
      name: big.entities[7]?.name,
    });
    const whole = compileMatcher(toNameIndex(big));
    const text = big.entities
      .slice(0, 200)
      .map((e) => `Reports say ${e.names[0]?.text} met ${e.names.at(-1)?.text} again.`)
      .join(' ');
    expect(matcher.match(text)).toEqual(whole.match(text));
    expect(matcher.match(text).length).toBeGreaterThanOrEqual(200);
  });

  it('find in the source articles exactly what the knowledge itself finds', async () => {
    const dir = join(import.meta.dirname, '../../../data/articles');
    const texts = readdirSync(dir)
      .filter((f) => f.endsWith('.txt'))
      .map((f) => readFileSync(join(dir, f), 'utf8'));
    const { matcher } = await compileNameChunks(toNameChunks(knowledge), stepper());
    const whole = compileMatcher(knowledge);
    for (const text of texts) {
      expect(matcher.match(text)).toEqual(whole.match(text));
      expect(matcher.match(text).length).toBeGreaterThan(20);
    }
  });

  it('rejects, naming the chunk, when one is malformed', async () => {
    const chunks = toNameChunks(knowledge, 10);
    const broken = [...chunks.slice(0, 2), '[{"id": 1}]', ...chunks.slice(2)];
    await expect(compileNameChunks(broken, stepper())).rejects.toThrow(/chunk 3 of \d+/);
  });
});

describe('namesScript', () => {
  // Run as content-names.js runs: a script of its own, in a global the content script then reads.
  const run = (script: string) => {
    const g = runInNewContext(`${script}; globalThis`) as object;
    return bundledNameChunks(g);
  };

  it('leaves exactly the chunks it was given, whatever their text holds', () => {
    const chunks = [
      ...toNameChunks(knowledge),
      // biome-ignore lint/suspicious/noTemplateCurlyInString: text that would be a placeholder in a template literal
      '["quote \\" backslash \\\\ backtick ` ${not a template} </script> \u2028 \u2029 Лукашэнка"]',
    ];
    expect(run(namesScript(chunks))).toEqual(chunks);
    expect(run(namesScript([]))).toEqual([]);
  });

  it('keeps the chunk text in plain double-quoted strings, one statement, nothing else', () => {
    const script = namesScript(['[1]', '["a"]']);
    expect(script).toBe('globalThis[Symbol.for("reader-context.names")]=["[1]","[\\"a\\"]"];\n');
  });
});

describe('bundledNameChunks', () => {
  it('reads the chunks content-names.js left in the shared global', () => {
    expect(bundledNameChunks({ [NAMES_GLOBAL]: ['[]', '[]'] })).toEqual(['[]', '[]']);
  });

  it('says what is wrong when content-names.js did not run first, or left something else', () => {
    expect(() => bundledNameChunks({})).toThrow(/content-names\.js must run before content\.js/);
    expect(() => bundledNameChunks({ [NAMES_GLOBAL]: ['[]', 3] })).toThrow(/bundled names missing/);
    expect(() => bundledNameChunks({ [NAMES_GLOBAL]: '[]' })).toThrow(/bundled names missing/);
  });
});
