/**
 * A prebuilt matcher (serializeMatcher → JSON → loadMatcher) finds exactly what compileMatcher finds, on the
 * inputs of equivalence.test.ts; a stale or corrupt index throws a MatcherFormatError instead of matching.
 * Also logs build-from-source vs load-from-serialised times and the serialised size (not asserted).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import {
  type CompiledMatcherInfo,
  compileMatcher,
  loadMatcher,
  MatcherFormatError,
  type MatcherSource,
  type SerializedMatcher,
  serializeMatcher,
} from '../../../core/matcher';
import { syntheticKnowledge } from '../../../scripts/lib/synthetic';
import { byRuns, makeText, messyText, synthetic } from './bench-data';

const root = join(import.meta.dirname, '../../..');
const benchKb = JSON.parse(readFileSync(join(import.meta.dirname, 'bench-kb.json'), 'utf8')) as MatcherSource;
const liveKbPath = join(root, 'data/knowledge.json');
const liveKb: MatcherSource | null = existsSync(liveKbPath)
  ? { entities: (JSON.parse(readFileSync(liveKbPath, 'utf8')) as MatcherSource).entities }
  : null;
const text = makeText(7, benchKb);
const messy = messyText(11, text.slice(0, 300_000));

const sources: [string, MatcherSource][] = [
  ['bench-kb.json', benchKb],
  ['synthetic(20_200), 10k', synthetic(20_200)],
  ['syntheticKnowledge(10000)', { entities: syntheticKnowledge(10_000).entities }],
];
if (liveKb !== null) sources.unshift(['data/knowledge.json', liveKb]);

/** Through JSON text, as the extension will ship it. */
const viaJson = (s: SerializedMatcher): SerializedMatcher =>
  JSON.parse(JSON.stringify(s)) as SerializedMatcher;

function expectSame(a: CompiledMatcherInfo, b: CompiledMatcherInfo): void {
  expect(b.size).toBe(a.size);
  expect(b.nodes).toBe(a.nodes);
  expect(b.conflicts).toEqual(a.conflicts);
}

describe('loadMatcher(serializeMatcher(source), source) = compileMatcher(source)', () => {
  for (const [label, source] of sources) {
    const serialized = viaJson(serializeMatcher(source));

    it(`${label}: index facts`, () => {
      expectSame(compileMatcher(source), loadMatcher(serialized, source));
    });

    it(`${label}: 1 MB text, twice, fuzzy on and off`, () => {
      const want = compileMatcher(source);
      const got = loadMatcher(serialized, source);
      const first = want.match(text);
      expect(got.match(text)).toEqual(first);
      expect(got.match(text)).toEqual(want.match(text));
      expect(loadMatcher(serialized, source, { fuzzy: false }).match(text)).toEqual(
        compileMatcher(source, { fuzzy: false }).match(text),
      );
    });

    it(`${label}: messy text, whole and run by run, fuzzy on and off`, () => {
      expect(loadMatcher(serialized, source).match(messy)).toEqual(compileMatcher(source).match(messy));
      expect(loadMatcher(serialized, source, { fuzzy: false }).match(messy)).toEqual(
        compileMatcher(source, { fuzzy: false }).match(messy),
      );
      expect(byRuns(loadMatcher(serialized, source).match, messy)).toEqual(
        byRuns(compileMatcher(source).match, messy),
      );
    });
  }

  it('the serialised form is plain JSON (survives stringify/parse unchanged) and deterministic', () => {
    const s = serializeMatcher(benchKb);
    expect(viaJson(s)).toEqual(s);
    expect(JSON.stringify(serializeMatcher(benchKb))).toBe(JSON.stringify(s));
  });

  it('reports build time from source vs load time from serialised (10k entities)', () => {
    const source = sources.find(([l]) => l.startsWith('synthetic('))?.[1] as MatcherSource;
    const json = JSON.stringify(serializeMatcher(source));
    const best = (f: () => unknown): number => {
      let min = Number.POSITIVE_INFINITY;
      for (let k = 0; k < 7; k++) {
        const t0 = performance.now();
        f();
        min = Math.min(min, performance.now() - t0);
      }
      return min;
    };
    const compile = best(() => compileMatcher(source));
    const parse = best(() => JSON.parse(json));
    const parsed = JSON.parse(json) as SerializedMatcher;
    const load = best(() => loadMatcher(parsed, source));
    const serialize = best(() => serializeMatcher(source));
    console.log(
      `prebuilt matcher, 10k entities: compileMatcher ${compile.toFixed(1)} ms; ` +
        `JSON.parse of the index ${parse.toFixed(1)} ms + loadMatcher ${load.toFixed(1)} ms; ` +
        `serializeMatcher ${serialize.toFixed(1)} ms; index ${(json.length / 1024).toFixed(0)} KiB of JSON ` +
        '(best of 7, this machine)',
    );
  });
});

describe('a stale or corrupt serialised index throws a MatcherFormatError', () => {
  const source = benchKb;
  const good = serializeMatcher(source);
  const broken = (patch: Record<string, unknown>): SerializedMatcher =>
    ({ ...viaJson(good), ...patch }) as SerializedMatcher;
  const expectError = (s: unknown, src: MatcherSource, message: RegExp): void => {
    expect(() => loadMatcher(s as SerializedMatcher, src)).toThrow(MatcherFormatError);
    expect(() => loadMatcher(s as SerializedMatcher, src)).toThrow(message);
  };

  it('not an index at all', () => {
    expectError(null, source, /not an object/);
    expectError({}, source, /not a serialised matcher/);
    expectError(JSON.parse('[1,2,3]'), source, /not a serialised matcher/);
  });

  it('another format version', () => {
    expectError(broken({ v: 2 }), source, /format version 2, expected 1/);
  });

  it('made from another source: entities added, renamed, or names edited', () => {
    const more = {
      entities: [...source.entities, { id: 'new', type: 'person', names: [] }],
    } as MatcherSource;
    expectError(good, more, /entities/);
    const renamed = structuredClone(source);
    (renamed.entities[3] as { id: string }).id = 'renamed';
    expectError(good, renamed, /entity 3 is/);
    const edited = structuredClone(source);
    const name = edited.entities[5]?.names[0] as { text: string };
    name.text += 'x';
    expectError(good, edited, /stale/);
    const cased = structuredClone(source);
    (cased.entities[0]?.names[0] as { caseSensitive?: boolean }).caseSensitive = true;
    expectError(good, cased, /stale/);
  });

  it('a field truncated, missing, or not base64', () => {
    expectError(broken({ child0: good.child0.slice(0, -8) }), source, /child0: \d+ bytes, expected/);
    expectError(broken({ edges: undefined }), source, /edges: not a string/);
    expectError(broken({ pNext: `****${good.pNext.slice(4)}` }), source, /pNext: not base64/);
    expectError(broken({ nodes: good.nodes + 1 }), source, /bytes, expected/);
    expectError(broken({ edgeSlots: 3 }), source, /power of two/);
    expectError(broken({ cased: 'x' }), source, /cased/);
    expectError(broken({ fuzzy: [] }), source, /fuzzy/);
  });

  it('links that would send the scan backwards or out of the tables', () => {
    const ints = (b64: string): Int32Array =>
      new Int32Array(new Uint8Array(Buffer.from(b64, 'base64')).buffer);
    const child0 = ints(good.child0);
    const at = child0.findIndex((c) => c !== 0);
    child0[at] = at; // a node its own child: the walk would never end
    expectError(
      broken({ child0: Buffer.from(child0.buffer).toString('base64') }),
      source,
      /child0: bad link/,
    );
    const pEntity = ints(good.pEntity);
    pEntity[1] = source.entities.length;
    expectError(broken({ pEntity: Buffer.from(pEntity.buffer).toString('base64') }), source, /pEntity/);
  });
});
