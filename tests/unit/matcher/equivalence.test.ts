/**
 * The optimised matcher must find exactly what the reference implementation found.
 *
 * The hashes below were computed with the matcher as of commit 7bbd3e3 (Map-based trie, four-array
 * normaliser, eager fuzzy index), BEFORE the performance work, on the benchmark's seeded inputs: the 1 MB
 * news-like text, a messy variant of its first 300 kB, and that variant fed run by run (the fuzzy cache
 * carries across calls). KBs: a pinned copy of data/knowledge.json's matcher fields (bench-kb.json, so edits
 * to the live knowledge do not move the hash) and the synthetic 10,000-entity KB. Do not update a hash to make
 * this pass unless a behaviour change was intended, documented and reviewed.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileMatcher, type MatcherSource, type Mention } from '@/core/matcher';
import { byRuns, makeText, messyText, synthetic } from './bench-data';

const kb = JSON.parse(readFileSync(join(import.meta.dirname, 'bench-kb.json'), 'utf8')) as MatcherSource;
const synth = synthetic(20_200);
const text = makeText(7, kb);
const messy = messyText(11, text.slice(0, 300_000));

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');
const hash = (ms: Mention[]): string =>
  sha(ms.map((m) => `${m.entity}\t${m.start}\t${m.end}\t${m.fuzzy ? 1 : 0}`).join('\n'));

const EXPECTED = {
  real: {
    size: 141,
    nodes: 1842,
    conflicts: '4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945',
    text: { n: 8059, fuzzy: 0, hash: '25e0106e2d3661e08909adc456d87723644deb93345a94a09c0447ec3a7b60e5' },
    textNoFuzzy: {
      n: 8059,
      fuzzy: 0,
      hash: '25e0106e2d3661e08909adc456d87723644deb93345a94a09c0447ec3a7b60e5',
    },
    messy: { n: 2230, fuzzy: 45, hash: '1c0f7bddf212e26eab02eed2e8960b9b9cdcae74c9f43c77fe3ff583fae408a0' },
    messyNoFuzzy: {
      n: 2185,
      fuzzy: 0,
      hash: '5861fe80cc350db794d01090f03c149641b624fb9f2a37ec47dbb09f2b930b83',
    },
    runs: { n: 2221, hash: '6a5fb738f907beff85ba5f41262f41964e5431b0d217cc4759a3a21927560f14' },
  },
  '10k': {
    size: 26063,
    nodes: 128418,
    conflicts: 'f7d83ac412e3dd87b9407c0d88b8285203b466a6f54c6310734165ea8e28528b',
    text: { n: 1634, fuzzy: 370, hash: '6e5d0e396f7eceae3bef1c5b42f5af15c2a28f55cc678793f0a90036bbf01e3f' },
    textNoFuzzy: {
      n: 1264,
      fuzzy: 0,
      hash: '732fd1fbef1746223959e965c4589f8072ca70606e2f794f03c3665fc9d58765',
    },
    messy: { n: 450, fuzzy: 113, hash: '3a37d22a25e93f100ecbe372ad2053e18795e21028ab50f23d59f3291b551580' },
    messyNoFuzzy: {
      n: 337,
      fuzzy: 0,
      hash: '545eec5249d5295832f82a5598ca3a9c040f02dbe370c6d517996ad372daea9e',
    },
    runs: { n: 450, hash: '3a37d22a25e93f100ecbe372ad2053e18795e21028ab50f23d59f3291b551580' },
  },
};

const summary = (ms: Mention[]) => ({
  n: ms.length,
  fuzzy: ms.filter((m) => m.fuzzy).length,
  hash: hash(ms),
});

describe('optimised matcher = reference results on the benchmark inputs', () => {
  for (const [label, source] of [
    ['real', kb],
    ['10k', synth],
  ] as const) {
    const want = EXPECTED[label];
    it(`${label} KB: index facts`, () => {
      const m = compileMatcher(source);
      expect(m.size).toBe(want.size);
      expect(m.nodes).toBe(want.nodes);
      expect(sha(JSON.stringify(m.conflicts))).toBe(want.conflicts);
    });
    it(`${label} KB: 1 MB text, fuzzy on and off`, () => {
      const m = compileMatcher(source);
      expect(summary(m.match(text))).toEqual(want.text);
      // Twice: the second call runs on warm caches and reused buffers.
      expect(summary(m.match(text))).toEqual(want.text);
      expect(summary(compileMatcher(source, { fuzzy: false }).match(text))).toEqual(want.textNoFuzzy);
    });
    it(`${label} KB: messy text, whole and run by run`, () => {
      const m = compileMatcher(source);
      expect(summary(m.match(messy))).toEqual(want.messy);
      expect(summary(compileMatcher(source, { fuzzy: false }).match(messy))).toEqual(want.messyNoFuzzy);
      const runs = byRuns(compileMatcher(source).match, messy);
      expect({ n: runs.length, hash: hash(runs) }).toEqual(want.runs);
    });
  }
});
