/**
 * The reading memory's background side: records what a content script reports (`memory:record`) when the reader
 * has the memory on, the page's site is on and the tab is not private, and answers a card's `memory:entity` from
 * a copy of the store held here (read once, dropped whenever the store changes), so a card never waits for
 * storage to be read and parsed.
 */
import {
  applyRetention,
  CARD_EARLIER_PAGES,
  type EarlierPage,
  earlierPages,
  MAX_TITLE_LENGTH,
  type MemoryPage,
  pageAddress,
  type ReadMemory,
  type Retention,
  trimAtWord,
} from '@/core/memory';
import type { ToBackground } from '@/core/messages';
import { isHighlightingOn, type Settings } from '@/core/settings';
import { siteOf } from '@/core/site';
import { readMemory, recordPage, watchMemory } from '@/extension/memory-store';
import type { MessageSender } from '@/extension/messaging';

type RecordMessage = Extract<ToBackground, { type: 'memory:record' }>;

/** Today as yyyy-mm-dd, in the reader's time zone. */
function visitDay(now: number): string {
  const d = new Date(now);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/**
 * The page to remember, or null when nothing may be kept: memory off, a private tab, a page without an http(s)
 * address or site, or a site the reader switched off (or everything paused).
 */
export function pageToRemember(
  msg: RecordMessage,
  sender: MessageSender,
  settings: Settings,
  now: number,
): MemoryPage | null {
  if (!settings.memory || sender.tab?.incognito !== false) return null;
  const url = pageAddress(sender.url ?? sender.tab?.url ?? '');
  const site = url ? siteOf(url) : null;
  if (!url || !site || !isHighlightingOn(settings, site)) return null;
  return {
    url,
    title: trimAtWord(msg.title, MAX_TITLE_LENGTH),
    site,
    date: msg.published ?? visitDay(now),
    dated: msg.published ? 'published' : 'visited',
    seenAt: now,
    entities: msg.entities.map(({ id, count, sentence }) => ({ id, count, sentence })),
  };
}

export interface MemoryService {
  record(msg: RecordMessage, sender: MessageSender, settings: Settings): Promise<null>;
  earlier(id: string, currentUrl: string, retention: Retention): Promise<EarlierPage[]>;
  stop(): void;
}

export function memoryService(now: () => number = Date.now): MemoryService {
  let cache: Promise<ReadMemory> | null = null;
  // Every change (a page recorded here, a site forgotten in the options page) comes with the new value: the copy
  // follows it without reading storage again.
  const unwatch = watchMemory((read) => {
    cache = Promise.resolve(read);
  });
  return {
    async record(msg, sender, settings) {
      const page = pageToRemember(msg, sender, settings, now());
      if (page) {
        cache = recordPage(page, { days: settings.memoryDays, pages: settings.memoryPages }, now());
        await cache.catch((err) => {
          cache = null;
          console.warn('[reader-context] reading memory not written', err);
        });
      }
      return null;
    },
    async earlier(id, currentUrl, retention) {
      cache ??= readMemory();
      const { memory } = await cache;
      // Retention applies on write; pages past the age limit since the last write are not shown either.
      return earlierPages(applyRetention(memory, retention, now()), id, currentUrl, CARD_EARLIER_PAGES);
    },
    stop: unwatch,
  };
}
