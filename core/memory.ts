/**
 * The reading memory: the pages where the reader met the entities, kept only on their device (extension storage,
 * owned by the background: extension/memory-store.ts). Pure: the record format, its lenient parse and versions,
 * retention, the queries a card and the popup make, and the text helpers the content script uses to build a
 * record (the first sentence that names an entity, a page's address without its fragment or tracking parameters).
 *
 * Versions (the stored object's `v`):
 * - v1 (current): `{ v: 1, pages: MemoryPage[] }`, newest first.
 * A store with no valid `v` is corrupt: it reads as empty, says so (`status: 'corrupt'`) and is replaced on the next
 * write. A store from a newer version is read for what this version understands and never written over
 * (`status: 'newer'`): recording pauses rather than losing what the newer version kept.
 */

export const MEMORY_VERSION = 1;

/** Retention, the settings' defaults and bounds (core/settings.ts holds the reader's values). */
export const DEFAULT_MEMORY_DAYS = 90;
export const DEFAULT_MEMORY_PAGES = 1000;
export const MIN_MEMORY_DAYS = 1;
export const MAX_MEMORY_DAYS = 365;
export const MIN_MEMORY_PAGES = 10;
/**
 * storage.local holds 10 MB in Chromium without `unlimitedStorage`. A page record is bounded below (address 500,
 * title 200, 25 entities of a 200-character sentence each): about 6 kB at worst, about 1.5 kB for a usual article
 * naming five entities, so 1,000 pages fit at worst and 2,000 usual ones do.
 */
export const MAX_MEMORY_PAGES = 2000;

export const MAX_TITLE_LENGTH = 200;
export const MAX_SENTENCE_LENGTH = 200;
export const MAX_ADDRESS_LENGTH = 500;
export const MAX_ENTITIES_PER_PAGE = 25;
const MAX_ID_LENGTH = 200;
const MAX_SITE_LENGTH = 253;

/** One entity on a remembered page. */
export interface MemoryMention {
  id: string;
  /** How often the page named it. */
  count: number;
  /** The first sentence that names it, verbatim (trimmed at a word boundary with "…" when long). */
  sentence: string;
}

export interface MemoryPage {
  /** The page's address, without fragment or tracking parameters (pageAddress). */
  url: string;
  title: string;
  /** Its registrable domain (core/site.ts), or its hostname where it has none. */
  site: string;
  /** yyyy-mm-dd: the day the page says it was published, else the day of the visit (`dated`). */
  date: string;
  dated: 'published' | 'visited';
  /** When it was recorded (ms since the epoch): retention and "most recent" go by this. */
  seenAt: number;
  entities: MemoryMention[];
}

export interface Memory {
  pages: MemoryPage[];
}

export type MemoryStatus = 'ok' | 'corrupt' | 'newer';

export interface ReadMemory {
  memory: Memory;
  status: MemoryStatus;
}

export const emptyMemory = (): Memory => ({ pages: [] });

// ---------------------------------------------------------------------------------------------------------
// Parse

const isRecord = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

const own = (o: Record<string, unknown>, key: string): unknown =>
  Object.hasOwn(o, key) ? o[key] : undefined;

function str(raw: unknown, max: number): string | null {
  return typeof raw === 'string' && raw.length > 0 && raw.length <= max ? raw : null;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function parseMention(raw: unknown): MemoryMention | null {
  if (!isRecord(raw)) return null;
  const id = str(own(raw, 'id'), MAX_ID_LENGTH);
  const count = own(raw, 'count');
  const sentence = str(own(raw, 'sentence'), MAX_SENTENCE_LENGTH + 1);
  if (!id || sentence === null || typeof count !== 'number' || !Number.isInteger(count) || count < 1)
    return null;
  return { id, count, sentence };
}

/** One stored page, or null when a field is missing or malformed (that page alone is dropped). */
export function parseMemoryPage(raw: unknown): MemoryPage | null {
  if (!isRecord(raw)) return null;
  const url = str(own(raw, 'url'), MAX_ADDRESS_LENGTH);
  const title = str(own(raw, 'title'), MAX_TITLE_LENGTH + 1);
  const site = str(own(raw, 'site'), MAX_SITE_LENGTH);
  const date = own(raw, 'date');
  const dated = own(raw, 'dated');
  const seenAt = own(raw, 'seenAt');
  const entities = own(raw, 'entities');
  if (!url || !/^https?:\/\//.test(url) || !title || !site) return null;
  if (typeof date !== 'string' || !DAY.test(date) || (dated !== 'published' && dated !== 'visited'))
    return null;
  if (typeof seenAt !== 'number' || !Number.isFinite(seenAt) || !Array.isArray(entities)) return null;
  const mentions = entities.map(parseMention).filter((m): m is MemoryMention => m !== null);
  if (mentions.length === 0) return null;
  return { url, title, site, date, dated, seenAt, entities: mentions.slice(0, MAX_ENTITIES_PER_PAGE) };
}

/** Migrations, keyed by the version each produces (none yet: v1 is the first). */
export const MEMORY_MIGRATIONS: Record<number, (old: unknown) => unknown> = {};

/**
 * The memory from whatever storage holds. Never throws: nothing stored is an empty memory; a value that is not a
 * versioned store is corrupt (empty, and said so); bad pages are dropped one by one; pages are ordered newest first.
 */
export function parseMemory(raw: unknown): ReadMemory {
  if (raw === undefined || raw === null) return { memory: emptyMemory(), status: 'ok' };
  const v = isRecord(raw) ? own(raw, 'v') : undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1)
    return { memory: emptyMemory(), status: 'corrupt' };
  let value: unknown = raw;
  for (let next = v + 1; next <= MEMORY_VERSION; next++) {
    const migrate = MEMORY_MIGRATIONS[next];
    if (migrate) value = migrate(value);
  }
  const pages = isRecord(value) ? own(value, 'pages') : undefined;
  if (!Array.isArray(pages)) return { memory: emptyMemory(), status: 'corrupt' };
  const parsed = pages.map(parseMemoryPage).filter((p): p is MemoryPage => p !== null);
  parsed.sort((a, b) => b.seenAt - a.seenAt);
  return { memory: { pages: parsed }, status: v > MEMORY_VERSION ? 'newer' : 'ok' };
}

/** What storage is given. */
export function serialiseMemory(memory: Memory): { v: number; pages: MemoryPage[] } {
  return { v: MEMORY_VERSION, pages: memory.pages };
}

// ---------------------------------------------------------------------------------------------------------
// Writes

export interface Retention {
  days: number;
  pages: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Drops pages older than `days` and keeps the newest `pages`. */
export function applyRetention(memory: Memory, retention: Retention, now: number): Memory {
  const oldest = now - retention.days * DAY_MS;
  return { pages: memory.pages.filter((p) => p.seenAt >= oldest).slice(0, Math.max(0, retention.pages)) };
}

/** Adds a page (replacing an earlier record of the same address), newest first, then applies retention. */
export function rememberPage(memory: Memory, page: MemoryPage, retention: Retention, now: number): Memory {
  const rest = memory.pages.filter((p) => p.url !== page.url);
  return applyRetention({ pages: [page, ...rest] }, retention, now);
}

export function forgetSite(memory: Memory, site: string): Memory {
  return { pages: memory.pages.filter((p) => p.site !== site) };
}

// ---------------------------------------------------------------------------------------------------------
// Queries

/** One earlier page, as a card or the popup shows it. */
export interface EarlierPage {
  url: string;
  title: string;
  site: string;
  date: string;
  dated: MemoryPage['dated'];
  sentence: string;
  count: number;
}

export const CARD_EARLIER_PAGES = 3;

/** The most recent pages naming `id`, other than `currentUrl` (any form: it is normalised here), newest first. */
export function earlierPages(memory: Memory, id: string, currentUrl: string, limit: number): EarlierPage[] {
  const current = pageAddress(currentUrl);
  const out: EarlierPage[] = [];
  for (const page of memory.pages) {
    if (out.length >= limit) break;
    if (page.url === current) continue;
    const mention = page.entities.find((m) => m.id === id);
    if (!mention) continue;
    const { url, title, site, date, dated } = page;
    out.push({ url, title, site, date, dated, sentence: mention.sentence, count: mention.count });
  }
  return out;
}

/** For each id, how many pages other than `currentUrl` name it. */
export function earlierCounts(
  memory: Memory,
  ids: readonly string[],
  currentUrl: string,
): Record<string, number> {
  const current = pageAddress(currentUrl);
  const wanted = new Set(ids);
  const out: Record<string, number> = Object.fromEntries(ids.map((id) => [id, 0]));
  for (const page of memory.pages) {
    if (page.url === current) continue;
    for (const m of page.entities) if (wanted.has(m.id)) out[m.id] = (out[m.id] ?? 0) + 1;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Building a record

/** Query parameters that identify a campaign or a click, not the page. */
const TRACKING_PARAM =
  /^(utm_[a-z_]+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|igshid|yclid|_ga|ocid|cmpid|ref_src)$/i;

/**
 * A page's address as the memory keeps it: no fragment, no tracking parameters, and no query at all when it is
 * too long to keep (null when even that is too long, or not http(s)).
 */
export function pageAddress(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  url.hash = '';
  for (const key of [...url.searchParams.keys()]) if (TRACKING_PARAM.test(key)) url.searchParams.delete(key);
  let out = url.href;
  if (out.length > MAX_ADDRESS_LENGTH) {
    url.search = '';
    out = url.href;
  }
  return out.length <= MAX_ADDRESS_LENGTH ? out : null;
}

/** Cuts `text` to at most `max` characters at a word boundary, with "…" when it was cut. */
export function trimAtWord(text: string, max: number): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.–—-]+$/, '')}…`;
}

// A sentence ends at . ! ? (or their CJK forms) followed by a space or the end, optionally after a closing quote
// or bracket.
const SENTENCE_END = /[.!?。！？]["'”’»)\]]*(?=\s|$)/g;

/**
 * The sentence of `text` that holds [start, end), verbatim with whitespace collapsed, trimmed to `max` characters
 * around the mention: when the sentence is long, the part before the mention gives way first, with "…" marking
 * each cut.
 */
export function sentenceAround(text: string, start: number, end: number, max = MAX_SENTENCE_LENGTH): string {
  let from = 0;
  let to = text.length;
  SENTENCE_END.lastIndex = 0;
  for (let m = SENTENCE_END.exec(text); m; m = SENTENCE_END.exec(text)) {
    const after = m.index + m[0].length;
    if (after <= start) from = after;
    else if (m.index >= end - 1 || after > end) {
      to = after;
      break;
    }
  }
  const sentence = text.slice(from, to);
  const clean = sentence.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  // Long: keep from a little before the mention, so the name is always in what is kept.
  const lead = text.slice(from, start).replace(/\s+/g, ' ').trimStart();
  if (lead.length <= max / 3) return trimAtWord(clean, max);
  const keepLead = lead.slice(lead.length - Math.floor(max / 3));
  const space = keepLead.indexOf(' ');
  const head = space >= 0 ? keepLead.slice(space + 1) : keepLead;
  const tail = text.slice(start, to).replace(/\s+/g, ' ').trimEnd();
  return `…${trimAtWord(head + tail, max - 1)}`;
}
