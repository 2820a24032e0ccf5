/**
 * UI strings. `t(key, ...subs)` reads public/_locales through browser.i18n.getMessage; where that API is absent
 * or does not know the key (unit tests, a page opened outside the extension), it falls back to the bundled
 * English messages (core/i18n.ts).
 */
import { browser } from 'wxt/browser';
import { englishMessage, type MessageKey } from '@/core/i18n';

type GetMessage = (key: string, subs?: string[]) => string;

function fromBrowser(key: string, subs: string[]): string {
  try {
    const getMessage = (browser as unknown as { i18n?: { getMessage?: GetMessage } }).i18n?.getMessage;
    return getMessage ? getMessage(key, subs) : '';
  } catch {
    return '';
  }
}

export function t(key: MessageKey, ...subs: (string | number)[]): string {
  const strings = subs.map(String);
  return fromBrowser(key, strings) || englishMessage(key, strings);
}
