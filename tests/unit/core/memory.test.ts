import { describe, expect, it } from 'vitest';
import {
  applyRetention,
  earlierCounts,
  earlierPages,
  forgetSite,
  MAX_ADDRESS_LENGTH,
  MEMORY_VERSION,
  type Memory,
  type MemoryPage,
  pageAddress,
  parseMemory,
  rememberPage,
  sentenceAround,
  serialiseMemory,
  trimAtWord,
} from '@/core/memory';

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 11, 6);

function page(n: number, overrides: Partial<MemoryPage> = {}): MemoryPage {
  return {
    url: `https://www.bbc.co.uk/news/${n}`,
    title: `Article ${n}`,
    site: 'bbc.co.uk',
    date: '2026-12-01',
    dated: 'published',
    seenAt: NOW - n * 1000,
    entities: [{ id: 'alexander-lukashenko', count: 2, sentence: `Lukashenko said ${n} things.` }],
    ...overrides,
  };
}

describe('record format', () => {
  it('round-trips through what storage is given', () => {
    const memory: Memory = { pages: [page(1), page(2)] };
    const stored = serialiseMemory(memory);
    expect(stored.v).toBe(MEMORY_VERSION);
    expect(parseMemory(JSON.parse(JSON.stringify(stored)))).toEqual({ memory, status: 'ok' });
  });

  it('reads nothing stored as an empty memory, not a corrupt one', () => {
    expect(parseMemory(undefined)).toEqual({ memory: { pages: [] }, status: 'ok' });
    expect(parseMemory(null)).toEqual({ memory: { pages: [] }, status: 'ok' });
  });

  it.each<[string, unknown]>([
    ['a string', 'garbage'],
    ['a list', [page(1)]],
    ['no version', { pages: [page(1)] }],
    ['a version 0', { v: 0, pages: [] }],
    ['a text version', { v: '1', pages: [] }],
    ['pages that are not a list', { v: 1, pages: { 0: page(1) } }],
  ])('reads %s as an empty memory, and says it was corrupt', (_name, raw) => {
    expect(parseMemory(raw)).toEqual({ memory: { pages: [] }, status: 'corrupt' });
  });

  it('drops bad pages one by one, keeps the rest, orders newest first', () => {
    const raw = {
      v: 1,
      pages: [
        page(3),
        { ...page(4), url: 'javascript:alert(1)' },
        { ...page(5), date: 'yesterday' },
        { ...page(6), entities: [{ id: 'x', count: 0, sentence: 's' }] },
        { ...page(7), seenAt: 'now' },
        null,
        page(1),
      ],
    };
    expect(parseMemory(raw).memory.pages.map((p) => p.title)).toEqual(['Article 1', 'Article 3']);
  });

  it('reads a store from a newer version for what it understands, and marks it so it is not written over', () => {
    const read = parseMemory({ v: MEMORY_VERSION + 1, pages: [{ ...page(1), colour: 'red' }], extra: 1 });
    expect(read.status).toBe('newer');
    expect(read.memory.pages).toEqual([page(1)]);
  });

  it('ignores pages on the prototype chain and keys from JSON "__proto__"', () => {
    const raw = JSON.parse(`{"v":1,"pages":[{"__proto__":${JSON.stringify(page(1))}}]}`);
    expect(parseMemory(raw).memory.pages).toEqual([]);
  });
});

describe('retention, applied on write', () => {
  const retention = { days: 90, pages: 1000 };

  it('drops pages older than the age limit', () => {
    const old = page(1, { seenAt: NOW - 91 * DAY });
    const recent = page(2, { seenAt: NOW - 89 * DAY });
    expect(applyRetention({ pages: [recent, old] }, retention, NOW).pages).toEqual([recent]);
  });

  it('keeps the newest pages up to the count limit', () => {
    let memory: Memory = { pages: [] };
    for (let n = 1; n <= 5; n++)
      memory = rememberPage(memory, page(n, { seenAt: NOW + n }), { days: 90, pages: 3 }, NOW);
    expect(memory.pages.map((p) => p.title)).toEqual(['Article 5', 'Article 4', 'Article 3']);
  });

  it('a page visited again replaces its earlier record and moves to the front', () => {
    let memory: Memory = { pages: [page(1), page(2)] };
    memory = rememberPage(memory, page(2, { seenAt: NOW + 5, title: 'Updated' }), retention, NOW);
    expect(memory.pages.map((p) => p.title)).toEqual(['Updated', 'Article 1']);
  });

  it('forgets one site and keeps the others', () => {
    const other = page(3, { site: 'theguardian.com', url: 'https://www.theguardian.com/a' });
    expect(forgetSite({ pages: [page(1), other, page(2)] }, 'bbc.co.uk').pages).toEqual([other]);
  });
});

describe('queries', () => {
  const putin = { id: 'vladimir-putin', count: 1, sentence: 'Putin agreed.' };
  const memory: Memory = {
    pages: [page(1, { entities: [putin] }), page(2), page(3), page(4), page(5)],
  };

  it('lists the most recent earlier pages for an entity, the current page left out', () => {
    const found = earlierPages(memory, 'alexander-lukashenko', 'https://www.bbc.co.uk/news/2#top', 3);
    expect(found.map((p) => p.title)).toEqual(['Article 3', 'Article 4', 'Article 5']);
    expect(found[0]).toEqual({
      url: 'https://www.bbc.co.uk/news/3',
      title: 'Article 3',
      site: 'bbc.co.uk',
      date: '2026-12-01',
      dated: 'published',
      sentence: 'Lukashenko said 3 things.',
      count: 2,
    });
  });

  it('counts earlier pages per entity', () => {
    expect(
      earlierCounts(memory, ['alexander-lukashenko', 'vladimir-putin', 'nobody'], 'https://x.example/'),
    ).toEqual({ 'alexander-lukashenko': 4, 'vladimir-putin': 1, nobody: 0 });
    expect(earlierCounts(memory, ['vladimir-putin'], 'https://www.bbc.co.uk/news/1')).toEqual({
      'vladimir-putin': 0,
    });
  });
});

describe('pageAddress', () => {
  it('drops the fragment and tracking parameters, keeps the rest of the query', () => {
    expect(pageAddress('https://example.com/a?id=4&utm_source=x&fbclid=y#section')).toBe(
      'https://example.com/a?id=4',
    );
  });

  it('refuses what is not a web page', () => {
    expect(pageAddress('file:///home/me/a.html')).toBeNull();
    expect(pageAddress('not a url')).toBeNull();
  });

  it('drops a query too long to keep', () => {
    const url = `https://example.com/a?q=${'x'.repeat(MAX_ADDRESS_LENGTH)}`;
    expect(pageAddress(url)).toBe('https://example.com/a');
  });
});

describe('sentences', () => {
  it('takes the sentence that holds the mention, verbatim', () => {
    const text = 'Minsk was quiet. Alexander Lukashenko flew to Sochi on Monday. He met Putin.';
    const start = text.indexOf('Alexander');
    expect(sentenceAround(text, start, start + 19)).toBe('Alexander Lukashenko flew to Sochi on Monday.');
  });

  it('takes the whole block when it has no sentence end, and keeps closing quotes', () => {
    expect(sentenceAround('Lukashenko in Sochi', 0, 10)).toBe('Lukashenko in Sochi');
    const text = '“I will stay,” said Lukashenko. “Never.” Then more.';
    const start = text.indexOf('Lukashenko');
    expect(sentenceAround(text, start, start + 10)).toBe('“I will stay,” said Lukashenko.');
  });

  it('does not end a sentence inside the name ("St. Petersburg")', () => {
    const text = 'He flew to St. Petersburg yesterday. Then home.';
    const start = text.indexOf('St.');
    expect(sentenceAround(text, start, start + 14)).toBe('He flew to St. Petersburg yesterday.');
  });

  it('trims a long sentence at a word boundary, keeping the name', () => {
    const before = 'word '.repeat(60);
    const after = ' and'.repeat(60);
    const text = `${before}Lukashenko${after}.`;
    const start = text.indexOf('Lukashenko');
    const s = sentenceAround(text, start, start + 10, 100);
    expect(s.length).toBeLessThanOrEqual(101);
    expect(s).toContain('Lukashenko');
    expect(s.startsWith('…word')).toBe(true);
    expect(s.endsWith('and…')).toBe(true);
  });

  it('trimAtWord adds an ellipsis only when it cuts', () => {
    expect(trimAtWord('  short   text ', 20)).toBe('short text');
    expect(trimAtWord('one two three four', 10)).toBe('one two…');
  });
});
