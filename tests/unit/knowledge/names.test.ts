import { describe, expect, it } from 'vitest';
import { parseNameIndex, toNameIndex } from '../../../core/knowledge/names';
import { parseKnowledge } from '../../../core/knowledge/schema';
import knowledgeJson from '../../../data/knowledge.json' with { type: 'json' };

const knowledge = parseKnowledge(knowledgeJson);

describe('the names slice the content script bundles', () => {
  it('keeps every entity with exactly what matching and highlighting need', () => {
    const index = parseNameIndex(JSON.parse(JSON.stringify(toNameIndex(knowledge))));
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
    expect(() => parseNameIndex({ entities: [{ id: 'x', type: 'planet', name: 'X', names: [] }] })).toThrow();
    expect(() =>
      parseNameIndex({ entities: [{ id: 'x', type: 'place', name: 'X', names: [{ text: 1 }] }] }),
    ).toThrow();
    expect(() => parseNameIndex(null)).toThrow();
  });
});
