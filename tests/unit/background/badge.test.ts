import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { badgeText } from '@/background/badge';
import type { ContentResponse } from '@/core/messages';
import type { MessageSender } from '@/extension/messaging';
import { updateSettings } from '@/extension/settings-store';
import { freshBrowserEachTest, setup } from './fake-api';

const stopAfter = freshBrowserEachTest();

describe('badge', () => {
  const contentScript = (tabId: number): MessageSender => ({
    id: fakeBrowser.runtime.id,
    url: 'https://www.bbc.co.uk/news/world',
    tab: { id: tabId } as MessageSender['tab'],
  });

  async function report(count: unknown, sender: MessageSender): Promise<void> {
    await fakeBrowser.runtime.onMessage.trigger({ type: 'badge:set', count }, sender, () => {});
  }

  const textOf = (tabId: number) => fakeBrowser.action.getBadgeText({ tabId });

  it('shows the count a content script reports for its tab, blank for none', async () => {
    stopAfter(setup().stop);
    await report(7, contentScript(4));
    expect(await textOf(4)).toBe('7');
    await report(0, contentScript(4));
    expect(await textOf(4)).toBe('');
  });

  it('fits large counts in the four characters a badge shows', () => {
    expect(badgeText(0)).toBe('');
    expect(badgeText(999)).toBe('999');
    expect(badgeText(1500)).toBe('999+');
  });

  it('ignores reports from other extensions, from our own pages, and malformed ones', async () => {
    stopAfter(setup().stop);
    await report(7, contentScript(4));
    await report(5, { ...contentScript(4), id: 'another-extension' });
    await report(5, {
      id: fakeBrowser.runtime.id,
      url: fakeBrowser.runtime.getURL('/popup.html'),
      tab: { id: 4 } as MessageSender['tab'],
    });
    await report(-3, contentScript(4));
    await report('5', contentScript(4));
    expect(await textOf(4)).toBe('7');
  });

  it('shows nothing while the reader has the badge switched off', async () => {
    await updateSettings({ badge: false });
    stopAfter(setup().stop);
    await fakeBrowser.action.setBadgeText({ tabId: 4, text: 'old' });
    await report(7, contentScript(4));
    expect(await textOf(4)).toBe('old');
  });

  it('clears when the tab starts loading a new page', async () => {
    stopAfter(setup().stop);
    await report(7, contentScript(4));
    await fakeBrowser.tabs.onUpdated.trigger(4, { title: 'News' }, { id: 4 } as never);
    expect(await textOf(4)).toBe('7');
    await fakeBrowser.tabs.onUpdated.trigger(4, { status: 'loading' }, { id: 4 } as never);
    await vi.waitFor(async () => expect(await textOf(4)).toBe(''));
  });

  it('clears in every tab when switched off, and asks every tab again when switched on', async () => {
    const second = await fakeBrowser.tabs.create({ url: 'https://www.dailymail.co.uk/' });
    const summaries: Record<number, ContentResponse<{ type: 'page:summary' }>> = {
      0: {
        url: 'https://a/',
        site: 'a',
        state: 'active',
        scanning: false,
        entities: [
          { id: 'x', count: 2 },
          { id: 'y', count: 1 },
        ],
        totalMentions: 3,
      },
      [second.id ?? -1]: {
        url: 'https://b/',
        site: 'b',
        state: 'site-off',
        scanning: false,
        entities: [],
        totalMentions: 0,
      },
    };
    const env = setup({
      answer: (tabId, msg) => (msg.type === 'page:summary' ? summaries[tabId] : undefined),
    });
    stopAfter(env.stop);
    await report(2, contentScript(0));
    await report(9, contentScript(second.id ?? -1));

    await updateSettings({ badge: false });
    await vi.waitFor(async () => {
      expect(await textOf(0)).toBe('');
      expect(await textOf(second.id ?? -1)).toBe('');
    });

    await updateSettings({ badge: true });
    await vi.waitFor(async () => expect(await textOf(0)).toBe('2'));
    expect(await textOf(second.id ?? -1)).toBe('');
    expect(env.send).toHaveBeenCalledWith(0, { type: 'page:summary' });
  });

  it('is coloured a quiet slate at start', async () => {
    stopAfter(setup().stop);
    await vi.waitFor(async () =>
      expect(await fakeBrowser.action.getBadgeBackgroundColor({})).toEqual([0x44, 0x54, 0x6a, 255]),
    );
  });

  it('uses browserAction where there is no action (Firefox MV2)', async () => {
    stopAfter(setup({ badge: 'browserAction' }).stop);
    await report(3, contentScript(4));
    expect(await textOf(4)).toBe('3');
  });
});
