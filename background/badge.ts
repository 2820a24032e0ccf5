/**
 * The toolbar badge: how many entities the tab's page names. Every badge call is best effort, because a tab may
 * close between its report and the call, and a browser may lack a part of the API.
 */
import { type BackgroundApi, type BackgroundDeps, type BadgeApi, isRealTab, type TabLike } from './api';

/** Slate blue-grey: visible on light and dark toolbars without shouting; white text on it meets WCAG AAA. */
export const BADGE_COLOR = '#44546a';
export const BADGE_TEXT_COLOR = '#ffffff';
/** Chrome's documentation: "only about four characters fit" on a badge, so 1000 and more read "999+". */
const BADGE_MAX = 999;

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
