/** The keyboard commands: step to the next or previous mention in the page the reader is on. */
import { type BackgroundDeps, isRealTab, type TabLike } from './api';

/** The manifest's command names (wxt.config.ts) and the direction each steps through the page's mentions. */
export const STEP_COMMANDS: Readonly<Record<string, 1 | -1>> = { 'next-mention': 1, 'previous-mention': -1 };

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
