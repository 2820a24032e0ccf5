/**
 * Site identity: what "this site" means for the per-site switch, and which pages the extension cannot run on.
 *
 * A site is the registrable domain from the Public Suffix List (tldts), so www.dailymail.co.uk and
 * dailymail.co.uk are one site. Private suffixes are honoured (`allowPrivateDomains`): foo.github.io is its own
 * site, so switching off one person's GitHub Pages blog does not switch off all of github.io.
 *
 * Sites are stored in ASCII (punycode) form, the form `new URL()` gives, so "bücher.de" typed in the options page
 * and https://bücher.de/ visited in a tab compare equal.
 */
import { parse } from 'tldts';

const TLD_OPTIONS = { allowPrivateDomains: true } as const;

/**
 * The site of a bare hostname ("www.bbc.co.uk" → "bbc.co.uk"). IP addresses, single-label hosts (localhost,
 * intranet names) and hosts that are themselves a public suffix have no registrable domain: their site is the
 * hostname itself. IPv6 addresses keep the brackets `new URL()` gives them ("[::1]"). Null when not a hostname.
 */
export function siteOfHostname(hostname: string): string | null {
  const cached = memo.get(hostname);
  if (cached !== undefined) return cached;
  const site = computeSiteOfHostname(hostname);
  // Settings are re-parsed on every change in every tab; with thousands of switched-off sites the URL parser
  // and the suffix lookup, a few microseconds each, add up to a long task, so results are remembered. The bound
  // is the settings' site cap with room to spare, after which the memo simply starts over.
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(hostname, site);
  return site;
}

const MEMO_LIMIT = 10_000;
const memo = new Map<string, string | null>();

function computeSiteOfHostname(hostname: string): string | null {
  const host = normaliseHostname(hostname);
  if (!host) return null;
  const parsed = parse(host, TLD_OPTIONS);
  if (parsed.isIp) return host;
  if (parsed.hostname == null) return null;
  return parsed.domain ?? host;
}

function normaliseHostname(input: string): string | null {
  const trimmed = input.trim();
  if (!trimmed || trimmed.length > MAX_HOSTNAME_LENGTH) return null;
  // A path, query, credentials or port means the input was an address, not a hostname. Checked on the text
  // because the URL parser hides a default port (":80" parses to no port at all). IPv6 keeps its brackets.
  if (/[/?#@\\\s]/.test(trimmed) || trimmed.replace(/^\[[^\]]*\]$/, '').includes(':')) return null;
  let host: string;
  try {
    // Lets the URL parser do IDNA (punycode), lower-casing and IPv4/IPv6 canonicalisation, exactly as it does
    // for the pages the extension sees, rather than a second hand-written normaliser that could disagree.
    const url = new URL(`http://${trimmed}/`);
    // Anything beyond a bare host (a path, a port, credentials) means the input was not a hostname.
    if (url.port || url.username || url.password || url.pathname !== '/' || url.search || url.hash)
      return null;
    host = url.hostname;
  } catch {
    return null;
  }
  // "example.com." (the fully qualified form) is the same site as "example.com".
  if (host.endsWith('.')) host = host.slice(0, -1);
  return host || null;
}

/** DNS caps a name at 253 characters; anything longer is not a hostname. */
const MAX_HOSTNAME_LENGTH = 253;

/** The site of a page: its registrable domain; null for anything but http(s) (file:, about:, data:…) or junk. */
export function siteOf(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  return siteOfHostname(parsed.hostname);
}

export type UnsupportedReason = 'browser-page' | 'web-store' | 'pdf-viewer' | 'not-web';

// Browsers keep extensions out of their own pages. Listed by scheme, with the colon, as URL.protocol gives it.
const BROWSER_SCHEMES = new Set([
  'about:',
  'chrome:',
  'chrome-extension:',
  'chrome-search:',
  'chrome-untrusted:',
  'devtools:',
  'edge:',
  'brave:',
  'opera:',
  'vivaldi:',
  'moz-extension:',
  'resource:',
  'view-source:',
]);

// Chrome's built-in PDF viewer is itself an extension with this fixed id.
const CHROME_PDF_VIEWER = 'chrome-extension://mhjfbmdgcfjbbpaeojofohoefgiehjai/';

// Stores refuse content scripts from every extension (Chrome and Edge for their stores, Firefox for AMO).
const WEB_STORES: { host: string; pathPrefix: string }[] = [
  { host: 'chromewebstore.google.com', pathPrefix: '/' },
  { host: 'chrome.google.com', pathPrefix: '/webstore' },
  { host: 'addons.mozilla.org', pathPrefix: '/' },
  { host: 'microsoftedge.microsoft.com', pathPrefix: '/addons' },
];

/**
 * Why the extension cannot run on a tab's page, or null when it can.
 *
 * - `pdf-viewer`: a tab showing a PDF keeps the PDF's own address (https://…/report.pdf) in Chrome and in Firefox,
 *   but the document is the browser's viewer (Chrome's viewer extension, Firefox's pdf.js on resource://pdf.js),
 *   where content scripts do not run. Detected by the viewer's own URL or a path ending in ".pdf"; a PDF served
 *   from an address without ".pdf" is not recognised here (the popup then simply gets no answer from the tab).
 * - `file:` is allowed: a saved article is worth reading with context. Chrome injects into file pages only when
 *   the reader has ticked "Allow access to file URLs"; without that the popup gets no answer from the tab.
 *   file: pages have no site (siteOf → null), so only the global pause applies to them.
 * - An unknown URL (undefined: the tab's address was not shared with the extension) is `not-web`; a popup that
 *   gets an answer from the tab's content script should trust that answer over this guess.
 */
export function unsupportedReason(url: string | undefined): UnsupportedReason | null {
  if (!url) return 'not-web';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'not-web';
  }
  const { protocol } = parsed;
  if (url.startsWith(CHROME_PDF_VIEWER) || url.startsWith('resource://pdf.js/')) return 'pdf-viewer';
  if (BROWSER_SCHEMES.has(protocol)) return 'browser-page';
  if (protocol !== 'http:' && protocol !== 'https:' && protocol !== 'file:') return 'not-web';
  if (parsed.pathname.toLowerCase().endsWith('.pdf')) return 'pdf-viewer';
  if (protocol === 'file:') return null;
  const host = parsed.hostname.toLowerCase();
  for (const store of WEB_STORES) {
    if (host === store.host && isPathUnder(parsed.pathname, store.pathPrefix)) return 'web-store';
  }
  return null;
}

function isPathUnder(pathname: string, prefix: string): boolean {
  if (prefix === '/') return true;
  return pathname === prefix || pathname.startsWith(`${prefix}/`);
}

/**
 * The site a reader means when typing into the options page: a full address ("https://www.bbc.co.uk/news") or a
 * bare host ("www.bbc.co.uk", "bbc.co.uk"). Null when it is neither.
 */
export function siteFromInput(input: string): string | null {
  const trimmed = input.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) return siteOf(trimmed);
  return siteOfHostname(trimmed);
}
