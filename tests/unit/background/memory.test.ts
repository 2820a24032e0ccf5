import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { EarlierPage } from '@/core/memory';
import { forgetAllMemory, readMemory } from '@/extension/memory-store';
import type { MessageSender } from '@/extension/messaging';
import { updateSettings } from '@/extension/settings-store';
import { freshBrowserEachTest, setup } from './fake-api';

const stopAfter = freshBrowserEachTest();

const sender = (url: string, incognito = false): MessageSender => ({
  id: fakeBrowser.runtime.id,
  url,
  tab: { id: 4, incognito } as MessageSender['tab'],
});

const record = (title: string, sentence = `${title}: Lukashenko spoke.`) => ({
  type: 'memory:record',
  title,
  entities: [{ id: 'alexander-lukashenko', count: 2, sentence }],
});

async function send(msg: unknown, from: MessageSender): Promise<unknown> {
  const answers = await fakeBrowser.runtime.onMessage.trigger(msg, from, () => {});
  return answers.find((a: unknown) => a !== undefined);
}

describe('reading memory in the background', () => {
  it('keeps nothing while the memory is off (the default)', async () => {
    stopAfter(setup().stop);
    await send(record('A'), sender('https://www.bbc.co.uk/news/a'));
    expect((await readMemory()).memory.pages).toEqual([]);
  });

  it('records a page under its sender’s address and site, and answers a card from another page', async () => {
    await updateSettings({ memory: true });
    stopAfter(setup().stop);
    await send(record('A'), sender('https://www.bbc.co.uk/news/a?utm_source=x#top'));
    const [kept] = (await readMemory()).memory.pages;
    expect(kept).toMatchObject({
      url: 'https://www.bbc.co.uk/news/a',
      site: 'bbc.co.uk',
      title: 'A',
      dated: 'visited',
    });
    const earlier = (await send(
      { type: 'memory:entity', id: 'alexander-lukashenko', currentUrl: 'https://www.theguardian.com/b' },
      sender('https://www.theguardian.com/b'),
    )) as EarlierPage[];
    expect(earlier.map((p) => [p.title, p.sentence])).toEqual([['A', 'A: Lukashenko spoke.']]);
    const onSamePage = await send(
      { type: 'memory:entity', id: 'alexander-lukashenko', currentUrl: 'https://www.bbc.co.uk/news/a' },
      sender('https://www.bbc.co.uk/news/a'),
    );
    expect(onSamePage).toEqual([]);
  });

  it('keeps nothing from a private (incognito) tab', async () => {
    await updateSettings({ memory: true });
    stopAfter(setup().stop);
    await send(record('Private'), sender('https://www.bbc.co.uk/news/p', true));
    await send(record('Unknown'), { ...sender('https://www.bbc.co.uk/news/u'), tab: undefined });
    expect((await readMemory()).memory.pages).toEqual([]);
  });

  it('keeps nothing from a switched-off site, or while paused', async () => {
    await updateSettings({ memory: true, disabledSites: ['bbc.co.uk'] });
    stopAfter(setup().stop);
    await send(record('Off'), sender('https://www.bbc.co.uk/news/off'));
    await updateSettings({ disabledSites: [], paused: true });
    await send(record('Paused'), sender('https://www.bbc.co.uk/news/paused'));
    expect((await readMemory()).memory.pages).toEqual([]);
  });

  it('ignores records from other extensions and from its own pages', async () => {
    await updateSettings({ memory: true });
    stopAfter(setup().stop);
    await send(record('Other'), { ...sender('https://www.bbc.co.uk/news/o'), id: 'another-extension' });
    await send(record('Own'), { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') });
    expect((await readMemory()).memory.pages).toEqual([]);
  });

  it('answers from the store as it is after "Forget everything"', async () => {
    await updateSettings({ memory: true });
    stopAfter(setup().stop);
    await send(record('A'), sender('https://www.bbc.co.uk/news/a'));
    const ask = () =>
      send(
        { type: 'memory:entity', id: 'alexander-lukashenko', currentUrl: 'https://x.example/' },
        sender('https://x.example/'),
      );
    expect(await ask()).toHaveLength(1);
    await forgetAllMemory();
    expect(await ask()).toEqual([]);
  });
});
