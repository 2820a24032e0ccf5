import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  handleLookupClick,
  LOOKUP_MENU_FALLBACK,
  LOOKUP_MENU_ID,
  lookupQuery,
  MAX_LOOKUP_CHARS,
} from '@/background/context-menu';
import { freshBrowserEachTest, pageTab, setup } from './fake-api';

const stopAfter = freshBrowserEachTest();

describe('context menu', () => {
  it('is created on install, after removing any old one, for selections', async () => {
    const env = setup();
    stopAfter(env.stop);
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
    stopAfter(env.stop);
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
    stopAfter(env.stop);
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
    stopAfter(env.stop);
    const create = vi.spyOn(fakeBrowser.tabs, 'create');
    env.contextMenus.onClicked.trigger({ menuItemId: LOOKUP_MENU_ID, selectionText: 'Lukashenko' }, pageTab);
    await vi.waitFor(() => expect(env.send).toHaveBeenCalled());
    expect(env.send).toHaveBeenCalledWith(4, { type: 'page:lookup', text: 'Lukashenko' });
    await new Promise((r) => setTimeout(r, 10));
    expect(create).not.toHaveBeenCalled();
  });

  it('opens the search beside the current tab when the page does not know the name', async () => {
    const env = setup({ answer: () => null });
    stopAfter(env.stop);
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
