/**
 * Whether this context runs in a private (incognito) window. The reading memory keeps nothing from one: the
 * content script does not even send, and the background checks the sender's tab as well.
 */
import { browser } from 'wxt/browser';

export function inPrivateWindow(): boolean {
  try {
    return browser.extension?.inIncognitoContext === true;
  } catch {
    // No extension namespace here (a test page): not a private window as far as anyone can tell.
    return false;
  }
}
