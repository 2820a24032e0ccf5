import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { isToBackground, isToContent, type ToContent, ToContentSchema } from '@/core/messages';

describe('isToContent: shape validation', () => {
  it.each<ToContent>([
    { type: 'page:summary' },
    { type: 'page:reveal', entity: 'alexander-lukashenko' },
    { type: 'page:reveal', entity: 'alexander-lukashenko', index: 0 },
    { type: 'page:reveal', entity: 'alexander-lukashenko', index: 12 },
    { type: 'page:step', direction: 1 },
    { type: 'page:step', direction: -1 },
    { type: 'page:lookup', text: 'Lukashenko' },
  ])('accepts %j', (msg) => {
    expect(isToContent(msg)).toBe(true);
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['a string', 'page:summary'],
    ['an array', [{ type: 'page:summary' }]],
    ['no type', { entity: 'x' }],
    ['an unknown type', { type: 'page:destroy' }],
    ['a background message', { type: 'badge:set', count: 1 }],
    ['an extra key', { type: 'page:summary', evil: true }],
    ['reveal without entity', { type: 'page:reveal' }],
    ['reveal with empty entity', { type: 'page:reveal', entity: '' }],
    ['reveal with a huge entity id', { type: 'page:reveal', entity: 'x'.repeat(201) }],
    ['reveal with negative index', { type: 'page:reveal', entity: 'x', index: -1 }],
    ['reveal with fractional index', { type: 'page:reveal', entity: 'x', index: 1.5 }],
    ['reveal with NaN index', { type: 'page:reveal', entity: 'x', index: Number.NaN }],
    ['reveal with string index', { type: 'page:reveal', entity: 'x', index: '2' }],
    ['step by 2', { type: 'page:step', direction: 2 }],
    ['step by 0', { type: 'page:step', direction: 0 }],
    ['step as text', { type: 'page:step', direction: '1' }],
    ['lookup of nothing', { type: 'page:lookup', text: '' }],
    ['lookup of a number', { type: 'page:lookup', text: 42 }],
    ['lookup of a novel', { type: 'page:lookup', text: 'x'.repeat(1001) }],
  ])('rejects %s', (_name, msg) => {
    expect(isToContent(msg)).toBe(false);
  });
});

describe('isToContent agrees with the schema it is written from', () => {
  const values: unknown[] = [
    undefined,
    null,
    '',
    'x',
    'x'.repeat(200),
    'x'.repeat(201),
    'x'.repeat(1000),
    'x'.repeat(1001),
    0,
    1,
    -1,
    2,
    1.5,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    1_000_000,
    1_000_001,
    '1',
    true,
    {},
    [],
  ];
  const types = ['page:summary', 'page:reveal', 'page:step', 'page:lookup', 'badge:set', 'page:', 42];
  const keys = ['entity', 'index', 'direction', 'text', 'count', 'evil'];
  const messages: unknown[] = [null, 'page:summary', [], {}, ...values];
  for (const type of types) {
    messages.push({ type });
    for (const key of keys) {
      for (const value of values) {
        messages.push({ type, [key]: value });
        for (const other of keys) if (other !== key) messages.push({ type, [key]: value, [other]: 'x' });
        for (const other of keys) if (other !== key) messages.push({ type, [key]: value, [other]: 3 });
      }
    }
  }

  it(`on ${messages.length} messages, valid and not`, () => {
    const disagreements = messages.filter((m) => isToContent(m) !== v.is(ToContentSchema, m));
    expect(disagreements).toEqual([]);
    // The corpus reaches every message type's valid shape.
    expect(new Set(messages.filter(isToContent).map((m) => m.type)).size).toBe(4);
  });
});

describe('isToBackground: shape validation', () => {
  it('accepts a badge count', () => {
    expect(isToBackground({ type: 'badge:set', count: 0 })).toBe(true);
    expect(isToBackground({ type: 'badge:set', count: 37 })).toBe(true);
  });

  it('accepts a request for an entity’s card details', () => {
    expect(isToBackground({ type: 'knowledge:entity', id: 'lukashenko' })).toBe(true);
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['a content message', { type: 'page:summary' }],
    ['no count', { type: 'badge:set' }],
    ['a negative count', { type: 'badge:set', count: -1 }],
    ['a fractional count', { type: 'badge:set', count: 2.5 }],
    ['NaN', { type: 'badge:set', count: Number.NaN }],
    ['Infinity', { type: 'badge:set', count: Number.POSITIVE_INFINITY }],
    ['a string count', { type: 'badge:set', count: '3' }],
    ['an extra key', { type: 'badge:set', count: 3, tabId: 7 }],
    ['an entity request without an id', { type: 'knowledge:entity' }],
    ['an entity request with an empty id', { type: 'knowledge:entity', id: '' }],
    ['an entity request with a huge id', { type: 'knowledge:entity', id: 'x'.repeat(10_000) }],
    ['an entity request with a non-string id', { type: 'knowledge:entity', id: 7 }],
  ])('rejects %s', (_name, msg) => {
    expect(isToBackground(msg)).toBe(false);
  });
});

describe('isToBackground: reading memory', () => {
  const record = {
    type: 'memory:record',
    title: 'Lukashenko meets Putin',
    published: '2020-09-14',
    entities: [{ id: 'alexander-lukashenko', count: 3, sentence: 'Alexander Lukashenko flew to Sochi.' }],
  };

  it('accepts a page record, with or without a published day', () => {
    expect(isToBackground(record)).toBe(true);
    const { published: _p, ...undated } = record;
    expect(isToBackground(undated)).toBe(true);
  });

  it('accepts a card’s request for earlier pages', () => {
    expect(isToBackground({ type: 'memory:entity', id: 'x', currentUrl: 'https://a.example/p' })).toBe(true);
  });

  const entity = record.entities[0];
  it.each<[string, unknown]>([
    ['a record with an address (the sender’s own is used)', { ...record, url: 'https://evil.example/' }],
    ['a record with no entities', { ...record, entities: [] }],
    ['a record with 26 entities', { ...record, entities: Array.from({ length: 26 }, () => entity) }],
    ['a record with an empty title', { ...record, title: '' }],
    ['a record with a huge title', { ...record, title: 'x'.repeat(5000) }],
    ['a record with a bad day', { ...record, published: '14 Sept 2020' }],
    ['a mention counted 0 times', { ...record, entities: [{ ...entity, count: 0 }] }],
    ['a mention with a huge sentence', { ...record, entities: [{ ...entity, sentence: 'x'.repeat(5000) }] }],
    ['a mention with an extra key', { ...record, entities: [{ ...entity, url: 'x' }] }],
    ['a request without currentUrl', { type: 'memory:entity', id: 'x' }],
    ['a request with a huge currentUrl', { type: 'memory:entity', id: 'x', currentUrl: 'x'.repeat(9000) }],
  ])('rejects %s', (_name, msg) => {
    expect(isToBackground(msg)).toBe(false);
  });
});
