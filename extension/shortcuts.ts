/**
 * The keyboard shortcuts of the extension's commands, as the browser has them now (the reader may have changed
 * them), and the browser's own page for changing them. Firefox for Android has no commands: nothing to show there.
 */
import { browser } from 'wxt/browser';

export interface Shortcut {
  name: string;
  description: string;
  /** The keys, as the browser writes them; "" when the browser assigned none. */
  shortcut: string;
}

/** The commands and their shortcuts, or null where the browser has no keyboard commands. */
export async function readShortcuts(): Promise<Shortcut[] | null> {
  const commands = browser.commands as typeof browser.commands | undefined;
  if (!commands?.getAll) return null;
  const all = await commands.getAll();
  return all
    .filter((c) => c.name && c.name !== '_execute_action' && c.name !== '_execute_browser_action')
    .map((c) => ({ name: c.name ?? '', description: c.description ?? '', shortcut: c.shortcut ?? '' }));
}

/**
 * Opens the browser's page for changing extension shortcuts: Firefox has an API for it; Chromium's page is
 * chrome://extensions/shortcuts, which an extension page may open in a tab.
 */
export async function openShortcutSettings(): Promise<void> {
  const commands = browser.commands as { openShortcutSettings?: () => Promise<void> } | undefined;
  if (commands?.openShortcutSettings) {
    await commands.openShortcutSettings();
    return;
  }
  await browser.tabs.create({ url: 'chrome://extensions/shortcuts' });
}
