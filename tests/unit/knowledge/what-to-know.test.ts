import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseKnowledge } from '@/core/knowledge/schema';
import { datedEvents, foundEntities, whatToKnow } from '@/core/knowledge/what-to-know';
import { fixtureKnowledge } from '@/tests/fixtures/views/knowledge';

const KNOWLEDGE = parseKnowledge(
  JSON.parse(readFileSync(join(__dirname, '../../../data/knowledge.json'), 'utf8')),
);
const SUN = '000_e09d0617d344a8d0'; // 2022-09-26
const MAIL = '002_a01b8898927d213c'; // 2020-09-14
const dateOf = (id: string) => KNOWLEDGE.articles.find((a) => a.id === id)?.date ?? '';

/** A page that names only Putin (3 times) and Belarus (twice). */
const putinBelarus = foundEntities(
  [
    { id: 'belarus', count: 2 },
    { id: 'putin', count: 3 },
  ],
  KNOWLEDGE,
);

/** The 2020 source article as a page: its own mention counts. */
const mailPage = foundEntities(
  KNOWLEDGE.entities.map((e) => ({
    id: e.id,
    count: e.appearances.find((a) => a.article === MAIL)?.mentions ?? 0,
  })),
  KNOWLEDGE,
);

describe('whatToKnow', () => {
  it('is about the page’s entities, ranked by how often the page names them', () => {
    const know = whatToKnow(putinBelarus, KNOWLEDGE);
    expect(know.items.map((i) => i.entity.id)).toEqual(['putin', 'belarus']);
    expect(know.asOf).toBeUndefined();
  });

  it('lists no event linked to only one of the page’s names (the 2022 mobilisation is Putin’s, not this page’s)', () => {
    expect(whatToKnow(putinBelarus, KNOWLEDGE).events).toEqual([]);
    // Named on the page, an event is listed.
    const withEvent = foundEntities(
      [
        { id: 'putin', count: 3 },
        { id: 'mobilisation-2022', count: 1 },
      ],
      KNOWLEDGE,
    );
    expect(whatToKnow(withEvent, KNOWLEDGE).events.map((e) => e.entity.id)).toContain('mobilisation-2022');
  });

  it('on the 2020 article, dated 14 Sep 2020: every item and event from sources of that date or before', () => {
    const know = whatToKnow(mailPage, KNOWLEDGE, dateOf(MAIL));
    expect(know.asOf).toBe('2020-09-14');
    expect(know.items.map((i) => i.entity.id)).toEqual(['lukashenko', 'putin', 'belarus']);
    for (const item of know.items) expect(item.source?.date ?? '', item.entity.id).toBe('2020-09-14');
    expect(know.events.length).toBeGreaterThan(0);
    for (const e of know.events) {
      expect(e.entity.when.start <= '2020-09-14', e.entity.id).toBe(true);
      if (e.source) expect(e.source.date <= '2020-09-14', e.entity.id).toBe(true);
    }
    const shown = [...know.items.map((i) => i.text), ...know.events.map((e) => e.entity.description.text)];
    for (const text of shown) expect(text).not.toMatch(/mobilis|2022/i);
  });

  it('without a page date, the latest source; with a date before every source, the descriptions', () => {
    const latest = whatToKnow(putinBelarus, KNOWLEDGE);
    expect(latest.items.map((i) => i.source?.id)).toEqual([SUN, SUN]);
    const early = whatToKnow(putinBelarus, KNOWLEDGE, '2019-01-01');
    expect(early.items.map((i) => [i.source, i.text])).toEqual([
      [undefined, 'President of Russia.'],
      [undefined, KNOWLEDGE.entities.find((e) => e.id === 'belarus')?.description.text],
    ]);
  });

  it('ignores a page date that is not a yyyy-mm-dd day', () => {
    expect(whatToKnow(putinBelarus, KNOWLEDGE, 'yesterday').asOf).toBeUndefined();
  });
});

describe('datedEvents', () => {
  it('keeps events the page names and events tying two of its names together, in date order', () => {
    const found = foundEntities(
      [
        { id: 'lukashenko', count: 34 },
        { id: 'putin', count: 12 },
        { id: 'election-2020', count: 1 },
      ],
      fixtureKnowledge,
    );
    expect(datedEvents(found, fixtureKnowledge).map((e) => e.id)).toEqual([
      'election-2020',
      'sochi-summit-2020',
    ]);
    // Before the summit, only the event the page names.
    expect(datedEvents(found, fixtureKnowledge, '2020-09-01').map((e) => e.id)).toEqual(['election-2020']);
  });
});
