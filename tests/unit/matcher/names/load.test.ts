import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseKnowledge } from '@/core/knowledge/schema';
import type { Knowledge } from '@/core/knowledge/types';
import { compileMatcher, lazyMatcher } from '@/core/matcher';
import { lazyEntities } from '@/core/matcher/lazy';
import {
  checkEntities,
  fuzzyFlags,
  parseBucket,
  parseFuzzyFacts,
  parseFuzzyKeys,
} from '@/core/matcher/names/checks';
import { NAMES_GLOBAL, type NameBundle } from '@/core/matcher/names/format';
import { bundledNames, loadNames } from '@/core/matcher/names/load';
import { EntityIds, NameTable } from '@/core/matcher/names/name-table';
import { PackedTexts } from '@/core/matcher/names/packed-texts';
import knowledgeJson from '@/data/knowledge.json' with { type: 'json' };
import { toNameBundle } from '@/scripts/knowledge/names-script';
import { syntheticKnowledge } from '@/scripts/lib/synthetic';

const knowledge = parseKnowledge(knowledgeJson);
const big = syntheticKnowledge(2500) as unknown as Knowledge;

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

/** Every id of a name table, in order. */
const allIds = (t: NameTable) => Array.from({ length: t.size }, (_, i) => t.ids.at(i));

/** A bundle with its bucket texts as an array, to compare with what `toNameBundle` made. */
const plain = (b: NameBundle) => ({
  ...b,
  items: Array.from({ length: b.items.length }, (_, i) => b.items.at(i)),
});

/** Through JSON text, as content-names.js carries it. */
const viaJson = (b: NameBundle): NameBundle => JSON.parse(JSON.stringify(b)) as NameBundle;

describe('the names bundle the content script carries', () => {
  it('lists every entity in order with its id, type and display name only (and whether it is fuzzy)', async () => {
    const { names } = await loadNames(viaJson(toNameBundle(knowledge)), stepper());
    expect(allIds(names)).toEqual(knowledge.entities.map((e) => e.id));
    expect(names.size).toBe(knowledge.entities.length);
    for (const [i, k] of knowledge.entities.entries()) {
      const want = { id: k.id, type: k.type, name: k.name, ...(k.fuzzy ? { fuzzy: true } : {}) };
      expect(names.at(i)).toStrictEqual(want);
      expect(names.get(k.id)).toBe(names.at(i));
      expect(names.has(k.id)).toBe(true);
    }
    expect(names.get('nobody')).toBeUndefined();
    expect(names.has('nobody')).toBe(false);
    expect(knowledge.entities.some((e) => e.fuzzy)).toBe(true);
    // Every type in its letter.
    expect(new Set(knowledge.entities.map((e) => e.type)).size).toBe(4);
  });

  it('holds the names and nothing of the cards, in a fraction of the knowledge file', () => {
    const bundle = toNameBundle(knowledge);
    const items = bundle.items.flatMap((t) => parseBucket(t, knowledge.entities.length));
    const texts = new Set(items.map((i) => i[2]));
    expect(texts).toContain('Lukashenka');
    expect(texts).toContain('Лукашенко');
    const luka = knowledge.entities.find((e) => e.id === 'lukashenko');
    const quotes = (luka?.facts ?? []).flatMap((f) => f.evidence.map((e) => e.quote));
    expect(quotes.length).toBeGreaterThan(0);
    for (const quote of quotes) expect(JSON.stringify(bundle)).not.toContain(quote);
    expect(JSON.stringify(bundle).length).toBeLessThan(JSON.stringify(knowledge).length / 4);
  });

  it('carries the entity list as three texts: ids, a letter per type, names joined by U+0001', () => {
    const bundle = toNameBundle(knowledge);
    expect(bundle.ids.split(' ')).toEqual(knowledge.entities.map((e) => e.id));
    expect(bundle.types).toHaveLength(knowledge.entities.length);
    const luka = knowledge.entities.findIndex((e) => e.id === 'lukashenko');
    expect(knowledge.entities[luka]?.fuzzy).toBe(true);
    expect(bundle.types[luka]).toBe('P');
    expect(bundle.names.split('\u0001')[luka]).toBe(knowledge.entities[luka]?.name);
  });

  it('is refused at build time if an id is listed twice or a name holds U+0001, which the content script relies on', () => {
    const [a, b] = knowledge.entities as [Knowledge['entities'][number], Knowledge['entities'][number]];
    const twice = { ...knowledge, entities: [a, { ...b, id: a.id }] };
    expect(() => toNameBundle(twice)).toThrow(`names bundle: entity ${a.id} is listed twice`);
    const sep = { ...knowledge, entities: [a, { ...b, name: 'B\u0001C' }] };
    expect(() => toNameBundle(sep)).toThrow(`names bundle: entity ${b.id}: its name holds U+0001`);
  });

  it('checks the entity list in one step, makes the matcher in a second, and finds what compileMatcher finds with every name', async () => {
    const runner = stepper();
    const { names, matcher } = await loadNames(viaJson(toNameBundle(big)), runner);
    expect(runner.steps).toBe(2);
    expect(allIds(names)).toEqual(big.entities.map((e) => e.id));
    for (const i of [0, 7, 1500, 2499]) expect(names.ids.indexOf(big.entities[i]?.id as string)).toBe(i);
    expect(names.at(7)).toStrictEqual({
      id: big.entities[7]?.id,
      type: big.entities[7]?.type,
      name: big.entities[7]?.name,
    });
    const whole = compileMatcher(big);
    const text = big.entities
      .slice(0, 200)
      .map((e) => `Reports say ${e.names[0]?.text} met ${e.names.at(-1)?.text} again.`)
      .join(' ');
    expect(matcher.match(text)).toEqual(whole.match(text));
    expect(matcher.match(text).length).toBeGreaterThanOrEqual(200);
    expect(matcher.size).toBe(whole.size);
  });

  it('finds in the source articles exactly what the knowledge itself finds (acronyms, case, suffixes, notIn, fuzzy)', async () => {
    const dir = join(import.meta.dirname, '../../../../data/articles');
    const texts = readdirSync(dir)
      .filter((f) => f.endsWith('.txt'))
      .map((f) => readFileSync(join(dir, f), 'utf8'));
    const { matcher } = await loadNames(viaJson(toNameBundle(knowledge)), stepper());
    const whole = compileMatcher(knowledge);
    // Near misses too: every name must be in the fuzzy index's reach for its veto.
    texts.push('Sviatlana Tsichanouskaja met Alexandr Lukaschenko, then Loukachenko, in Sochy.');
    for (const text of texts) {
      expect(matcher.match(text)).toEqual(whole.match(text));
      expect(matcher.match(text).length).toBeGreaterThan(text.length > 1000 ? 20 : 2);
    }
    // The real knowledge has each of them, so the comparison above covers them.
    const specs = knowledge.entities.flatMap((e) => e.names);
    expect(specs.some((n) => n.kind === 'acronym')).toBe(true);
    expect(specs.some((n) => n.suffixes?.length)).toBe(true);
    expect(knowledge.entities.some((e) => e.notIn?.length)).toBe(true);
    expect(knowledge.entities.some((e) => e.fuzzy)).toBe(true);
    expect(whole.match(texts.at(-1) as string).filter((m) => m.fuzzy)).toHaveLength(3);
  });
});

describe('a malformed bundle', () => {
  it('the entity list: rejects, naming the entity', async () => {
    const bundle = toNameBundle(big);
    const names = bundle.names.split('\u0001');
    const ids = bundle.ids.split(' ');
    const load = (part: Partial<NameBundle>) => loadNames({ ...bundle, ...part }, stepper());
    const at = 1500;
    const id = ids[at] as string;
    const withId = (x: string) => ids.map((d, i) => (i === at ? x : d)).join(' ');
    const withName = (x: string) => names.map((n, i) => (i === at ? x : n)).join('\u0001');
    const withType = (c: string) => bundle.types.slice(0, at) + c + bundle.types.slice(at + 1);
    const list = 'bundled names, entity list: Error: ';
    await expect(load({ ids: withId('Not-An-Id') })).rejects.toThrow(`${list}entity 1500: bad id`);
    await expect(load({ ids: withId('') })).rejects.toThrow(`${list}entity 1500: bad id`);
    for (const blank of ['', ' ', '\u00a0\t', '\u2028'])
      await expect(load({ names: withName(blank) })).rejects.toThrow(`${list}entity 1500 (${id}): bad name`);
    await expect(load({ names: names.map((n, i) => (i === 0 ? ' ' : n)).join('\u0001') })).rejects.toThrow(
      `${list}entity 0 (${ids[0]}): bad name`,
    );
    await expect(load({ names: `${bundle.names}\u0001` })).rejects.toThrow(
      `${list}2500 types, and the names: 2500 texts expected, more found`,
    );
    await expect(load({ types: withType('x') })).rejects.toThrow(`${list}entity 1500 (${id}): bad type`);
    await expect(load({ types: withType('\u0001') })).rejects.toThrow(`${list}entity 1500 (${id}): bad type`);
    await expect(load({ types: bundle.types.slice(1) })).rejects.toThrow(
      `${list}2499 types, and the ids: 2499 texts expected, more found`,
    );
    await expect(load({ ids: ids.slice(1).join(' ') })).rejects.toThrow(
      `${list}2500 types, and the ids: 2500 texts expected, 2499 found`,
    );
    // An empty list is a list.
    const none = await load({ ids: '', types: '', names: '', slots: [], items: [], fuzzyKeys: '[]' });
    expect(none.names.size).toBe(0);
    expect(none.names.get('')).toBeUndefined();
  });

  it('the entity list, read: an entry per entity made when asked, found by its id (not a part of one), near misses flagged for people and places', () => {
    // Upper case: the entity allows near misses; the matcher looks for them for people and places only
    // (`fuzzyEligible`).
    const list = checkEntities({
      ids: 'a b c d a-b',
      types: 'pLEoP',
      names: 'A\u0001B\u0001C\u0001D\u0001A B',
    });
    expect([...fuzzyFlags(list.types)]).toEqual([0, 1, 0, 0, 1]);
    const t = new NameTable(list.ids, list.types, list.names);
    expect([0, 1, 2, 3, 4].map((i) => t.at(i))).toStrictEqual([
      { id: 'a', type: 'person', name: 'A' },
      { id: 'b', type: 'place', name: 'B', fuzzy: true },
      { id: 'c', type: 'event', name: 'C', fuzzy: true },
      { id: 'd', type: 'organisation', name: 'D' },
      { id: 'a-b', type: 'person', name: 'A B', fuzzy: true },
    ]);
    expect(t.get('a-b')).toBe(t.at(4));
    expect(t.get('b')).toBe(t.at(1));
    for (const no of ['', 'a b', 'a-', '-b', 'e', 'A']) {
      expect(t.get(no)).toBeUndefined();
      expect(t.has(no)).toBe(false);
    }
    // The matcher's mentions carry the very strings the table holds.
    const ids = new EntityIds(new PackedTexts('x y', 2, ' '));
    expect(ids.at(1)).toBe(ids.at(1));
    expect(ids.at(2)).toBeUndefined();
    expect(ids.indexOf('y')).toBe(1);
    expect(ids.indexOf('x y')).toBe(-1);
  });

  it('the fuzzy keys: the first fuzzy lookup throws, naming them', async () => {
    const bundle = toNameBundle(knowledge);
    expect(JSON.parse(bundle.fuzzyKeys).length).toBeGreaterThan(100);
    expect(toNameBundle(big).fuzzyKeys).toBe('[]');
    const { matcher } = await loadNames({ ...bundle, fuzzyKeys: '[[9999, "minsk"]]' }, stepper());
    expect(() => matcher.match('Lukaschenko spoke.')).toThrow(/bundled names, fuzzy keys: .*key 0/);
  });

  it('the fuzzy facts or the slots: rejects', async () => {
    const bundle = toNameBundle(knowledge);
    await expect(loadNames({ ...bundle, fuzzy: '[]' }, stepper())).rejects.toThrow(/bundled names:/);
    const slots = [...bundle.slots];
    slots[2] = slots[0] as number;
    await expect(loadNames({ ...bundle, slots }, stepper())).rejects.toThrow(
      /repeated or unordered bucket slot/,
    );
    await expect(loadNames({ ...bundle, slotBits: 99 }, stepper())).rejects.toThrow(
      /bundled names: .*a table of 2\^99 slots/,
    );
  });

  it('a bucket: the match that reaches it throws, naming its slot', async () => {
    const bundle = toNameBundle(knowledge);
    const at = bundle.items.findIndex((t) => t.includes('"Lukashenka"'));
    const items = [...bundle.items];
    items[at] = '[[0, 9, "Lukashenka"]]';
    const { matcher } = await loadNames({ ...bundle, items }, stepper());
    expect(() => matcher.match('Lukashenka spoke.')).toThrow(new RegExp(`bucket ${bundle.slots[2 * at]}:`));
    expect(() => parseBucket('[[0, 1, "UN"]]', 1)).not.toThrow();
    expect(() => parseFuzzyKeys('[[0, "minsk"], [2, "x"]]', 2)).toThrow(
      /key 1: expected \[entity, folded name\]/,
    );
    expect(() => parseFuzzyKeys('[[0]]', 2)).toThrow(/key 0/);
    expect(parseFuzzyKeys('[[1, "minsk"]]', 2)).toEqual([[1, 'minsk']]);
    const facts = '[{"targets":true,"lengths":[[4,2]]},{"targets":false,"lengths":[]}]';
    expect(parseFuzzyFacts(facts)).toEqual([
      { targets: true, lengths: [[4, 2]] },
      { targets: false, lengths: [] },
    ]);
    for (const bad of [
      '[]',
      '[{"targets":true,"lengths":[]}]',
      '[{"targets":1,"lengths":[]},{"targets":false,"lengths":[]}]',
      '[{"targets":true,"lengths":[[4]]},{"targets":false,"lengths":[]}]',
      '[{"targets":true,"lengths":[[4,-1]]},{"targets":false,"lengths":[]}]',
      '[{"targets":true,"lengths":[[4,1.5]]},{"targets":false,"lengths":[]}]',
      '[{"targets":true,"lengths":[],"x":0},{"targets":false,"lengths":[]}]',
      '[{"targets":true},{"targets":false,"lengths":[]}]',
    ])
      expect(() => parseFuzzyFacts(bad), bad).toThrow(/fuzzy facts/);
    expect(() => parseBucket('[[1, 1, "UN"]]', 1)).toThrow(/entity 1 out of range/);
    expect(() => parseBucket('[[0, 2, "Путин"]]', 1)).toThrow();
    expect(() => parseBucket('[[0, 0, "Путин", "а"]]', 1)).toThrow();
    expect(() => parseBucket('[[-1, 0, "Путин"]]', 1)).toThrow(/item 0: entity -1 out of range/);
    expect(() => parseBucket('[[0, 0, "UN"], [0, 5, "UN"]]', 1)).toThrow(/item 1: bad op 5/);
    expect(() => parseBucket('[[0, 0, 7]]', 1)).toThrow(/item 0: expected \[entity, op, text\]/);
    expect(parseBucket('[[0, 3, "Путин", "а"], [0, 4, "Viktor Lukashenko"]]', 1)).toEqual([
      [0, 3, 'Путин', 'а'],
      [0, 4, 'Viktor Lukashenko'],
    ]);
  });
});

describe('bundledNames', () => {
  const packed = {
    ids: 'a',
    types: 'p',
    names: 'A',
    fuzzy: '[]',
    fuzzyKeys: '[]',
    // Slots 1 and 4, the second as its distance from the first.
    slots: '{"bits":14,"slots":[1,1,3,1]}',
    items: '[]\u0001[[0,0,"A"]]',
  };

  it('reads the bundle content-names.js left in the shared global, and unpacks its lists', () => {
    expect(plain(bundledNames({ [NAMES_GLOBAL]: packed }))).toEqual({
      ids: 'a',
      types: 'p',
      names: 'A',
      fuzzy: '[]',
      fuzzyKeys: '[]',
      slotBits: 14,
      slots: [1, 1, 4, 1],
      items: ['[]', '[[0,0,"A"]]'],
    });
  });

  it('says what is wrong when content-names.js did not run first, or left something else', () => {
    const read = (p: unknown) => () => bundledNames({ [NAMES_GLOBAL]: p });
    expect(() => bundledNames({})).toThrow(/content-names\.js must load before the content app starts/);
    expect(read(['[]'])).toThrow(/bundled names missing/);
    expect(read({ ...packed, ids: ['a'] })).toThrow(/bundled names missing/);
    expect(read({ ...packed, types: undefined })).toThrow(/bundled names missing/);
    expect(read({ ...packed, names: ['A'] })).toThrow(/bundled names missing/);
    expect(read({ ...packed, fuzzyKeys: [] })).toThrow(/bundled names missing/);
    expect(read({ ...packed, slots: [1, 1, 4, 1] })).toThrow(/bundled names missing/);
    expect(read({ ...packed, slots: '[1,1' })).toThrow(/bundled names malformed.*slots are not JSON/);
    expect(read({ ...packed, slots: '{"bits":14,"slots":[1,1]}' })).toThrow(
      /bundled names malformed.*slots do not match its buckets \(Error: 1 texts expected, more found\)/,
    );
    expect(read({ ...packed, slots: '{"bits":14,"slots":[1,1,3,1,3,1]}' })).toThrow(
      /slots do not match its buckets \(Error: 3 texts expected, 2 found\)/,
    );
    expect(read({ ...packed, slots: '{"bits":14,"slots":[1,1,3]}' })).toThrow(
      /bundled names malformed.*slots are not a table of \(slot, lengths\) pairs/,
    );
    // A slot or lengths that is no integer: the matcher's to refuse (tests/unit/matcher/lazy.test.ts); a distance
    // that is no number, here.
    expect(read({ ...packed, slots: '{"bits":14,"slots":[1,1,true,1]}' })).toThrow(
      /bundled names malformed.*slot distance true/,
    );
    expect(read({ ...packed, slots: '{"bits":14,"slots":[1,1,null,1]}' })).toThrow(/slot distance null/);
    const odd = read({ ...packed, slots: '{"bits":14,"slots":[1,1,3,0.5]}' })();
    expect(odd.slots).toEqual([1, 1, 4, 0.5]);
    const none = { targets: false, lengths: [] };
    const { slotBits, slots } = odd;
    const source = {
      ...lazyEntities([]),
      slotBits,
      slots,
      load: () => [],
      fuzzy: [none, none] as const,
      fuzzyKeys: () => [],
    };
    expect(() => lazyMatcher(source)).toThrow(/bucket 4: bad key lengths 0.5/);
    expect(read({ ...packed, slots: '{"bits":14.5,"slots":[1,1,3,1]}' })).toThrow(/bundled names malformed/);
    expect(read({ ...packed, slots: '[1,1,4,1]' })).toThrow(/bundled names malformed.*slots are not a table/);
    expect(read({ ...packed, slots: 'null' })).toThrow(/bundled names malformed.*slots are not a table/);
    expect(read({ ...packed, slots: '{"slots":[1,1,4,1]}' })).toThrow(/bundled names malformed/);
  });
});
