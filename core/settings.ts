/**
 * The reader's settings: their type, defaults and rules, and the parse that turns any stored value into valid
 * Settings. Pure: the storage item that holds them, read by the content script, the popup, the options page and
 * the background, is extension/settings-store.ts's.
 *
 * This module is what every context needs, the content script included, and it must stay free of the Public
 * Suffix List (tldts, ~70 kB minified): the content script is injected into every page the reader opens.
 * Whatever needs the list lives in core/settings-io.ts (the strict parse of imported files, export and import, the
 * v1 → v2 migration) and extension/settings-io.ts (the per-site switch, `setSiteEnabled`, which turns a hostname
 * into its site, and the stored migration). tests/unit/import-graph checks that the content script cannot reach
 * tldts.
 *
 * Stored values are never trusted. `parseSettings` rebuilds a valid Settings from anything, field by field, so a
 * corrupt dwell time costs the reader their dwell time and nothing else. Imported files are held to a stricter
 * standard (settings-io's `importSettings`): a reader who picks a file deserves to hear exactly what is wrong
 * with it, and a bad file changes nothing.
 *
 * Versions (kept in the storage item's meta, the `settings$` key, as `{ v }`):
 * - v1 (documented here so the migration has a target): `{ enabled: boolean, blockedHosts: string[] }` under
 *   the same key, with exact hostnames ("news.bbc.co.uk"). An item with no version meta is v1.
 * - v2 (current): `Settings` below. Per-site switching is by registrable domain, and "enabled" became "paused".
 *
 * Migrations run only when extension/settings-io.ts's `migrateStoredSettings` is called (the background at start,
 * the popup and the options page before their first read), never implicitly: the storage item has no
 * `migrations`, so loading the store in a content script neither runs nor pulls in the migration.
 */
import { ENTITY_TYPES, type EntityType } from './knowledge/entity-types';
import {
  DEFAULT_MEMORY_DAYS,
  DEFAULT_MEMORY_PAGES,
  MAX_MEMORY_DAYS,
  MAX_MEMORY_PAGES,
  MIN_MEMORY_DAYS,
  MIN_MEMORY_PAGES,
} from './memory';
import { DEFAULT_DWELL_MS, PREPARE_MS } from './timing';

export type HighlightStyle = 'underline' | 'background' | 'none';
export type ModifierKey = 'none' | 'Alt' | 'Shift' | 'Control' | 'Meta';

export interface Settings {
  /** Global pause: no highlights anywhere. */
  paused: boolean;
  /** Sites (registrable domains, see core/site.ts) switched off; sorted, unique. */
  disabledSites: string[];
  /** Entity ids the reader marked "I know this one": no longer highlighted. Sorted, unique. */
  knownEntities: string[];
  /** Which entity types are highlighted. */
  types: Record<EntityType, boolean>;
  style: HighlightStyle;
  /** Delay before a card opens, in ms, MIN_DWELL_MS..MAX_DWELL_MS. */
  dwellMs: number;
  /** Cards open only while this key is held; 'none' for plain hover. */
  modifierKey: ModifierKey;
  /** Highlight only the first mention of each entity on a page. */
  firstMentionOnly: boolean;
  /** Show the number of entities on the page on the toolbar icon. */
  badge: boolean;
  /** Remember the pages where the reader meets the entities (core/memory.ts), on this device only. Off by default. */
  memory: boolean;
  /** Forget remembered pages after this many days, MIN_MEMORY_DAYS..MAX_MEMORY_DAYS. */
  memoryDays: number;
  /** Keep at most this many remembered pages, MIN_MEMORY_PAGES..MAX_MEMORY_PAGES. */
  memoryPages: number;
}

/** The v1 shape, for the migration and for importing v1 files. */
export interface SettingsV1 {
  enabled: boolean;
  blockedHosts: string[];
}

export const SETTINGS_VERSION = 2;
export const APP_ID = 'reader-context';

export const HIGHLIGHT_STYLES: readonly HighlightStyle[] = ['underline', 'background', 'none'];
export const MODIFIER_KEYS: readonly ModifierKey[] = ['none', 'Alt', 'Shift', 'Control', 'Meta'];

/** A card sooner than the "prepare" delay would open for pointers merely passing over a name. */
export const MIN_DWELL_MS = PREPARE_MS;
/** Past two seconds a reader resting on a name has given up waiting; Page Previews never goes beyond ~1 s. */
export const MAX_DWELL_MS = 2000;
/**
 * Caps on what a change or an imported file may make a list grow to. They keep the item well inside
 * storage.local's smallest quota (5 MB in Chrome before 114): 5,000 sites of at most 253 characters (DNS's
 * limit) is ≤ 1.3 MB, and 10,000 entity ids of at most 200 characters ≤ 2 MB.
 *
 * Reading does not cap: a stored list longer than its cap (a newer version with a higher one, a hand edit) is
 * honoured entry by entry, because a cap on reading ignores the entries past it without a word (a site near
 * the end stays on), and the next write would then drop them for good. Storage's quota bounds what can be
 * stored, and only the extension or the reader can write there.
 */
export const MAX_DISABLED_SITES = 5000;
export const MAX_KNOWN_ENTITIES = 10000;
export const MAX_ENTITY_ID_LENGTH = 200;

/** The lists with a cap, and their caps. */
export const LIST_CAPS = { disabledSites: MAX_DISABLED_SITES, knownEntities: MAX_KNOWN_ENTITIES } as const;

/** A change that would grow a list past its cap: refused, and nothing is stored. */
export class ListFullError extends Error {
  constructor(
    readonly field: keyof typeof LIST_CAPS,
    readonly cap: number,
  ) {
    super(`"${field}" is full: at most ${cap} entries`);
    this.name = 'ListFullError';
  }
}

/**
 * Throws ListFullError if `next` has a list longer than its cap and longer than in `current`. A list already
 * over its cap (see above) may still shrink, or change without growing.
 */
export function checkListCaps(current: Settings, next: Settings): void {
  for (const field of Object.keys(LIST_CAPS) as (keyof typeof LIST_CAPS)[]) {
    const cap = LIST_CAPS[field];
    if (next[field].length > cap && next[field].length > current[field].length)
      throw new ListFullError(field, cap);
  }
}

function freezeSettings(s: Settings): Settings {
  Object.freeze(s.disabledSites);
  Object.freeze(s.knownEntities);
  Object.freeze(s.types);
  return Object.freeze(s);
}

/** Frozen: it is shared (storage fallback, parse defaults); mutate a copy. */
export const DEFAULT_SETTINGS: Settings = freezeSettings({
  paused: false,
  disabledSites: [],
  knownEntities: [],
  types: { person: true, place: true, organisation: true, event: true },
  // A tint, not the underline: in Chromium a text-decoration in a ::highlight() rule gives highlighted text ink
  // overflow, and every later DOM change of the page then re-walks the page in pre-paint, whatever the number of
  // ranges; a tint does not.
  style: 'background',
  dwellMs: DEFAULT_DWELL_MS,
  modifierKey: 'none',
  firstMentionOnly: false,
  badge: true,
  memory: false,
  memoryDays: DEFAULT_MEMORY_DAYS,
  memoryPages: DEFAULT_MEMORY_PAGES,
});

/** @internal A fresh, mutable copy of the defaults (shared with core/settings-io.ts). */
export function copyDefaults(): Settings {
  return {
    ...DEFAULT_SETTINGS,
    disabledSites: [],
    knownEntities: [],
    types: { ...DEFAULT_SETTINGS.types },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Field rules, shared by the lenient parse (stored values, here) and the strict import (core/settings-io.ts).
// Each returns the value or a short description of what is wrong, which the strict path turns into the
// reader-facing error. Exports marked @internal exist for core/settings-io.ts only.

/** @internal */
export type Result<T> = { ok: true; value: T } | { ok: false; error: string };
/** @internal */
export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
/** @internal */
export const fail = <T>(error: string): Result<T> => ({ ok: false, error });

/** @internal */
export type Mode = 'lenient' | 'strict';

/** @internal */
export function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/**
 * @internal Own properties only: a polluted Object.prototype (or a "__proto__" key in JSON) must not supply
 * settings.
 */
export function own(obj: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

/** @internal A value as the reader-facing errors quote it. */
export function describe(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'a list';
  if (typeof x === 'string') return JSON.stringify(x.length > 40 ? `${x.slice(0, 40)}…` : x);
  if (typeof x === 'number') return String(x);
  return typeof x === 'object' ? 'an object' : typeof x;
}

function booleanRule(raw: unknown): Result<boolean> {
  return typeof raw === 'boolean' ? ok(raw) : fail(`must be true or false, not ${describe(raw)}`);
}

function oneOfRule<T extends string>(options: readonly T[]) {
  return (raw: unknown): Result<T> =>
    typeof raw === 'string' && (options as readonly string[]).includes(raw)
      ? ok(raw as T)
      : fail(`must be one of ${options.map((o) => `"${o}"`).join(', ')}, not ${describe(raw)}`);
}

function dwellRule(raw: unknown, mode: Mode): Result<number> {
  if (typeof raw !== 'number' || !Number.isFinite(raw)) return fail(`must be a number, not ${describe(raw)}`);
  if (mode === 'strict' && (!Number.isInteger(raw) || raw < MIN_DWELL_MS || raw > MAX_DWELL_MS)) {
    return fail(`must be a whole number of milliseconds from ${MIN_DWELL_MS} to ${MAX_DWELL_MS}, not ${raw}`);
  }
  // Stored values out of range (an older build, a hand edit) are pulled into range rather than dropped.
  return ok(Math.min(MAX_DWELL_MS, Math.max(MIN_DWELL_MS, Math.round(raw))));
}

/** A whole number within [min, max]; stored values out of range are pulled into it, as dwellRule does. */
function wholeNumberRule(min: number, max: number, unit: string) {
  return (raw: unknown, mode: Mode): Result<number> => {
    if (typeof raw !== 'number' || !Number.isFinite(raw))
      return fail(`must be a number, not ${describe(raw)}`);
    if (mode === 'strict' && (!Number.isInteger(raw) || raw < min || raw > max))
      return fail(`must be a whole number of ${unit} from ${min} to ${max}, not ${raw}`);
    return ok(Math.min(max, Math.max(min, Math.round(raw))));
  };
}

/**
 * @internal A list of strings, each normalised by `item` (null = not acceptable). Lenient mode drops bad entries
 * and keeps every good one, however many (see MAX_DISABLED_SITES for why reading does not cap); strict mode names
 * the first bad entry and refuses lists over the cap. Always sorted, unique.
 */
export function listRule(
  raw: unknown,
  mode: Mode,
  cap: number,
  what: string,
  item: (s: string) => string | null,
): Result<string[]> {
  if (!Array.isArray(raw)) return fail(`must be a list, not ${describe(raw)}`);
  if (mode === 'strict' && raw.length > cap)
    return fail(`has ${raw.length} entries; at most ${cap} are allowed`);
  const out = new Set<string>();
  for (let i = 0; i < raw.length; i++) {
    const entry: unknown = raw[i];
    const value = typeof entry === 'string' ? item(entry) : null;
    if (value !== null) out.add(value);
    else if (mode === 'strict') return fail(`entry ${i + 1} (${describe(entry)}) is not ${what}`);
  }
  return ok([...out].sort());
}

function entityIdItem(s: string): string | null {
  const id = s.trim();
  // Control characters never occur in ids the knowledge compiler writes; they mark a corrupt value.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
  if (!id || id.length > MAX_ENTITY_ID_LENGTH || /[\u0000-\u001f\u007f]/.test(id)) return null;
  return id;
}

function typesRule(raw: unknown, mode: Mode): Result<Record<EntityType, boolean>> {
  if (!isRecord(raw)) return fail(`must be an object of true/false per entity type, not ${describe(raw)}`);
  const out = { ...DEFAULT_SETTINGS.types };
  for (const key of Object.keys(raw)) {
    if (mode === 'strict' && !(ENTITY_TYPES as readonly string[]).includes(key)) {
      return fail(`has an unknown entity type ${describe(key)} (known: ${ENTITY_TYPES.join(', ')})`);
    }
  }
  for (const type of ENTITY_TYPES) {
    const value = own(raw, type);
    if (value === undefined) continue;
    if (typeof value === 'boolean') out[type] = value;
    else if (mode === 'strict') return fail(`.${type} must be true or false, not ${describe(value)}`);
  }
  return ok(out);
}

/** DNS caps a name at 253 characters and a label at 63. */
const MAX_SITE_LENGTH = 253;
const HOSTNAME_LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;
const IPV4 = /^(?:0|[1-9][0-9]{0,2})(?:\.(?:0|[1-9][0-9]{0,2})){3}$/;
const NUMERIC_LABEL = /^(?:[0-9]+|0x[0-9a-f]*)$/;
const IPV6 = /^\[[0-9a-f:]{2,39}\]$/;

function isIPv4(host: string): boolean {
  return IPV4.test(host) && host.split('.').every((part) => Number(part) <= 255);
}

function isIp(host: string): boolean {
  return isIPv4(host) || IPV6.test(host);
}

/**
 * A stored site name, checked by syntax alone: lower-case ASCII hostname labels ("bbc.co.uk",
 * "xn--bcher-kva.de"), a canonical IPv4 address, or a bracketed IPv6 address ("[::1]"); null for anything else.
 *
 * Syntax is enough here because every path that writes a site normalises it first with the Public Suffix List
 * (settings-io's setSiteEnabled, importSettings and the v1 → v2 migration; the options page's siteFromInput), so
 * a stored entry is already a registrable domain in the form `new URL()` gives. This rule only has to keep junk
 * (a hand edit, a corrupt value) out, and it must not need the list, which would put tldts into the content
 * script. It does not re-normalise: an entry such as "www.bbc.co.uk" that only a hand edit could store is kept
 * as it is (and still switches that host off; see isHostSwitchedOff). Accepts every name siteOfHostname returns.
 */
export function storedSiteItem(raw: string): string | null {
  if (!raw || raw.length > MAX_SITE_LENGTH) return null;
  if (isIp(raw)) return raw;
  const labels = raw.split('.');
  // A name ending in a number is an IPv4 address to the URL parser ("3.4" is 3.0.0.4), never a domain.
  if (NUMERIC_LABEL.test(labels[labels.length - 1] ?? '')) return null;
  return labels.every((label) => HOSTNAME_LABEL.test(label)) ? raw : null;
}

/** @internal */
export type Rules = { [K in keyof Settings]: (raw: unknown, mode: Mode) => Result<Settings[K]> };

/**
 * @internal The field rules, with `siteItem` turning one site entry into its stored form (null = not a site).
 * Stored values use the syntactic `storedSiteItem`; core/settings-io.ts passes the Public Suffix List's
 * siteOfHostname for imported files and the migration.
 */
export function makeRules(siteItem: (s: string) => string | null): Rules {
  return {
    paused: booleanRule,
    disabledSites: (raw, mode) => listRule(raw, mode, MAX_DISABLED_SITES, 'a site name', siteItem),
    knownEntities: (raw, mode) => listRule(raw, mode, MAX_KNOWN_ENTITIES, 'an entity id', entityIdItem),
    types: typesRule,
    style: oneOfRule(HIGHLIGHT_STYLES),
    dwellMs: dwellRule,
    modifierKey: oneOfRule(MODIFIER_KEYS),
    firstMentionOnly: booleanRule,
    badge: booleanRule,
    memory: booleanRule,
    memoryDays: wholeNumberRule(MIN_MEMORY_DAYS, MAX_MEMORY_DAYS, 'days'),
    memoryPages: wholeNumberRule(MIN_MEMORY_PAGES, MAX_MEMORY_PAGES, 'pages'),
  };
}

const STORED_RULES = makeRules(storedSiteItem);

/** @internal Every setting's key, in the order the rules list them. */
export const SETTING_KEYS = Object.keys(STORED_RULES) as (keyof Settings)[];

/** @internal */
export function setField<K extends keyof Settings>(target: Settings, key: K, value: Settings[K]): void {
  target[key] = value;
}

/** @internal The lenient parse with the given rules: what parseSettings does with the stored rules. */
export function parseLenient(raw: unknown, rules: Rules): Settings {
  const out = copyDefaults();
  if (!isRecord(raw)) return out;
  for (const key of SETTING_KEYS) {
    const value = own(raw, key);
    if (value === undefined) continue;
    const result = rules[key](value, 'lenient');
    if (result.ok) setField(out, key, result.value as Settings[typeof key]);
  }
  return out;
}

/**
 * Settings from anything. Never throws: each field that is missing or invalid takes its default on its own;
 * unknown keys are dropped; lists are deduplicated and sorted, never capped (see MAX_DISABLED_SITES); site entries that are not site names by
 * syntax are dropped (see storedSiteItem: they are not re-normalised, which would need the Public Suffix List).
 */
export function parseSettings(raw: unknown): Settings {
  return parseLenient(raw, STORED_RULES);
}

// ---------------------------------------------------------------------------------------------------------
// What storage holds (read and written by extension/settings-store.ts)

/** @internal What storage holds: the raw value (null when none) and its version (null when not recorded). */
export interface StoredSettings {
  value: unknown;
  version: number | null;
}

/**
 * @internal Whether a stored value still waits for migration: present, and its version older than
 * SETTINGS_VERSION or not recorded (an item with no version meta is v1; see the module comment).
 */
export function isBehind(stored: StoredSettings): boolean {
  return stored.value != null && (stored.version === null || stored.version < SETTINGS_VERSION);
}

/** @internal Whether a stored value was written by another version, older (see isBehind) or newer. */
export function isOtherVersion(stored: StoredSettings): boolean {
  return stored.value != null && stored.version !== SETTINGS_VERSION;
}

// ---------------------------------------------------------------------------------------------------------
// Is this page switched off?

/** Whether highlights show on a site (siteOf's result; null for pages without a site, where only pause counts). */
export function isHighlightingOn(s: Settings, site: string | null): boolean {
  if (s.paused) return false;
  return site === null || !s.disabledSites.includes(site);
}

/**
 * The entry of `disabledSites` that switches off pages on `hostname` (the most specific one when several do), or
 * null. `hostname` is a page's hostname as `location.hostname` gives it; "" (file: pages) matches nothing.
 *
 * Without the Public Suffix List, which stays out of the content script (see the module comment): a site covers
 * itself and every hostname ending in "." + the site. That is exactly "siteOf(hostname) is this site" because
 * stored sites are registrable domains (normalised with the list when written): every host of a registrable
 * domain D is D or ends in ".D", and no host ending in ".D" belongs to another site, except where the list has a
 * public suffix below D (amazonaws.com has s3.amazonaws.com, whose hosts are each their own site); and an entry
 * can itself be a public suffix only if the reader switched off a page served from the suffix itself ("co.uk",
 * "github.io"). In those corner cases the entry now also covers the hosts below it, which is what a reader who
 * switched off "github.io" most likely meant anyway. Single-label entries ("localhost", "intranet", "com") and IP
 * addresses match only themselves: the list never makes a single label a registrable domain with hosts below it,
 * and IP addresses have no hosts below them.
 *
 * Case-insensitive, and "example.com." (the fully qualified form) is "example.com", as siteOfHostname has it.
 */
export function switchedOffSite(s: Settings, hostname: string): string | null {
  let host = hostname.toLowerCase();
  if (host.endsWith('.')) host = host.slice(0, -1);
  if (!host) return null;
  const sites = s.disabledSites;
  if (sites.includes(host)) return host;
  if (isIp(host)) return null;
  for (let dot = host.indexOf('.'); dot >= 0; dot = host.indexOf('.', dot + 1)) {
    const candidate = host.slice(dot + 1);
    if (!candidate.includes('.')) break; // a single label matches only itself
    if (sites.includes(candidate) && !isIp(candidate)) return candidate;
  }
  return null;
}

/**
 * Whether highlights are off on a page with this hostname: Reader Context is paused, or a switched-off site
 * covers the hostname (see switchedOffSite for why a suffix match is exact). For the content script, which cannot
 * compute the page's site without the Public Suffix List; equivalent to `!isHighlightingOn(s, siteOf(url))` for
 * every registrable domain.
 */
export function isHostSwitchedOff(s: Settings, hostname: string): boolean {
  return s.paused || switchedOffSite(s, hostname) !== null;
}
