/**
 * "Also on this page": one sentence per pair of entities, read the same from both cards, and the real knowledge
 * written that way (each pair once, each sentence about its subject and its object).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { relationLines } from '@/components/card/relations';
import { parseKnowledge } from '@/core/knowledge/schema';
import type { Entity, Relation } from '@/core/knowledge/types';

const knowledge = parseKnowledge(
  JSON.parse(readFileSync(join(__dirname, '../../../data/knowledge.json'), 'utf8')),
);
const byId = new Map(knowledge.entities.map((e) => [e.id, e]));
const nameOf = (id: string) => byId.get(id)?.name;
const everyone = new Set(byId.keys());
const real = (id: string): Entity => {
  const e = byId.get(id);
  if (!e) throw new Error(`no entity ${id}`);
  return e;
};

function entityWith(relations: Relation[]): Entity {
  return { ...real('putin'), relations };
}
const rel = (subject: string, object: string, text: string, holder = 'putin'): Relation => ({
  entity: subject === holder ? object : subject,
  subject,
  object,
  text,
  evidence: [],
});

describe('relationLines', () => {
  it('gives one line per other entity, the first relation of a pair winning', () => {
    const lines = relationLines(
      entityWith([
        rel('putin', 'lukashenko', 'Putin met Lukashenko.'),
        rel('lukashenko', 'putin', 'Lukashenko visited Putin.'),
        rel('putin', 'lukashenko', 'Putin met Lukashenko again.'),
        rel('putin', 'russia', 'Putin is the president of Russia.'),
      ]),
      everyone,
      nameOf,
    );
    expect(lines).toEqual([
      { other: 'lukashenko', otherName: 'Alexander Lukashenko', text: 'Putin met Lukashenko.' },
      { other: 'russia', otherName: 'Russia', text: 'Putin is the president of Russia.' },
    ]);
  });

  it('leaves out entities not on the page, unnamed ones and relations to itself', () => {
    const lines = relationLines(
      entityWith([
        rel('putin', 'lukashenko', 'Putin met Lukashenko.'),
        rel('putin', 'nobody', 'Putin met nobody.'),
        rel('putin', 'putin', 'Putin is Putin.'),
        rel('kremlin', 'putin', 'The Kremlin is led by Putin.'),
      ]),
      new Set(['putin', 'kremlin', 'nobody']),
      nameOf,
    );
    expect(lines.map((l) => l.other)).toEqual(['kremlin']);
  });
});

describe("the knowledge's relations", () => {
  it('writes each pair once and gives it to both entities, the same sentence from each side', () => {
    const pairs = new Map<string, string>();
    for (const e of knowledge.entities) {
      for (const r of e.relations) {
        expect([r.subject, r.object]).toContain(e.id);
        expect(r.entity).toBe(r.subject === e.id ? r.object : r.subject);
        const other = real(r.entity);
        // the other side holds the very same sentence
        expect(other.relations.filter((o) => o.subject === r.subject && o.object === r.object)).toEqual([
          { ...r, entity: e.id },
        ]);
        const pair = [r.subject, r.object].sort().join(' ');
        const seen = pairs.get(pair);
        if (seen !== undefined) expect(seen).toBe(r.text);
        pairs.set(pair, r.text);
      }
      const others = e.relations.map((r) => r.entity);
      expect(new Set(others).size, e.id).toBe(others.length);
    }
  });

  it("reads correctly on Putin's card: each other entity once, in a sentence about both", () => {
    const lines = relationLines(real('putin'), everyone, nameOf);
    const others = lines.map((l) => l.other);
    expect(new Set(others).size).toBe(others.length);
    expect(others.filter((o) => o === 'lukashenko')).toHaveLength(1);
    const text = Object.fromEntries(lines.map((l) => [l.other, l.text]));
    expect(text.russia).toBe('Putin is the president of Russia.');
    expect(text.kremlin).toBe('Putin heads the Kremlin, the Russian presidency.');
    expect(text.tikhanovskaya).toBe('Tikhanovskaya criticised Putin for holding talks with Lukashenko.');
    // no line is the other entity's name followed by a phrase about this one
    for (const l of lines) expect(l.text.startsWith(`${l.otherName}:`)).toBe(false);
  });
});
