/**
 * The background: wiring only. A context-menu item for selected text, the keyboard commands, and the toolbar
 * badge. Everything it says to a page goes through core/messages.ts; everything it knows about the reader's
 * choices comes from core/settings.ts. At each start it migrates the stored settings (core/settings-io.ts) before
 * it reads them.
 *
 * `startBackground` takes the browser APIs as a parameter so the unit tests can hand it fakes for the parts
 * WXT's fake browser does not cover (context menus, commands, i18n).
 */
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import knowledgeJson from '#knowledge';
import { parseKnowledge } from '@/core/knowledge/schema';
import type { Knowledge } from '@/core/knowledge/types';
import { type EntityDetails, isToBackground } from '@/core/messages';
import type { Settings } from '@/core/settings';
import { isFromOwnContentScript, type MessageSender, sendToTab } from '@/extension/messaging';
import { migrateStoredSettings } from '@/extension/settings-io';
import { getSettings, watchSettings } from '@/extension/settings-store';

export const LOOKUP_MENU_ID = 'reader-context-lookup';
/** Used when the locale has no such message (getMessage returns ""); the browser puts the selection at %s. */
export const LOOKUP_MENU_FALLBACK = 'Look up “%s” in Reader Context';
/** The manifest's command names (wxt.config.ts) and the direction each steps through the page's mentions. */
export const STEP_COMMANDS: Readonly<Record<string, 1 | -1>> = { 'next-mention': 1, 'previous-mention': -1 };
/** Slate blue-grey: visible on light and dark toolbars without shouting; white text on it is 7.7:1. */
export const BADGE_COLOR = '#44546a';
export const BADGE_TEXT_COLOR = '#ffffff';
/** Chrome's documentation: "only about four characters fit" on a badge, so 1000 and more read "999+". */
const BADGE_MAX = 999;
/**
 * A lookup is for a name; the longest are a few dozen characters. Longer selections are cut here so that an
 * accidental paragraph does not become a giant URL or a useless search.
 */
export const MAX_LOOKUP_CHARS = 100;

// ---------------------------------------------------------------------------------------------------------
// The slices of the browser API the background uses, structurally typed so tests can supply fakes.

interface Event<F> {
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

export interface BackgroundApi {
  runtime: {
    id: string;
    getURL(path: string): string;
    onInstalled: Event<() => void>;
    onStartup: Event<() => void>;
    onMessage: Event<(message: unknown, sender: MessageSender) => Promise<unknown> | undefined>;
  };
  contextMenus: {
    removeAll(): Promise<void> | void;
    create(props: { id: string; title: string; contexts: ['selection'] }): unknown;
    onClicked: Event<(info: MenuClickInfo, tab?: TabLike) => void>;
  };
  commands: { onCommand: Event<(command: string, tab?: TabLike) => void> };
  tabs: {
    create(props: { url: string; index?: number; openerTabId?: number; windowId?: number }): Promise<unknown>;
    query(info: { active: boolean; lastFocusedWindow: boolean }): Promise<TabLike[]>;
    onUpdated: Event<(tabId: number, changeInfo: { status?: string }) => void>;
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
  api: BackgroundApi;
  send: Send;
  getSettings: () => Promise<Settings>;
  watchSettings: typeof watchSettings;
  /**
   * Brings stored settings up to the current version (migrateStoredSettings); started at once, and every
   * settings read waits for it. Never rejects.
   */
  migrateSettings?: (() => Promise<void>) | undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Context menu

export function lookupMenuTitle(i18n: BackgroundApi['i18n']): string {
  let title = '';
  try {
    // The message's $1 is filled with "%s", which the browser then replaces with the selection.
    title = i18n.getMessage('contextMenuLookup', '%s');
  } catch {
    // Treated like a missing message.
  }
  return title || LOOKUP_MENU_FALLBACK;
}

/** Idempotent: menus persist across service-worker restarts in Chrome, so old ones go before new ones come. */
export async function installMenus(api: BackgroundApi): Promise<void> {
  await api.contextMenus.removeAll();
  api.contextMenus.create({ id: LOOKUP_MENU_ID, title: lookupMenuTitle(api.i18n), contexts: ['selection'] });
}

/** The selection as a search query: whitespace collapsed (selections span line breaks), cut to a name's length. */
export function lookupQuery(selection: string | undefined): string {
  return (selection ?? '').replace(/\s+/g, ' ').trim().slice(0, MAX_LOOKUP_CHARS).trim();
}

export function searchPageUrl(runtime: Pick<BackgroundApi['runtime'], 'getURL'>, query: string): string {
  return `${runtime.getURL('/popup.html')}?q=${encodeURIComponent(query)}`;
}

function isRealTab(tab: TabLike | undefined): tab is TabLike & { id: number } {
  // TAB_ID_NONE (-1) marks clicks outside a tab (devtools, some extension views).
  return typeof tab?.id === 'number' && tab.id >= 0;
}

/**
 * The page's content script opens the card when the selection names an entity. When it does not, or no content
 * script answers (PDF, browser page), the search opens in a new tab beside the current one: the toolbar popup
 * cannot be opened with a query.
 */
export async function handleLookupClick(
  deps: Pick<BackgroundDeps, 'api' | 'send'>,
  info: MenuClickInfo,
  tab: TabLike | undefined,
): Promise<'card' | 'search' | 'ignored'> {
  if (info.menuItemId !== LOOKUP_MENU_ID) return 'ignored';
  const query = lookupQuery(info.selectionText);
  if (!query) return 'ignored';
  if (isRealTab(tab)) {
    const found = await deps.send(tab.id, { type: 'page:lookup', text: query });
    if (found) return 'card';
  }
  await deps.api.tabs.create({
    url: searchPageUrl(deps.api.runtime, query),
    ...(isRealTab(tab) ? { index: tab.index + 1, openerTabId: tab.id } : {}),
    ...(tab?.windowId !== undefined ? { windowId: tab.windowId } : {}),
  });
  return 'search';
}

// ---------------------------------------------------------------------------------------------------------
// Keyboard commands

export async function handleCommand(
  deps: Pick<BackgroundDeps, 'api' | 'send'>,
  command: string,
  tab: TabLike | undefined,
): Promise<void> {
  const direction = STEP_COMMANDS[command];
  if (direction === undefined) return;
  // Chrome passes the tab; older Firefox releases do not, so ask for the focused window's active tab.
  const target = isRealTab(tab)
    ? tab
    : (await deps.api.tabs.query({ active: true, lastFocusedWindow: true }))[0];
  if (!isRealTab(target)) return;
  await deps.send(target.id, { type: 'page:step', direction });
}

// ---------------------------------------------------------------------------------------------------------
// Badge

export function badgeApi(api: Pick<BackgroundApi, 'action' | 'browserAction'>): BadgeApi | undefined {
  return api.action ?? api.browserAction;
}

export function badgeText(count: number): string {
  if (!(count > 0)) return '';
  return count > BADGE_MAX ? `${BADGE_MAX}+` : String(Math.floor(count));
}

export async function setTabBadge(badge: BadgeApi | undefined, tabId: number, count: number): Promise<void> {
  try {
    await badge?.setBadgeText({ tabId, text: badgeText(count) });
  } catch {
    // The tab closed between the message and now: nothing to label.
  }
}

export async function styleBadge(badge: BadgeApi | undefined): Promise<void> {
  try {
    await badge?.setBadgeBackgroundColor({ color: BADGE_COLOR });
    await badge?.setBadgeTextColor?.({ color: BADGE_TEXT_COLOR });
  } catch {
    // Colour is cosmetic; a browser without it keeps its default.
  }
}

/** All tabs, or none when the query fails: clearing badges is best effort and must not break the caller. */
async function allTabs(api: BackgroundApi): Promise<TabLike[]> {
  try {
    return await (api.tabs.query as (info: object) => Promise<TabLike[]>)({});
  } catch {
    return [];
  }
}

/** The badge was switched off: every tab's count goes. */
export async function clearAllBadges(api: BackgroundApi): Promise<void> {
  const badge = badgeApi(api);
  const tabs = await allTabs(api);
  await Promise.all(tabs.filter(isRealTab).map((t) => setTabBadge(badge, t.id, 0)));
}

/** The badge was switched on: ask each tab's content script for its count (tabs without one stay blank). */
export async function refreshAllBadges(deps: Pick<BackgroundDeps, 'api' | 'send'>): Promise<void> {
  const badge = badgeApi(deps.api);
  const tabs = (await allTabs(deps.api)).filter(isRealTab);
  await Promise.all(
    tabs.map(async (t) => {
      const summary = await deps.send(t.id, { type: 'page:summary' });
      if (summary) await setTabBadge(badge, t.id, summary.state === 'active' ? summary.entities.length : 0);
    }),
  );
}

// ---------------------------------------------------------------------------------------------------------
// Wiring

/** Registers every listener (synchronously, as MV3 service workers require); returns a function removing them. */
export function startBackground(input: BackgroundDeps): () => void {
  // Listeners are registered synchronously below, so the migration cannot be awaited first; instead every read of
  // the settings waits for it.
  const migrated = input.migrateSettings?.() ?? Promise.resolve();
  const deps: BackgroundDeps = { ...input, getSettings: () => migrated.then(() => input.getSettings()) };
  const { api } = deps;
  const badge = badgeApi(api);
  const removers: (() => void)[] = [];
  const on = <F>(event: Event<F>, cb: F) => {
    event.addListener(cb);
    removers.push(() => event.removeListener(cb));
  };

  // Menus are made on install/update and again on each browser start: Firefox's MV2 background page does not
  // keep them across restarts. Queued so the two never interleave their removeAll and create.
  let menus: Promise<void> = Promise.resolve();
  const setUpMenus = () => {
    menus = menus.then(() => installMenus(api)).catch((err) => console.warn('[reader-context] menus', err));
  };
  on(api.runtime.onInstalled, setUpMenus);
  on(api.runtime.onStartup, setUpMenus);

  on(api.contextMenus.onClicked, (info: MenuClickInfo, tab?: TabLike) => {
    void handleLookupClick(deps, info, tab);
  });

  on(api.commands.onCommand, (command: string, tab?: TabLike) => {
    void handleCommand(deps, command, tab);
  });

  on(api.runtime.onMessage, (message: unknown, sender: MessageSender) => {
    if (!isToBackground(message) || !isFromOwnContentScript(sender, api.runtime)) return undefined;
    if (message.type === 'knowledge:entity')
      return Promise.resolve(entityDetails(deps.knowledge(), message.id));
    const tabId = sender.tab?.id;
    if (tabId === undefined) return undefined;
    // Answering with a promise settles the sender's sendMessage instead of leaving it to time out.
    return deps
      .getSettings()
      .then((s) => (s.badge ? setTabBadge(badge, tabId, message.count) : undefined))
      .then(() => null);
  });

  // A new page in the tab (or a reload) starts uncounted; its content script reports again once it has scanned.
  on(api.tabs.onUpdated, (tabId: number, changeInfo: { status?: string }) => {
    if (changeInfo.status === 'loading') void setTabBadge(badge, tabId, 0);
  });

  removers.push(
    deps.watchSettings((s, previous) => {
      if (!s.badge && previous.badge) void clearAllBadges(api);
      else if (s.badge && !previous.badge) void refreshAllBadges(deps);
    }),
  );

  void styleBadge(badge);
  return () => {
    for (const remove of removers) remove();
  };
}

/** The entity and the articles its claims cite (for the card), or null for an unknown id. */
export function entityDetails(knowledge: Knowledge, id: string): EntityDetails | null {
  const entity = knowledge.entities.find((e) => e.id === id);
  if (!entity) return null;
  const cited = new Set<string>();
  const cite = (list: { article: string }[]) => {
    for (const e of list) cited.add(e.article);
  };
  cite(entity.description.evidence);
  cite(entity.context);
  for (const group of [entity.facts, entity.quotes, entity.saidAbout, entity.relations])
    for (const item of group) cite(item.evidence);
  for (const d of entity.disputes) for (const p of d.positions) cite(p.evidence);
  for (const a of entity.appearances) cited.add(a.article);
  return { entity, articles: knowledge.articles.filter((a) => cited.has(a.id)) };
}

/** Parsed (schema-checked) once per background lifetime, on the first card that needs it. */
let knowledgeCache: Knowledge | null = null;
const bundledKnowledge = (): Knowledge => {
  knowledgeCache ??= parseKnowledge(knowledgeJson);
  return knowledgeCache;
};

export default defineBackground(() => {
  startBackground({
    knowledge: bundledKnowledge,
    api: browser,
    send: sendToTab,
    getSettings,
    watchSettings,
    migrateSettings: migrateStoredSettings,
  });
});
