/**
 * The background, composed: each browser event handed to the file that owns its job (context-menu.ts,
 * commands.ts, badge.ts, knowledge.ts). It takes the browser API as a parameter so the unit tests can run it
 * with fakes.
 */

import { isToBackground } from '@/core/messages';
import { isFromOwnContentScript, type MessageSender } from '@/extension/messaging';
import type { ApiEvent, BackgroundDeps, MenuClickInfo, TabLike } from './api';
import { badgeApi, clearAllBadges, refreshAllBadges, setTabBadge, styleBadge } from './badge';
import { handleCommand } from './commands';
import { handleLookupClick, installMenus } from './context-menu';
import { entityDetails } from './knowledge';
import { memoryService } from './memory';

/** Registers every listener (synchronously, as MV3 service workers require); returns a function removing them. */
export function startBackground(input: BackgroundDeps): () => void {
  // Listeners are registered synchronously below, so the migration cannot be awaited first; instead every read of
  // the settings waits for it.
  const migrated = input.migrateSettings?.() ?? Promise.resolve();
  const deps: BackgroundDeps = { ...input, getSettings: () => migrated.then(() => input.getSettings()) };
  const { api } = deps;
  const badge = badgeApi(api);
  const removers: (() => void)[] = [];
  const on = <F>(event: ApiEvent<F>, cb: F) => {
    event.addListener(cb);
    removers.push(() => event.removeListener(cb));
  };

  // Firefox for Android has neither context menus nor keyboard commands: there, those features are absent and
  // everything else runs.
  const { contextMenus, commands } = api;
  if (contextMenus) {
    // Menus are made on install/update and again on each browser start: Firefox's MV2 background page does not
    // keep them across restarts. Queued so the two never interleave their removeAll and create.
    let menus: Promise<void> = Promise.resolve();
    const setUpMenus = () => {
      menus = menus
        .then(() => installMenus(contextMenus, api.i18n))
        .catch((err) => console.warn('[reader-context] menus', err));
    };
    on(api.runtime.onInstalled, setUpMenus);
    on(api.runtime.onStartup, setUpMenus);

    on(contextMenus.onClicked, (info: MenuClickInfo, tab?: TabLike) => {
      void handleLookupClick(deps, info, tab);
    });
  }

  if (commands) {
    on(commands.onCommand, (command: string, tab?: TabLike) => {
      void handleCommand(deps, command, tab);
    });
  }

  const memory = memoryService(deps.now);
  removers.push(memory.stop);

  on(api.runtime.onMessage, (message: unknown, sender: MessageSender) => {
    if (!isToBackground(message) || !isFromOwnContentScript(sender, api.runtime)) return undefined;
    if (message.type === 'look:text') return Promise.resolve(deps.firstLook(message.text));
    if (message.type === 'knowledge:entity')
      return Promise.resolve(entityDetails(deps.knowledge(), message.id));
    if (message.type === 'memory:record')
      return deps.getSettings().then((s) => memory.record(message, sender, s));
    if (message.type === 'memory:entity')
      return deps
        .getSettings()
        .then((s) =>
          s.memory
            ? memory.earlier(message.id, message.currentUrl, { days: s.memoryDays, pages: s.memoryPages })
            : [],
        );
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
