/**
 * UI strings without the browser: the bundled English messages, resolved the way browsers resolve them (named
 * placeholders $NAME$ → "$1" → first substitution), and dates as the cards show them. `t`, which asks the
 * browser for the reader's language first, is extension/i18n.ts's.
 */
import en from '../public/_locales/en/messages.json';

interface MessageEntry {
  message: string;
  placeholders?: Record<string, { content: string }>;
}

export type MessageKey = keyof typeof en;

const english = en as Record<string, MessageEntry>;

/** Resolves a message the way browsers do; exported for tests and for code that runs outside an extension. */
export function formatMessage(entry: MessageEntry, subs: string[]): string {
  const placeholders = entry.placeholders ?? {};
  const byName = new Map(Object.entries(placeholders).map(([name, p]) => [name.toLowerCase(), p.content]));
  return entry.message
    .replace(/\$([A-Za-z0-9_@]+)\$/g, (whole, name: string) => byName.get(name.toLowerCase()) ?? whole)
    .replace(/\$(\d|\$)/g, (_whole, n: string) => (n === '$' ? '$' : (subs[Number(n) - 1] ?? '')));
}

/** The English message for `key` with its substitutions; the key itself for a key it does not know. */
export function englishMessage(key: MessageKey, subs: string[]): string {
  const entry = english[key];
  return entry ? formatMessage(entry, subs) : key;
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
