/**
 * The lazy matcher (what the content script uses: names compiled a bucket at a time, as texts reach them) finds
 * exactly what compileMatcher finds, on the inputs of equivalence.test.ts, looking ahead or finished; until it
 * finishes it compiles only the buckets a text can reach; and it refuses a malformed bucket list.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type CompiledMatcherInfo,
  compileMatcher,
  type LazySource,
  lazyMatcher,
  type MatcherSource,
} from '@/core/matcher';
import { itemKey } from '@/core/matcher/items';
import {
  bucketItems,
  FINISH_MAX,
  fuzzyFacts,
  fuzzyKeys,
  KEY_UNITS,
  lazyEntities,
  MAX_SLOT_BITS,
  MIN_SLOT_BITS,
  slotBitsFor,
  slotOf,
  UNITS_PER_BUCKET,
} from '@/core/matcher/lazy';
import { wordAt } from '@/core/matcher/words';
import { normalizeText, unitsToString } from '@/core/text/normalize';
import { syntheticKnowledge } from '@/scripts/lib/synthetic';
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

/**
 * The lazy source for `source`, its buckets through JSON text as the extension ships them; `loads` records the
 * slot of each bucket loaded, and -1 when the fuzzy keys are.
 */
function lazySource(source: MatcherSource, loads: number[] = []): LazySource {
  const { bits, buckets } = JSON.parse(JSON.stringify(bucketItems(source))) as ReturnType<typeof bucketItems>;
  return {
    ...lazyEntities(source.entities),
    slotBits: bits,
    fuzzy: JSON.parse(JSON.stringify(fuzzyFacts(source))),
    fuzzyKeys: () => {
      loads.push(-1);
      return JSON.parse(JSON.stringify(fuzzyKeys(source)));
    },
    slots: buckets.flatMap((b) => [b.slot, b.lengths]),
    load: (i) => {
      const b = buckets[i] as (typeof buckets)[number];
      loads.push(b.slot);
      return b.items;
    },
  };
}

/** The facts about all names; the conflicts in a stable order (buckets compile in slot order, not by entity). */
function facts(m: CompiledMatcherInfo) {
  const conflicts = m.conflicts.map((c) => ({ name: c.name, entities: [...c.entities].sort() }));
  conflicts.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { size: m.size, nodes: m.nodes, conflicts };
}

/**
 * Each equivalence case compiles a 10,000-entity knowledge and matches a megabyte several times: on a loaded 2-core
 * machine that can pass Vitest's default 5 s limit. The limit guards against a hang, not against slowness.
 */
const HEAVY = 60_000;

describe('lazyMatcher(buckets of source) = compileMatcher(source)', () => {
  for (const [label, source] of sources) {
    it(
      `${label}: 1 MB text, twice, fuzzy on and off; then the index facts`,
      () => {
        const want = compileMatcher(source);
        const got = lazyMatcher(lazySource(source));
        const first = want.match(text);
        expect(got.match(text)).toEqual(first);
        expect(got.match(text)).toEqual(first);
        expect(lazyMatcher(lazySource(source), { fuzzy: false }).match(text)).toEqual(
          compileMatcher(source, { fuzzy: false }).match(text),
        );
        expect(facts(got)).toEqual(facts(want));
      },
      HEAVY,
    );

    it(
      `${label}: 1 MB and messy texts, looking ahead throughout (finishing off)`,
      () => {
        expect(lazyMatcher(lazySource(source), {}, 0).match(text)).toEqual(
          compileMatcher(source).match(text),
        );
        expect(byRuns(lazyMatcher(lazySource(source), {}, 0).match, messy)).toEqual(
          byRuns(compileMatcher(source).match, messy),
        );
      },
      HEAVY,
    );

    it(
      `${label}: messy text, whole and run by run (buckets compiled between runs), fuzzy on and off`,
      () => {
        expect(lazyMatcher(lazySource(source)).match(messy)).toEqual(compileMatcher(source).match(messy));
        expect(lazyMatcher(lazySource(source), { fuzzy: false }).match(messy)).toEqual(
          compileMatcher(source, { fuzzy: false }).match(messy),
        );
        expect(byRuns(lazyMatcher(lazySource(source)).match, messy)).toEqual(
          byRuns(compileMatcher(source).match, messy),
        );
      },
      HEAVY,
    );
  }

  it('the index facts, read before any text, are those of every name', () => {
    for (const [, source] of sources)
      expect(facts(lazyMatcher(lazySource(source)))).toEqual(facts(compileMatcher(source)));
  });
});

describe('which buckets a text compiles', () => {
  const source = { entities: syntheticKnowledge(2000).entities } as MatcherSource;

  it('none for a text without words, each reached bucket once, and never all of them for a short text', () => {
    const loads: number[] = [];
    const m = lazyMatcher(lazySource(source, loads));
    expect(m.match('')).toEqual([]);
    expect(m.match('… — 1,234 !')).toEqual([]);
    // Digits are word units: the buckets of "1", "1,2"… are looked up, and none holds a name.
    expect(loads.length).toBeLessThan(3);
    const e = source.entities[42] as MatcherSource['entities'][number];
    const sentence = `Yesterday ${e.names[0]?.text} spoke.`;
    expect(m.match(sentence).map((x) => x.entity)).toEqual([e.id]);
    expect(m.match(sentence).map((x) => x.entity)).toEqual([e.id]);
    expect(new Set(loads).size).toBe(loads.length);
    // KEY_UNITS keys at most per word start.
    expect(loads.length).toBeLessThanOrEqual(sentence.split(' ').length * KEY_UNITS);
    expect(loads.length).toBeLessThan(bucketItems(source).buckets.length / 10);
  });

  it('every bucket, once, when a fact about all names is read', () => {
    const loads: number[] = [];
    const m = lazyMatcher(lazySource(source, loads));
    m.match(makeText(3, source, 20_000));
    const before = loads.length;
    expect(m.size).toBe(compileMatcher(source).size);
    expect(loads.length).toBe(bucketItems(source).buckets.length);
    expect(new Set(loads).size).toBe(loads.length);
    expect(before).toBeLessThan(loads.length);
  });
});

describe('finishing: what is left is compiled in one go once looking has cost about as much', () => {
  const small = { entities: syntheticKnowledge(100).entities } as MatcherSource;
  const large = { entities: syntheticKnowledge(400).entities } as MatcherSource;

  it('a small knowledge: after about UNITS_PER_BUCKET units of text per bucket left, every bucket, once', () => {
    const total = bucketItems(small).buckets.length;
    expect(total).toBeLessThanOrEqual(FINISH_MAX);
    const loads: number[] = [];
    const m = lazyMatcher(lazySource(small, loads));
    const want = compileMatcher(small);
    let units = 0;
    let lastPartial = -1;
    for (let seed = 1; loads.length < total; seed++) {
      const t = makeText(seed, small, 2_000);
      expect(m.match(t)).toEqual(want.match(t));
      units += t.length;
      if (loads.length < total) lastPartial = units;
      expect(units).toBeLessThan(total * UNITS_PER_BUCKET + 4_000);
    }
    // Short texts stayed lazy: the first ones compiled only what they reached.
    expect(lastPartial).toBeGreaterThan(0);
    expect(new Set(loads).size).toBe(total);
    expect(loads.length).toBe(total);
    // Finished: texts are matched on the whole trie.
    const after = makeText(99, small, 2_000);
    expect(m.match(after)).toEqual(want.match(after));
  });

  it('a large knowledge (over FINISH_MAX buckets) keeps compiling only what texts reach, however long they are', () => {
    const total = bucketItems(large).buckets.length;
    expect(total).toBeGreaterThan(FINISH_MAX);
    const loads: number[] = [];
    const t = makeText(5, large, total * UNITS_PER_BUCKET + 10_000);
    expect(lazyMatcher(lazySource(large, loads)).match(t)).toEqual(compileMatcher(large).match(t));
    expect(loads.length).toBeLessThan(total);
  });
});

describe('near misses', () => {
  const source = liveKb ?? benchKb;

  it('read every fuzzy key once, on the first fuzzy lookup, and compile no bucket for it', () => {
    const loads: number[] = [];
    const m = lazyMatcher(lazySource(source, loads));
    const t = 'Yesterday Loukachenko spoke; Alexandr Lukaschenko, too.';
    const want = compileMatcher(source).match(t);
    expect(want.filter((x) => x.fuzzy).length).toBeGreaterThan(0);
    expect(m.match(t)).toEqual(want);
    expect(m.match(t)).toEqual(want);
    expect(loads.filter((x) => x === -1)).toHaveLength(1);
    expect(loads.filter((x) => x >= 0).length).toBeLessThanOrEqual(5 * KEY_UNITS);
    expect(loads.filter((x) => x >= 0).length).toBeLessThan(bucketItems(source).buckets.length);
  });

  it('ship no keys when no entity allows near misses', () => {
    const plain = { entities: syntheticKnowledge(200).entities } as MatcherSource;
    expect(plain.entities.some((e) => e.fuzzy)).toBe(false);
    expect(fuzzyKeys(plain)).toEqual([]);
    expect(fuzzyKeys(source).length).toBeGreaterThan(source.entities.length);
  });
});

describe('buckets', () => {
  it('hold every string of the index once, by the hash of its first KEY_UNITS normalised units', () => {
    const source = liveKb ?? benchKb;
    const { bits, buckets } = bucketItems(source);
    const items = buckets.flatMap((b) => b.items);
    const expected = source.entities.reduce(
      (n, e) => n + e.names.reduce((k, s) => k + 1 + (s.suffixes?.length ?? 0), 0) + (e.notIn?.length ?? 0),
      0,
    );
    expect(items.length).toBe(expected);
    expect(buckets.map((b) => b.slot)).toEqual([...buckets.map((b) => b.slot)].sort((a, b) => a - b));
    for (const b of buckets) expect(b.slot).toBeLessThan(2 ** bits);
    // A string's key is its first KEY_UNITS units, or all of it if shorter.
    expect(KEY_UNITS).toBe(6);
    expect(slotOf('лукашэнка', bits)).toEqual(slotOf('лукашэ', bits));
    expect(slotOf('лукашэнка', bits)).not.toEqual(slotOf('лукаш', bits));
    expect(slotOf('eu', bits).lengthBit).toBe(2);
    expect(slotOf('лукашэнка', bits).lengthBit).toBe(1 << (KEY_UNITS - 1));
  });

  it('fill about an eighth of a table sized to the knowledge, so a text compiles little it does not need', () => {
    expect(slotBitsFor(0)).toBe(MIN_SLOT_BITS);
    expect(slotBitsFor(2048)).toBe(MIN_SLOT_BITS);
    expect(slotBitsFor(2049)).toBe(MIN_SLOT_BITS + 1);
    expect(slotBitsFor(10_000_000)).toBe(MAX_SLOT_BITS);
    const tenK = { entities: syntheticKnowledge(10_000).entities } as MatcherSource;
    const { bits } = bucketItems(tenK);
    expect(bits).toBe(18);
    // The items whose key (first KEY_UNITS units) a 100 KB text holds at a word start: what it needs compiled.
    const t = makeText(9, tenK, 100_000);
    const { folded: F, length: N } = normalizeText(t);
    const starts = new Set<string>();
    for (let i = 0; i < N; i++)
      if (wordAt(F[i] as number) && (i === 0 || !wordAt(F[i - 1] as number)))
        for (let k = 1; k <= KEY_UNITS && i + k <= N; k++) starts.add(unitsToString(F, i, i + k));
    let needed = 0;
    let all = 0;
    for (const b of bucketItems(tenK).buckets)
      for (const [, op, name, suffix] of b.items) {
        all++;
        if (starts.has(itemKey(op, name, suffix ?? '').slice(0, KEY_UNITS))) needed++;
      }
    let compiled = 0;
    const source = lazySource(tenK);
    const load = (i: number) => {
      const items = source.load(i);
      compiled += items.length;
      return items;
    };
    lazyMatcher({ ...source, load }, {}, 0).match(t);
    expect(needed).toBeGreaterThan(100);
    expect(compiled).toBeGreaterThanOrEqual(needed);
    // In 2^14 slots, the fixed size before, this text compiled 2.7 times what it needed (4,859 items).
    expect(compiled).toBeLessThan(1.5 * needed);
    expect(compiled).toBeLessThan(all / 4);
  });

  it('an inflected form and an equal name declared by another entity keep declaration order across keys', () => {
    // "Ли" + "ем" and the name "Лием" are one string of the trie: whoever declared it first wins it, as with
    // compileMatcher, whichever of the two keys ("ли", "лием") a text reaches first.
    const a = {
      id: 'li',
      type: 'person' as const,
      names: [{ text: 'Ли', kind: 'surname' as const, suffixes: ['ем'] }],
    };
    const b = { id: 'liem', type: 'place' as const, names: [{ text: 'Лием', kind: 'full' as const }] };
    for (const entities of [
      [a, b],
      [b, a],
    ]) {
      const source = { entities } as MatcherSource;
      const t = 'Встреча с Лием и Ли.';
      expect(lazyMatcher(lazySource(source)).match(t)).toEqual(compileMatcher(source).match(t));
      expect(lazyMatcher(lazySource(source)).match(t)[0]?.entity).toBe(entities[0]?.id);
    }
  });
});

describe('a malformed bucket list is refused', () => {
  const good = lazySource(benchKb);
  const withSlots = (slots: number[]) => () => lazyMatcher({ ...good, slots });

  it('a slot out of range, given twice or out of order, or a slot without its lengths', () => {
    const size = 2 ** good.slotBits;
    expect(withSlots([size, 1])).toThrow(new RegExp(`bad, repeated or unordered bucket slot ${size}`));
    expect(withSlots([size - 1, 1])).not.toThrow();
    expect(withSlots([-1, 1])).toThrow(/bad, repeated or unordered bucket slot -1/);
    expect(withSlots([1.5, 1])).toThrow(/bad, repeated or unordered bucket slot 1.5/);
    expect(withSlots([5, 1, 5, 2])).toThrow(/bucket slot 5/);
    expect(withSlots([5, 1, 4, 2])).toThrow(/bucket slot 4/);
    expect(withSlots([5, 1, 6])).toThrow(/pairs/);
  });

  it('a table size out of range', () => {
    const withBits = (slotBits: number) => () => lazyMatcher({ ...good, slots: [], slotBits });
    expect(withBits(MIN_SLOT_BITS - 1)).toThrow(/a table of 2\^13 slots/);
    expect(withBits(MAX_SLOT_BITS + 1)).toThrow(/a table of 2\^21 slots/);
    expect(withBits(16.5)).toThrow(/a table of 2\^16.5 slots/);
    expect(withBits(MAX_SLOT_BITS)).not.toThrow();
  });

  it('key lengths that are no integer from 1 to 63 (0: a bucket no text could reach)', () => {
    expect(withSlots([5, 0])).toThrow(/bucket 5: bad key lengths 0/);
    expect(withSlots([5, 1 << KEY_UNITS])).toThrow(/bucket 5: bad key lengths 64/);
    expect(withSlots([5, 1.5])).toThrow(/bucket 5: bad key lengths 1.5/);
    expect(withSlots([5, '3' as unknown as number])).toThrow(/bucket 5: bad key lengths 3/);
    expect(withSlots([5, true as unknown as number])).toThrow(/bucket 5: bad key lengths true/);
    expect(withSlots([5, (1 << KEY_UNITS) - 1])).not.toThrow();
    expect(withSlots([5, 1])).not.toThrow();
  });
});
