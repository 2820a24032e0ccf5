/**
 * The reader's settings: one typed, versioned storage item, read by the content script, the popup, the options
 * page and the background.
 *
 * Stored values are never trusted. `parseSettings` rebuilds a valid Settings from anything, field by field, so a
 * corrupt dwell time costs the reader their dwell time and nothing else. Imported files are held to a stricter
 * standard (`importSettings`): a reader who picks a file deserves to hear exactly what is wrong with it, and a
 * bad file changes nothing.
 *
 * Versions (the storage item's `version`, kept by @wxt-dev/storage in the `settings$` meta key):
 * - v1 (before this module; documented here so the migration has a target): `{ enabled: boolean, blockedHosts:
 *   string[] }` under the same key, with exact hostnames ("news.bbc.co.uk"). An item with no version meta is v1.
 * - v2 (current): `Settings` below. Per-site switching is by registrable domain, and "enabled" became "paused".
 */
import { storage } from 'wxt/utils/storage';
import type { EntityType } from './knowledge/types';
import { siteOfHostname } from './site';
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
}

/** The v1 shape, for the migration and for importing v1 files. */
export interface SettingsV1 {
  enabled: boolean;
  blockedHosts: string[];
}

export const SETTINGS_VERSION = 2;
export const APP_ID = 'reader-context';

export const ENTITY_TYPES: readonly EntityType[] = ['person', 'place', 'organisation', 'event'];
export const HIGHLIGHT_STYLES: readonly HighlightStyle[] = ['underline', 'background', 'none'];
export const MODIFIER_KEYS: readonly ModifierKey[] = ['none', 'Alt', 'Shift', 'Control', 'Meta'];

/** A card sooner than the "prepare" delay would open for pointers merely passing over a name. */
export const MIN_DWELL_MS = PREPARE_MS;
/** Past two seconds a reader resting on a name has given up waiting; Page Previews never goes beyond ~1 s. */
export const MAX_DWELL_MS = 2000;
/**
 * Caps keep the item well inside storage.local's smallest quota (5 MB in Chrome before 114): 5,000 sites of at
 * most 253 characters (DNS's limit) is ≤ 1.3 MB, and 10,000 entity ids of at most 200 characters ≤ 2 MB.
 */
export const MAX_DISABLED_SITES = 5000;
export const MAX_KNOWN_ENTITIES = 10000;
export const MAX_ENTITY_ID_LENGTH = 200;
/** A settings file at both caps is about 3.5 MB; anything far beyond that is not one of ours. */
const MAX_IMPORT_CHARS = 8_000_000;

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
  style: 'underline',
  dwellMs: DEFAULT_DWELL_MS,
  modifierKey: 'none',
  firstMentionOnly: false,
  badge: true,
});

function copyDefaults(): Settings {
  return {
    ...DEFAULT_SETTINGS,
    disabledSites: [],
    knownEntities: [],
    types: { ...DEFAULT_SETTINGS.types },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Field rules, shared by the lenient parse (stored values) and the strict import. Each returns the value or
// a short description of what is wrong, which the strict path turns into the reader-facing error.

type Result<T> = { ok: true; value: T } | { ok: false; error: string };
const ok = <T>(value: T): Result<T> => ({ ok: true, value });
const fail = <T>(error: string): Result<T> => ({ ok: false, error });

type Mode = 'lenient' | 'strict';

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Own properties only: a polluted Object.prototype (or a "__proto__" key in JSON) must not supply settings. */
function own(obj: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

function describe(x: unknown): string {
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

/**
 * A list of strings, each normalised by `item` (null = not acceptable). Lenient mode drops bad entries and
 * stops at the cap; strict mode names the first bad entry and refuses lists over the cap. Always sorted, unique.
 */
function listRule(
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
  for (let i = 0; i < raw.length && out.size < cap; i++) {
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

type Rules = { [K in keyof Settings]: (raw: unknown, mode: Mode) => Result<Settings[K]> };

const RULES: Rules = {
  paused: booleanRule,
  disabledSites: (raw, mode) => listRule(raw, mode, MAX_DISABLED_SITES, 'a site name', siteOfHostname),
  knownEntities: (raw, mode) => listRule(raw, mode, MAX_KNOWN_ENTITIES, 'an entity id', entityIdItem),
  types: typesRule,
  style: oneOfRule(HIGHLIGHT_STYLES),
  dwellMs: dwellRule,
  modifierKey: oneOfRule(MODIFIER_KEYS),
  firstMentionOnly: booleanRule,
  badge: booleanRule,
};

const SETTING_KEYS = Object.keys(RULES) as (keyof Settings)[];

function setField<K extends keyof Settings>(target: Settings, key: K, value: Settings[K]): void {
  target[key] = value;
}

/**
 * Settings from anything. Never throws: each field that is missing or invalid takes its default on its own;
 * unknown keys are dropped; lists are normalised (sites to registrable domains), deduplicated, sorted and capped.
 */
export function parseSettings(raw: unknown): Settings {
  const out = copyDefaults();
  if (!isRecord(raw)) return out;
  for (const key of SETTING_KEYS) {
    const value = own(raw, key);
    if (value === undefined) continue;
    const result = RULES[key](value, 'lenient');
    if (result.ok) setField(out, key, result.value as Settings[typeof key]);
  }
  return out;
}

function parseSettingsStrict(raw: unknown): Result<Settings> {
  if (!isRecord(raw)) return fail(`"settings" must be an object, not ${describe(raw)}`);
  for (const key of Object.keys(raw)) {
    if (!(SETTING_KEYS as string[]).includes(key)) return fail(`Unknown setting ${describe(key)}.`);
  }
  const out = copyDefaults();
  for (const key of SETTING_KEYS) {
    const value = own(raw, key);
    // A file written by an earlier build of this version may lack newer fields: they take their defaults.
    if (value === undefined) continue;
    const result = RULES[key](value, 'strict');
    if (!result.ok) return fail(`Setting "${key}" ${result.error}.`);
    setField(out, key, result.value as Settings[typeof key]);
  }
  return ok(out);
}

// ---------------------------------------------------------------------------------------------------------
// Migrations: pure functions from the stored value of one version to the next. @wxt-dev/storage runs them
// (keyed by target version) when the item's stored version is older; importSettings runs them on old files.

/**
 * v1 → v2. `enabled` becomes `paused` (inverted); each blocked hostname becomes its site, so a v1 block of
 * news.bbc.co.uk now covers all of bbc.co.uk: v2's switch works per site, and a reader who blocked one host of a
 * site is better served by the site staying quiet than by highlights reappearing on its other hosts. Never throws:
 * a corrupt v1 value yields defaults for what cannot be read, and v2 fields already present are kept (a value whose
 * version meta was lost must not be reset).
 */
export function migrateSettingsV1toV2(old: unknown): Settings {
  const next = parseSettings(old);
  if (!isRecord(old)) return next;
  const enabled = own(old, 'enabled');
  if (typeof enabled === 'boolean') next.paused = !enabled;
  const hosts = own(old, 'blockedHosts');
  if (Array.isArray(hosts)) {
    const merged = [...next.disabledSites, ...hosts];
    const sites = listRule(merged, 'lenient', MAX_DISABLED_SITES, 'a site name', siteOfHostname);
    if (sites.ok) next.disabledSites = sites.value;
  }
  return next;
}

function checkV1Strict(raw: unknown): Result<SettingsV1> {
  if (!isRecord(raw)) return fail(`"settings" must be an object, not ${describe(raw)}`);
  for (const key of Object.keys(raw)) {
    if (key !== 'enabled' && key !== 'blockedHosts')
      return fail(`Unknown version 1 setting ${describe(key)}.`);
  }
  const enabled = own(raw, 'enabled') ?? true;
  if (typeof enabled !== 'boolean')
    return fail(`Setting "enabled" must be true or false, not ${describe(enabled)}.`);
  const hosts = listRule(
    own(raw, 'blockedHosts') ?? [],
    'strict',
    MAX_DISABLED_SITES,
    'a host name',
    siteOfHostname,
  );
  if (!hosts.ok) return fail(`Setting "blockedHosts" ${hosts.error}.`);
  return ok({ enabled, blockedHosts: hosts.value });
}

/** Keyed by the version each migration produces, as @wxt-dev/storage expects. */
export const SETTINGS_MIGRATIONS: Record<number, (old: unknown) => unknown> = {
  2: migrateSettingsV1toV2,
};

// ---------------------------------------------------------------------------------------------------------
// Storage

export const settingsItem = storage.defineItem<Settings, { v: number }>('local:settings', {
  fallback: DEFAULT_SETTINGS,
  version: SETTINGS_VERSION,
  migrations: SETTINGS_MIGRATIONS,
});

/** The stored settings, parsed; defaults when storage is unreadable. Corrupt storage never breaks a caller. */
export async function getSettings(): Promise<Settings> {
  try {
    return parseSettings(await settingsItem.getValue());
  } catch (err) {
    console.warn('[reader-context] settings unreadable, using defaults', err);
    return copyDefaults();
  }
}

// Read-modify-write must not interleave, or a popup toggle and an options edit made together lose one of the
// two. Web Locks serialise across the extension's pages and its background (one origin); content scripts run in
// the page's origin, so each context also queues its own writes.
let localQueue: Promise<unknown> = Promise.resolve();
const LOCK_NAME = 'reader-context:settings';

function serialised<T>(task: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  const run = () => (locks ? locks.request(LOCK_NAME, task) : task());
  const result = localQueue.then(run, run);
  localQueue = result.catch(() => undefined);
  return result;
}

/** `{ dwellMs: undefined }` means "no change to dwellMs", not "reset it". */
function defined(change: Partial<Settings>): Partial<Settings> {
  return Object.fromEntries(Object.entries(change).filter(([, value]) => value !== undefined));
}

/** Applies a change (fields, or a function of the current settings), stores the parsed result and returns it. */
export function updateSettings(change: Partial<Settings> | ((s: Settings) => Settings)): Promise<Settings> {
  return serialised(async () => {
    const current = await getSettings();
    const next = parseSettings(
      typeof change === 'function' ? change(current) : { ...current, ...defined(change) },
    );
    await settingsItem.setValue(next);
    // @wxt-dev/storage writes the version only on the first write after a load that found storage empty; if the
    // value is later removed and written again, the missing version would make the next start treat v2 as v1.
    await settingsItem.setMeta({ v: SETTINGS_VERSION });
    return next;
  });
}

/**
 * Calls back with parsed settings on every stored change (and the parsed settings before it, for callers that
 * react to one field turning on or off); returns the function that stops watching.
 */
export function watchSettings(cb: (s: Settings, previous: Settings) => void): () => void {
  return settingsItem.watch((value, old) => cb(parseSettings(value), parseSettings(old)));
}

/** Switches a site on or off. `site` may be any hostname of the site; it is stored as the registrable domain. */
export function setSiteEnabled(site: string, enabled: boolean): Promise<Settings> {
  const normalised = siteOfHostname(site);
  if (normalised === null) return Promise.reject(new TypeError(`Not a site: ${describe(site)}`));
  return updateSettings((s) => ({
    ...s,
    disabledSites: enabled
      ? s.disabledSites.filter((d) => d !== normalised)
      : [...s.disabledSites.filter((d) => d !== normalised), normalised],
  }));
}

/** Marks an entity as known ("I know this one": no longer highlighted) or unmarks it. */
export function setEntityKnown(entityId: string, known: boolean): Promise<Settings> {
  return updateSettings((s) => ({
    ...s,
    knownEntities: known
      ? [...s.knownEntities.filter((id) => id !== entityId), entityId]
      : s.knownEntities.filter((id) => id !== entityId),
  }));
}

/** Whether highlights show on a site (siteOf's result; null for pages without a site, where only pause counts). */
export function isHighlightingOn(s: Settings, site: string | null): boolean {
  if (s.paused) return false;
  return site === null || !s.disabledSites.includes(site);
}

// ---------------------------------------------------------------------------------------------------------
// Export and import

export interface SettingsFile {
  app: typeof APP_ID;
  settingsVersion: number;
  settings: Settings;
}

export function exportSettings(s: Settings): string {
  const file: SettingsFile = { app: APP_ID, settingsVersion: SETTINGS_VERSION, settings: parseSettings(s) };
  return `${JSON.stringify(file, null, 2)}\n`;
}

export type ImportResult = { ok: true; settings: Settings } | { ok: false; error: string };

/**
 * Reads a settings file. Pure: it stores nothing (see importAndSaveSettings). Strict: every problem is reported
 * in words a reader can act on, naming the field; files from older versions are migrated; newer ones refused.
 */
export function importSettings(json: string): ImportResult {
  if (json.length > MAX_IMPORT_CHARS) {
    return { ok: false, error: 'This file is far too large to be a Reader Context settings file.' };
  }
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    return {
      ok: false,
      error: 'This file is not valid JSON, so it cannot be a Reader Context settings file.',
    };
  }
  if (!isRecord(data) || own(data, 'app') !== APP_ID) {
    return {
      ok: false,
      error: 'This is not a Reader Context settings file (it does not say "app": "reader-context").',
    };
  }
  const version = own(data, 'settingsVersion');
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return { ok: false, error: `The file's "settingsVersion" is missing or invalid (${describe(version)}).` };
  }
  if (version > SETTINGS_VERSION) {
    return {
      ok: false,
      error: `This file comes from a newer Reader Context (settings version ${version}; this one reads up to ${SETTINGS_VERSION}). Update the extension, then import it again.`,
    };
  }
  const raw = own(data, 'settings');
  let migrated: unknown = raw;
  if (version === 1) {
    const v1 = checkV1Strict(raw);
    if (!v1.ok) return { ok: false, error: v1.error };
    migrated = v1.value;
  }
  for (let v = version + 1; v <= SETTINGS_VERSION; v++) {
    const step = SETTINGS_MIGRATIONS[v];
    if (step) migrated = step(migrated);
  }
  const result = parseSettingsStrict(migrated);
  return result.ok ? { ok: true, settings: result.value } : { ok: false, error: result.error };
}

/** Imports a file and, only if it is valid, stores it. A bad file changes nothing. */
export async function importAndSaveSettings(json: string): Promise<ImportResult> {
  const result = importSettings(json);
  if (!result.ok) return result;
  const saved = await updateSettings(() => result.settings);
  return { ok: true, settings: saved };
}
