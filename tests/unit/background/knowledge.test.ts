import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { entityDetails } from '@/background/knowledge';
import type { MessageSender } from '@/extension/messaging';
import { fixtureKnowledge } from '@/tests/fixtures/views/knowledge';
import { freshBrowserEachTest, setup } from './fake-api';

const stopAfter = freshBrowserEachTest();

describe('card details for content scripts', () => {
  const fromPage: MessageSender = {
    id: fakeBrowser.runtime.id,
    url: 'https://www.bbc.co.uk/news/world',
    tab: { id: 4 } as MessageSender['tab'],
  };

  it('answers knowledge:entity with the entity and only the articles its claims cite', async () => {
    stopAfter(setup().stop);
    // The fake event answers with every listener's result; this background registers one.
    const [reply] = await fakeBrowser.runtime.onMessage.trigger(
      { type: 'knowledge:entity', id: 'lukashenko' },
      fromPage,
      () => {},
    );
    const expected = entityDetails(fixtureKnowledge, 'lukashenko');
    expect(reply).toEqual(expected);
    expect(expected?.entity.name).toBe('Alexander Lukashenko');
    const cited = new Set(expected?.articles.map((a) => a.id));
    expect(cited.size).toBeGreaterThan(0);
    for (const f of expected?.entity.facts ?? [])
      for (const e of f.evidence) expect(cited.has(e.article)).toBe(true);
  });

  it('answers null for an unknown id and nothing to a sender that is not its own content script', async () => {
    stopAfter(setup().stop);
    const [unknown] = await fakeBrowser.runtime.onMessage.trigger(
      { type: 'knowledge:entity', id: 'no-such-entity' },
      fromPage,
      () => {},
    );
    expect(unknown).toBeNull();
    const [stranger] = await fakeBrowser.runtime.onMessage.trigger(
      { type: 'knowledge:entity', id: 'lukashenko' },
      { ...fromPage, id: 'another-extension' },
      () => {},
    );
    expect(stranger).toBeUndefined();
  });
});
