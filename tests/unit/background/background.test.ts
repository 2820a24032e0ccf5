import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { ContentResponse, ToContent } from '@/core/messages';
import type { MessageSender } from '@/extension/messaging';
import { getSettings, updateSettings, watchSettings } from '@/extension/settings-store';
import {
  type BackgroundApi,
  type BadgeApi,
  badgeText,
  entityDetails,
  handleLookupClick,
  LOOKUP_MENU_FALLBACK,
  LOOKUP_MENU_ID,
  lookupQuery,
  MAX_LOOKUP_CHARS,
  type Send,
  startBackground,
  type TabLike,
} from '../../../entrypoints/background';
import { fixtureKnowledge } from '../../fixtures/views/knowledge';

/** A triggerable event for the APIs WXT's fake browser leaves unmocked (context menus, commands). */
function fakeEvent<F extends (...args: never[]) => unknown>() {
  const listeners: F[] = [];
  return {
    addListener: (f: F) => void listeners.push(f),
    removeListener: (f: F) => {
      const i = listeners.indexOf(f);
      if (i >= 0) listeners.splice(i, 1);
    },
    trigger: (...args: Parameters<F>) => listeners.map((l) => l(...args)),
    get size() {
      return listeners.length;
    },
  };
}

type Answer = (tabId: number, msg: ToContent) => unknown;

function setup(
  options: { answer?: Answer; getMessage?: () => string; badge?: 'action' | 'browserAction' } = {},
) {
  const contextMenus = {
    removeAll: vi.fn(async () => {}),
    create: vi.fn(),
    onClicked:
      fakeEvent<(info: { menuItemId: string | number; selectionText?: string }, tab?: TabLike) => void>(),
  };
  const commands = { onCommand: fakeEvent<(command: string, tab?: TabLike) => void>() };
  const i18n = { getMessage: vi.fn(options.getMessage ?? (() => 'Look up “%s” in Reader Context')) };
  const badgeApi = fakeBrowser.action as unknown as BadgeApi;
  const api = {
    runtime: fakeBrowser.runtime,
    tabs: fakeBrowser.tabs,
    contextMenus,
    commands,
    i18n,
    ...(options.badge === 'browserAction' ? { browserAction: badgeApi } : { action: badgeApi }),
  } as unknown as BackgroundApi;
  const answer = options.answer ?? (() => undefined);
  const send = vi.fn(async (tabId: number, msg: ToContent) => answer(tabId, msg)) as unknown as Send &
    ReturnType<typeof vi.fn>;
  const stop = startBackground({ knowledge: () => fixtureKnowledge, api, send, getSettings, watchSettings });
  return { api, send, stop, contextMenus, commands, i18n };
}

const pageTab: TabLike = { id: 4, index: 2, windowId: 1 };

let stop: (() => void) | undefined;
beforeEach(() => {
  fakeBrowser.reset();
});
afterEach(() => {
  stop?.();
  stop = undefined;
});

describe('context menu', () => {
  it('is created on install, after removing any old one, for selections', async () => {
    const env = setup();
    stop = env.stop;
    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'install' } as never);
    await vi.waitFor(() => expect(env.contextMenus.create).toHaveBeenCalledTimes(1));
    expect(env.contextMenus.create).toHaveBeenCalledWith({
      id: LOOKUP_MENU_ID,
      title: 'Look up “%s” in Reader Context',
      contexts: ['selection'],
    });
    expect(env.contextMenus.removeAll.mock.invocationCallOrder[0]).toBeLessThan(
      env.contextMenus.create.mock.invocationCallOrder[0] ?? 0,
    );
    // The browser fills %s with the selection; the locale's $1 receives "%s" for that.
    expect(env.i18n.getMessage).toHaveBeenCalledWith('contextMenuLookup', '%s');
  });

  it('is made again, idempotently, on update and on browser start', async () => {
    const env = setup();
    stop = env.stop;
    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'update' } as never);
    await fakeBrowser.runtime.onStartup.trigger();
    await vi.waitFor(() => expect(env.contextMenus.create).toHaveBeenCalledTimes(2));
    expect(env.contextMenus.removeAll).toHaveBeenCalledTimes(2);
    const [first, second] = env.contextMenus.removeAll.mock.invocationCallOrder;
    const [created] = env.contextMenus.create.mock.invocationCallOrder;
    expect(first).toBeLessThan(created ?? 0);
    expect(created).toBeLessThan(second ?? 0);
  });

  it('falls back to the English title when the locale has none', async () => {
    const env = setup({ getMessage: () => '' });
    stop = env.stop;
    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'install' } as never);
    await vi.waitFor(() =>
      expect(env.contextMenus.create).toHaveBeenCalledWith(
        expect.objectContaining({ title: LOOKUP_MENU_FALLBACK }),
      ),
    );
  });

  it('opens the card in the page when the selection names an entity: no tab is opened', async () => {
    const env = setup({
      answer: (_t, msg) => (msg.type === 'page:lookup' ? { entity: 'alexander-lukashenko' } : null),
    });
    stop = env.stop;
    const create = vi.spyOn(fakeBrowser.tabs, 'create');
    env.contextMenus.onClicked.trigger({ menuItemId: LOOKUP_MENU_ID, selectionText: 'Lukashenko' }, pageTab);
    await vi.waitFor(() => expect(env.send).toHaveBeenCalled());
    expect(env.send).toHaveBeenCalledWith(4, { type: 'page:lookup', text: 'Lukashenko' });
    await new Promise((r) => setTimeout(r, 10));
    expect(create).not.toHaveBeenCalled();
  });

  it('opens the search beside the current tab when the page does not know the name', async () => {
    const env = setup({ answer: () => null });
    stop = env.stop;
    const create = vi.spyOn(fakeBrowser.tabs, 'create');
    env.contextMenus.onClicked.trigger(
      { menuItemId: LOOKUP_MENU_ID, selectionText: 'Alexander  Lukashenka' },
      pageTab,
    );
    await vi.waitFor(() => expect(create).toHaveBeenCalledTimes(1));
    expect(create).toHaveBeenCalledWith({
      url: `chrome-extension://${fakeBrowser.runtime.id}/popup.html?q=Alexander%20Lukashenka`,
      index: 3,
      openerTabId: 4,
      windowId: 1,
    });
  });

  it('opens the search when no content script answers (PDF, browser page)', async () => {
    const env = setup({ answer: () => undefined });
    const create = vi.spyOn(fakeBrowser.tabs, 'create');
    const result = await handleLookupClick(
      env,
      { menuItemId: LOOKUP_MENU_ID, selectionText: 'Minsk' },
      pageTab,
    );
    expect(result).toBe('search');
    expect(create).toHaveBeenCalledWith(
      expect.objectContaining({ url: expect.stringMatching(/popup\.html\?q=Minsk$/) }),
    );
    env.stop();
  });

  it('opens the search without asking a page when the click came from no tab', async () => {
    const env = setup({ answer: () => ({ entity: 'x' }) });
    vi.spyOn(fakeBrowser.tabs, 'create');
    expect(
      await handleLookupClick(env, { menuItemId: LOOKUP_MENU_ID, selectionText: 'Minsk' }, undefined),
    ).toBe('search');
    expect(
      await handleLookupClick(
        env,
        { menuItemId: LOOKUP_MENU_ID, selectionText: 'Minsk' },
        { id: -1, index: 0 },
      ),
    ).toBe('search');
    expect(env.send).not.toHaveBeenCalled();
    env.stop();
  });

  it('ignores other menu items and empty selections', async () => {
    const env = setup();
    const create = vi.spyOn(fakeBrowser.tabs, 'create');
    expect(await handleLookupClick(env, { menuItemId: 'other', selectionText: 'Minsk' }, pageTab)).toBe(
      'ignored',
    );
    expect(
      await handleLookupClick(env, { menuItemId: LOOKUP_MENU_ID, selectionText: '  \n ' }, pageTab),
    ).toBe('ignored');
    expect(env.send).not.toHaveBeenCalled();
    expect(create).not.toHaveBeenCalled();
    env.stop();
  });

  it('collapses whitespace in the selection and cuts it to the length of a name', () => {
    expect(lookupQuery('  Alexander\n\tLukashenko ')).toBe('Alexander Lukashenko');
    expect(lookupQuery('word '.repeat(100))).toHaveLength(MAX_LOOKUP_CHARS - 1);
    expect(lookupQuery(undefined)).toBe('');
  });
});

describe('keyboard commands', () => {
  it('forward next and previous mention to the tab they were pressed in', async () => {
    const env = setup({ answer: () => ({ entity: 'x', index: 0, count: 1 }) });
    stop = env.stop;
    env.commands.onCommand.trigger('next-mention', pageTab);
    env.commands.onCommand.trigger('previous-mention', pageTab);
    await vi.waitFor(() => expect(env.send).toHaveBeenCalledTimes(2));
    expect(env.send).toHaveBeenCalledWith(4, { type: 'page:step', direction: 1 });
    expect(env.send).toHaveBeenCalledWith(4, { type: 'page:step', direction: -1 });
  });

  it('find the active tab when the browser does not say which', async () => {
    const env = setup();
    stop = env.stop;
    // The fake browser has no focused window after a reset, so the query itself is stubbed.
    const query = vi.spyOn(fakeBrowser.tabs, 'query').mockResolvedValue([{ id: 12, index: 0 }] as never);
    env.commands.onCommand.trigger('next-mention', undefined);
    await vi.waitFor(() => expect(env.send).toHaveBeenCalledWith(12, { type: 'page:step', direction: 1 }));
    expect(query).toHaveBeenCalledWith({ active: true, lastFocusedWindow: true });
  });

  it('ignore commands they do not know', async () => {
    const env = setup();
    stop = env.stop;
    env.commands.onCommand.trigger('_execute_action', pageTab);
    await new Promise((r) => setTimeout(r, 10));
    expect(env.send).not.toHaveBeenCalled();
  });
});

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
    stop = setup().stop;
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
    stop = setup().stop;
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
    stop = setup().stop;
    await fakeBrowser.action.setBadgeText({ tabId: 4, text: 'old' });
    await report(7, contentScript(4));
    expect(await textOf(4)).toBe('old');
  });

  it('clears when the tab starts loading a new page', async () => {
    stop = setup().stop;
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
    stop = env.stop;
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
    stop = setup().stop;
    await vi.waitFor(async () =>
      expect(await fakeBrowser.action.getBadgeBackgroundColor({})).toEqual([0x44, 0x54, 0x6a, 255]),
    );
  });

  it('uses browserAction where there is no action (Firefox MV2)', async () => {
    stop = setup({ badge: 'browserAction' }).stop;
    await report(3, contentScript(4));
    expect(await textOf(4)).toBe('3');
  });
});

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
    stop = startBackground({
      knowledge: () => fixtureKnowledge,
      api,
      send: vi.fn() as unknown as Send,
      getSettings: async () => {
        reads.push('read');
        return getSettings();
      },
      watchSettings,
      migrateSettings,
    });
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
    stop = startBackground({
      knowledge: () => fixtureKnowledge,
      api,
      send: vi.fn() as unknown as Send,
      getSettings: async () => {
        seen = await getSettings();
        return seen;
      },
      watchSettings,
      migrateSettings: migrateStoredSettings,
    });
    await fakeBrowser.runtime.onMessage.trigger(
      { type: 'badge:set', count: 1 },
      { id: fakeBrowser.runtime.id, url: 'https://a.example/', tab: { id: 4 } as MessageSender['tab'] },
      () => {},
    );
    expect(seen).toMatchObject({ paused: true, disabledSites: ['bbc.co.uk'] });
  });
});

describe('card details for content scripts', () => {
  const fromPage: MessageSender = {
    id: fakeBrowser.runtime.id,
    url: 'https://www.bbc.co.uk/news/world',
    tab: { id: 4 } as MessageSender['tab'],
  };

  it('answers knowledge:entity with the entity and only the articles its claims cite', async () => {
    ({ stop } = setup());
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
    ({ stop } = setup());
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
