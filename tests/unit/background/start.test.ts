import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { BackgroundApi, Send } from '@/background/api';
import { startBackground } from '@/background/start';
import type { MessageSender } from '@/extension/messaging';
import { getSettings, watchSettings } from '@/extension/settings-store';
import { fixtureKnowledge } from '@/tests/fixtures/views/knowledge';
import { fakeEvent, fixtureFirstLook, freshBrowserEachTest, setup } from './fake-api';

const stopAfter = freshBrowserEachTest();

describe('settings migration', () => {
  const bareApi = () =>
    ({
      runtime: fakeBrowser.runtime,
      tabs: fakeBrowser.tabs,
      contextMenus: { removeAll: vi.fn(), create: vi.fn(), onClicked: fakeEvent() },
      commands: { onCommand: fakeEvent() },
      i18n: { getMessage: () => '' },
      action: fakeBrowser.action,
    }) as unknown as BackgroundApi;

  it('starts at once, listeners already registered, and every settings read waits for it', async () => {
    let finish: () => void = () => {};
    const migrateSettings = vi.fn(
      () =>
        new Promise<void>((done) => {
          finish = done;
        }),
    );
    const reads: string[] = [];
    const api = bareApi();
    stopAfter(
      startBackground({
        knowledge: () => fixtureKnowledge,
        firstLook: fixtureFirstLook,
        api,
        send: vi.fn() as unknown as Send,
        getSettings: async () => {
          reads.push('read');
          return getSettings();
        },
        watchSettings,
        migrateSettings,
      }),
    );
    expect(migrateSettings).toHaveBeenCalledTimes(1);
    // Registered synchronously, as an MV3 service worker requires, before the migration has finished.
    expect(fakeBrowser.runtime.onMessage.hasListeners()).toBe(true);
    const sender: MessageSender = {
      id: fakeBrowser.runtime.id,
      url: 'https://www.bbc.co.uk/news/world',
      tab: { id: 4 } as MessageSender['tab'],
    };
    const answered = fakeBrowser.runtime.onMessage.trigger({ type: 'badge:set', count: 3 }, sender, () => {});
    await new Promise((r) => setTimeout(r, 10));
    expect(reads).toEqual([]);
    finish();
    await answered;
    expect(reads).toEqual(['read']);
    expect(await fakeBrowser.action.getBadgeText({ tabId: 4 })).toBe('3');
  });

  it('really migrates a stored v1 value before the first read (the default wiring)', async () => {
    const { migrateStoredSettings } = await import('@/extension/settings-io');
    await fakeBrowser.storage.local.set({ settings: { enabled: false, blockedHosts: ['news.bbc.co.uk'] } });
    let seen: Awaited<ReturnType<typeof getSettings>> | undefined;
    const api = bareApi();
    stopAfter(
      startBackground({
        knowledge: () => fixtureKnowledge,
        firstLook: fixtureFirstLook,
        api,
        send: vi.fn() as unknown as Send,
        getSettings: async () => {
          seen = await getSettings();
          return seen;
        },
        watchSettings,
        migrateSettings: migrateStoredSettings,
      }),
    );
    await fakeBrowser.runtime.onMessage.trigger(
      { type: 'badge:set', count: 1 },
      { id: fakeBrowser.runtime.id, url: 'https://a.example/', tab: { id: 4 } as MessageSender['tab'] },
      () => {},
    );
    expect(seen).toMatchObject({ paused: true, disabledSites: ['bbc.co.uk'] });
  });
});

describe('teardown', () => {
  it('removes every listener it added', async () => {
    const env = setup();
    env.stop();
    expect(fakeBrowser.runtime.onMessage.hasListeners()).toBe(false);
    expect(fakeBrowser.runtime.onInstalled.hasListeners()).toBe(false);
    expect(fakeBrowser.tabs.onUpdated.hasListeners()).toBe(false);
    expect(env.contextMenus.onClicked.size).toBe(0);
    expect(env.commands.onCommand.size).toBe(0);
  });
});

describe('Firefox for Android (no context menus, no keyboard commands)', () => {
  it('starts without them: the cards, the badge and the page reloads still work', async () => {
    const api = {
      runtime: fakeBrowser.runtime,
      tabs: fakeBrowser.tabs,
      i18n: { getMessage: () => '' },
      action: fakeBrowser.action,
    } as unknown as BackgroundApi;
    expect(api.contextMenus).toBeUndefined();
    expect(api.commands).toBeUndefined();
    let stop: (() => void) | undefined;
    expect(() => {
      stop = startBackground({
        knowledge: () => fixtureKnowledge,
        firstLook: fixtureFirstLook,
        api,
        send: vi.fn() as unknown as Send,
        getSettings,
        watchSettings,
      });
    }).not.toThrow();
    if (stop) stopAfter(stop);
    // Install and browser start make no menus, and nothing fails doing so.
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'install' });
    await new Promise((r) => setTimeout(r, 0));
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
    const fromPage: MessageSender = {
      id: fakeBrowser.runtime.id,
      url: 'https://www.bbc.co.uk/news/world',
      tab: { id: 4 } as MessageSender['tab'],
    };
    const [details] = await fakeBrowser.runtime.onMessage.trigger(
      { type: 'knowledge:entity', id: 'lukashenko' },
      fromPage,
      () => {},
    );
    expect((details as unknown as { entity: { name: string } } | null)?.entity.name).toBe(
      'Alexander Lukashenko',
    );
    await fakeBrowser.runtime.onMessage.trigger({ type: 'badge:set', count: 2 }, fromPage, () => {});
    expect(await fakeBrowser.action.getBadgeText({ tabId: 4 })).toBe('2');
  });
});
