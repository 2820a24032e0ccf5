/**
 * The date a page says it was published, read from the markup news sites use for it, most explicit first:
 * publication meta tags (Open Graph's article:published_time, schema.org's itemprop, Dublin Core and the older
 * name="date" family), JSON-LD's datePublished, then <time datetime> (one marked as the publication date, else
 * the first in the article). Pure reading of the document; no network, no page script.
 */

const META_SELECTORS = [
  'meta[property="article:published_time"]',
  'meta[name="article:published_time"]',
  'meta[itemprop="datePublished"]',
  'meta[name="datePublished"]',
  'meta[property="og:published_time"]',
  'meta[name="parsely-pub-date"]',
  'meta[name="sailthru.date"]',
  'meta[name="dc.date.issued"]',
  'meta[name="DC.date.issued"]',
  'meta[name="dcterms.issued"]',
  'meta[name="date"]',
  'meta[name="pubdate"]',
  'meta[name="publishdate"]',
];

/** JSON-LD blocks larger than this are skipped: a publication date sits in a small block. */
const MAX_JSON_LD_CHARS = 200_000;
/** How deep to look into a JSON-LD value (graphs nest a few levels). */
const MAX_JSON_DEPTH = 6;

/** "2020-09-14T10:00:00+03:00" → "2020-09-14": the day as the publisher wrote it, or undefined if not a date. */
export function isoDay(value: string | null | undefined): string | undefined {
  const m = /^\s*(\d{4})-(\d{2})-(\d{2})/.exec(value ?? '');
  if (!m) return undefined;
  const [, y, mo, d] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31 || Number(y) < 1900) return undefined;
  return `${y}-${mo}-${d}`;
}

function fromJsonLd(value: unknown, depth: number): string | undefined {
  if (depth > MAX_JSON_DEPTH || value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = fromJsonLd(item, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  const record = value as Record<string, unknown>;
  const own = typeof record.datePublished === 'string' ? isoDay(record.datePublished) : undefined;
  if (own) return own;
  for (const key of ['@graph', 'mainEntity', 'mainEntityOfPage']) {
    const found = fromJsonLd(record[key], depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** The page's publication day (yyyy-mm-dd), or undefined when the page does not state one. */
export function pagePublishedDate(doc: Document): string | undefined {
  for (const selector of META_SELECTORS) {
    const day = isoDay(doc.querySelector(selector)?.getAttribute('content'));
    if (day) return day;
  }
  for (const script of doc.querySelectorAll('script[type="application/ld+json"]')) {
    const text = script.textContent ?? '';
    if (text.length > MAX_JSON_LD_CHARS) continue;
    try {
      const day = fromJsonLd(JSON.parse(text), 0);
      if (day) return day;
    } catch {
      // A malformed block says nothing; the next one may.
    }
  }
  const time =
    doc.querySelector('time[itemprop="datePublished"][datetime], time[pubdate][datetime]') ??
    doc.querySelector('article time[datetime]') ??
    doc.querySelector('time[datetime]');
  return isoDay(time?.getAttribute('datetime'));
}
