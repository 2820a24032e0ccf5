import { describe, expect, it } from 'vitest';
import { buildSearchIndex, createSearcher } from '@/core/search';
import { lookupOutcome, lookupQueryOf } from '@/popup/lookup';
import { fixtureKnowledge } from '@/tests/fixtures/views/knowledge';

const searcher = createSearcher(fixtureKnowledge.entities, buildSearchIndex(fixtureKnowledge.entities));
const search = (q: string) => searcher.search(q);

describe('lookupQueryOf', () => {
  it('is the query of a lookup’s own tab, and nothing for the toolbar popup or a named tab', () => {
    expect(lookupQueryOf(new URLSearchParams('q=%20the%20weather%20'))).toBe('the weather');
    expect(lookupQueryOf(new URLSearchParams(''))).toBeUndefined();
    expect(lookupQueryOf(new URLSearchParams('q='))).toBeUndefined();
    expect(lookupQueryOf(new URLSearchParams('q=Putin&tabId=4'))).toBeUndefined();
  });
});

describe('lookupOutcome', () => {
  it('knows a name or spelling of an entity, whatever its case and accents', () => {
    expect(lookupOutcome('Lukashenko', fixtureKnowledge, search)).toBe('named');
    expect(lookupOutcome('aliaksandr lukashenka', fixtureKnowledge, search)).toBe('named');
    expect(lookupOutcome('Путин', fixtureKnowledge, search)).toBe('named');
  });

  it('tells near matches from nothing at all', () => {
    expect(lookupOutcome('Lukashnko', fixtureKnowledge, search)).toBe('near');
    expect(lookupOutcome('the weather', fixtureKnowledge, search)).toBe('unknown');
    expect(lookupOutcome('  ', fixtureKnowledge, search)).toBe('unknown');
  });
});
