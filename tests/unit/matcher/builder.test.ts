/**
 * A matcher compiled a batch of entities at a time (matcherBuilder, what the content script does in slices) is
 * the matcher compileMatcher makes in one call: same mentions, same size, same trie, same conflicts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileMatcher, type MatcherSource, matcherBuilder } from '../../../core/matcher';
import { syntheticKnowledge } from '../../../scripts/lib/synthetic';
import { makeText, messyText } from './bench-data';

const benchKb = JSON.parse(readFileSync(join(import.meta.dirname, 'bench-kb.json'), 'utf8')) as MatcherSource;
const live = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../../data/knowledge.json'), 'utf8'),
) as MatcherSource;

function inBatches(source: MatcherSource, size: number, nameHint?: number) {
  const b = matcherBuilder({}, nameHint);
  for (let i = 0; i < source.entities.length; i += size) b.add(source.entities.slice(i, i + size));
  return b.finish();
}

describe('matcherBuilder', () => {
  const sources: [string, MatcherSource][] = [
    ['data/knowledge.json', { entities: live.entities }],
    ['bench-kb.json', benchKb],
    ['syntheticKnowledge(2000)', { entities: syntheticKnowledge(2000).entities }],
  ];
  for (const [label, source] of sources) {
    it(`gives what compileMatcher gives, in batches of 1, 7 and 250 (${label})`, () => {
      const whole = compileMatcher(source);
      const text = messyText(3, makeText(5, source).slice(0, 60_000));
      const expected = whole.match(text);
      expect(expected.length).toBeGreaterThan(0);
      // A tiny name hint makes every flat array grow on the way: growth must not change the result.
      for (const [size, hint] of [
        [1, 1],
        [7, undefined],
        [250, 10],
      ] as const) {
        const built = inBatches(source, size, hint);
        expect(built.match(text)).toEqual(expected);
        expect(built.size).toBe(whole.size);
        expect(built.nodes).toBe(whole.nodes);
        expect(built.conflicts).toEqual(whole.conflicts);
      }
    });
  }

  it('refuses batches after finish', () => {
    const b = matcherBuilder();
    b.add(live.entities.slice(0, 2));
    b.finish();
    expect(() => b.add(live.entities.slice(2, 3))).toThrow(/after finish/);
  });
});
