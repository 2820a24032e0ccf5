/**
 * The slices of the browser API the background uses, typed by shape rather than taken from the polyfill, so the
 * unit tests can hand in fakes for the parts WXT's fake browser does not cover (context menus, commands, i18n).
 */

import type { Knowledge } from '@/core/knowledge/types';
import type { Settings } from '@/core/settings';
import type { MessageSender, sendToTab } from '@/extension/messaging';
import type { watchSettings } from '@/extension/settings-store';

/** A browser event, reduced to what a listener needs, so a fake can be a plain object. */
export interface ApiEvent<F> {
  addListener(cb: F): void;
  removeListener(cb: F): void;
}

export interface TabLike {
  id?: number;
  index: number;
  windowId?: number;
}

export interface MenuClickInfo {
  menuItemId: string | number;
  selectionText?: string;
}

export interface BadgeApi {
  setBadgeText(details: { tabId?: number; text: string }): Promise<void> | void;
  setBadgeBackgroundColor(details: { color: string }): Promise<void> | void;
  setBadgeTextColor?(details: { color: string }): Promise<void> | void;
}

export interface MenusApi {
  removeAll(): Promise<void> | void;
  create(props: { id: string; title: string; contexts: ['selection'] }): unknown;
  onClicked: ApiEvent<(info: MenuClickInfo, tab?: TabLike) => void>;
}

export interface BackgroundApi {
  runtime: {
    id: string;
    getURL(path: string): string;
    onInstalled: ApiEvent<() => void>;
    onStartup: ApiEvent<() => void>;
    onMessage: ApiEvent<(message: unknown, sender: MessageSender) => Promise<unknown> | undefined>;
  };
  /** Absent in Firefox for Android, which has no context menus: the lookup item is then simply not there. */
  contextMenus?: MenusApi | undefined;
  /** Absent in Firefox for Android, which has no keyboard shortcuts for extensions. */
  commands?: { onCommand: ApiEvent<(command: string, tab?: TabLike) => void> } | undefined;
  tabs: {
    create(props: { url: string; index?: number; openerTabId?: number; windowId?: number }): Promise<unknown>;
    query(info: { active: boolean; lastFocusedWindow: boolean }): Promise<TabLike[]>;
    onUpdated: ApiEvent<(tabId: number, changeInfo: { status?: string }) => void>;
  };
  i18n: { getMessage(key: string, substitutions?: string | string[]): string };
  /** MV3's `action`; Firefox's MV2 build has only `browserAction`. */
  action?: BadgeApi;
  browserAction?: BadgeApi;
}

export type Send = typeof sendToTab;

export interface BackgroundDeps {
  /** The knowledge base, for the cards' details. */
  knowledge: () => Knowledge;
  /** The first look (./first-look.ts): whether a page's text may name anyone; null where there is none. */
  firstLook: (text: string) => boolean | null;
  api: BackgroundApi;
  send: Send;
  getSettings: () => Promise<Settings>;
  watchSettings: typeof watchSettings;
  /**
   * Brings stored settings up to the current version (migrateStoredSettings); started at once, and every
   * settings read waits for it. Never rejects.
   */
  migrateSettings?: (() => Promise<void>) | undefined;
  /** The clock the reading memory dates its records by (tests pass their own). */
  now?: (() => number) | undefined;
}

export function isRealTab(tab: TabLike | undefined): tab is TabLike & { id: number } {
  // TAB_ID_NONE (-1) marks clicks outside a tab (devtools, some extension views).
  return typeof tab?.id === 'number' && tab.id >= 0;
}
