/**
 * The background's tests share one way to start it: WXT's fake browser for runtime, tabs and action, and
 * triggerable fakes for the APIs it leaves unmocked (context menus, commands, i18n).
 */
import { afterEach, beforeEach, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { BackgroundApi, BadgeApi, Send, TabLike } from '@/background/api';
import { firstLookFrom } from '@/background/first-look';
import { startBackground } from '@/background/start';
import type { ToContent } from '@/core/messages';
import { getSettings, watchSettings } from '@/extension/settings-store';
import { lookJson } from '@/scripts/knowledge/names-script';
import { fixtureKnowledge } from '@/tests/fixtures/views/knowledge';

/** The first look the build would bundle for the fixture knowledge. */
export const fixtureFirstLook = firstLookFrom(lookJson(fixtureKnowledge));

/** A triggerable event for the APIs WXT's fake browser leaves unmocked (context menus, commands). */
export function fakeEvent<F extends (...args: never[]) => unknown>() {
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

export function setup(
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
  const stop = startBackground({
    knowledge: () => fixtureKnowledge,
    firstLook: fixtureFirstLook,
    api,
    send,
    getSettings,
    watchSettings,
  });
  return { api, send, stop, contextMenus, commands, i18n };
}

export const pageTab: TabLike = { id: 4, index: 2, windowId: 1 };

/**
 * Gives each test a fresh fake browser, and stops after it the backgrounds it started, so no listener leaks
 * into the next test. Returns the function a test hands its background's `stop` to.
 */
export function freshBrowserEachTest(): (stop: () => void) => void {
  const stops: (() => void)[] = [];
  beforeEach(() => {
    fakeBrowser.reset();
  });
  afterEach(() => {
    for (const stop of stops.splice(0)) stop();
  });
  return (stop) => void stops.push(stop);
}
