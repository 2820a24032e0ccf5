/**
 * UI strings. `t(key, ...subs)` reads public/_locales through browser.i18n.getMessage; where that API is absent
 * or does not know the key (unit tests, a page opened outside the extension), it falls back to the bundled
 * English messages, resolving their named placeholders the way browsers do ($NAME$ → "$1" → first substitution).
 */
import { browser } from 'wxt/browser';
import en from '../public/_locales/en/messages.json';

interface MessageEntry {
  message: string;
  placeholders?: Record<string, { content: string }>;
}

export type MessageKey = keyof typeof en;

const english = en as Record<string, MessageEntry>;

type GetMessage = (key: string, subs?: string[]) => string;

function fromBrowser(key: string, subs: string[]): string {
  try {
    const getMessage = (browser as unknown as { i18n?: { getMessage?: GetMessage } }).i18n?.getMessage;
    return getMessage ? getMessage(key, subs) : '';
  } catch {
    return '';
  }
}

/** Resolves a message the way browsers do; exported for tests and for code that runs outside an extension. */
export function formatMessage(entry: MessageEntry, subs: string[]): string {
  const placeholders = entry.placeholders ?? {};
  const byName = new Map(Object.entries(placeholders).map(([name, p]) => [name.toLowerCase(), p.content]));
  return entry.message
    .replace(/\$([A-Za-z0-9_@]+)\$/g, (whole, name: string) => byName.get(name.toLowerCase()) ?? whole)
    .replace(/\$(\d|\$)/g, (_whole, n: string) => (n === '$' ? '$' : (subs[Number(n) - 1] ?? '')));
}

export function t(key: MessageKey, ...subs: (string | number)[]): string {
  const strings = subs.map(String);
  const message = fromBrowser(key, strings);
  if (message) return message;
  const entry = english[key];
  return entry ? formatMessage(entry, strings) : key;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2020-09-14" → "14 Sep 2020"; the input is the knowledge file's ISO date, read without time zones. */
export function formatDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?/.exec(iso);
  if (!m) return iso;
  const month = MONTHS[Number(m[2]) - 1];
  if (!month) return iso;
  return m[3] ? `${Number(m[3])} ${month} ${m[1]}` : `${month} ${m[1]}`;
}
