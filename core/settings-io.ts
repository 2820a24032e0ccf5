/**
 * The settings work that needs the Public Suffix List (through core/site.ts), kept apart from core/settings.ts so
 * that the content script, which imports only core/settings.ts and extension/settings-store.ts, never bundles
 * tldts. Pure: what stores the results is extension/settings-io.ts.
 *
 * - export and import of settings files, with the strict parse that names what is wrong with a file;
 * - the v1 → v2 migration, which extension/settings-io.ts's `migrateStoredSettings` runs on the stored value.
 *
 * Every site this module (and extension/settings-io.ts's per-site switch) writes is normalised with the list,
 * which is what lets core/settings.ts check stored sites by syntax alone and decide "is this host switched off" by
 * suffix.
 */
import {
  APP_ID,
  copyDefaults,
  describe,
  fail,
  isRecord,
  listRule,
  MAX_DISABLED_SITES,
  makeRules,
  ok,
  own,
  parseLenient,
  parseSettings,
  type Result,
  SETTING_KEYS,
  SETTINGS_VERSION,
  type Settings,
  type SettingsV1,
  setField,
} from './settings';
import { siteOfHostname } from './site';

/**
 * A settings file at both caps is about 3.5 MB; anything far beyond that is not one of ours. In bytes for the
 * file's size, which the options page checks before reading a byte of it; a file of n bytes never decodes to more
 * than n characters, so the same number bounds the text.
 */
export const MAX_IMPORT_BYTES = 8_000_000;
export const IMPORT_TOO_LARGE = 'This file is far too large to be a Reader Context settings file.';

/** The field rules with sites normalised by the Public Suffix List (any hostname → its registrable domain). */
const NORMALISING_RULES = makeRules(siteOfHostname);

/**
 * Settings from anything, like parseSettings, but with every site entry normalised to its registrable domain
 * ("www.dailymail.co.uk" → "dailymail.co.uk") rather than merely checked. For values that may hold hostnames
 * (the migration); stored v2 values are already normalised, so parseSettings suffices for them.
 */
export function parseSettingsNormalised(raw: unknown): Settings {
  return parseLenient(raw, NORMALISING_RULES);
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
    const result = NORMALISING_RULES[key](value, 'strict');
    if (!result.ok) return fail(`Setting "${key}" ${result.error}.`);
    setField(out, key, result.value as Settings[typeof key]);
  }
  return ok(out);
}

// ---------------------------------------------------------------------------------------------------------
// Migrations: pure functions from the stored value of one version to the next, keyed by the version they
// produce. extension/settings-io.ts's migrateStoredSettings runs them on the stored value; importSettings runs
// them on old files.

/**
 * v1 → v2. `enabled` becomes `paused` (inverted); each blocked hostname becomes its site, so a v1 block of
 * news.bbc.co.uk now covers all of bbc.co.uk: v2's switch works per site, and a reader who blocked one host of a
 * site is better served by the site staying quiet than by highlights reappearing on its other hosts. Never throws:
 * a corrupt v1 value yields defaults for what cannot be read, and v2 fields already present are kept (a value whose
 * version meta was lost must not be reset).
 */
export function migrateSettingsV1toV2(old: unknown): Settings {
  const next = parseSettingsNormalised(old);
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

/** Keyed by the version each migration produces. */
export const SETTINGS_MIGRATIONS: Record<number, (old: unknown) => unknown> = {
  2: migrateSettingsV1toV2,
};

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

/** `leftOut`: the file's known entities that the given knowledge does not have (present only when some were). */
export type ImportResult =
  | { ok: true; settings: Settings; leftOut?: string[] }
  | { ok: false; error: string };

/**
 * Reads a settings file. Pure: it stores nothing (see extension/settings-io.ts's importAndSaveSettings). Strict:
 * every problem is reported in words a reader can act on, naming the field; files from older versions are
 * migrated; newer ones refused. With `entityIds` (the knowledge's), known entities it lacks are left out.
 */
export function importSettings(json: string, entityIds?: ReadonlySet<string>): ImportResult {
  if (json.length > MAX_IMPORT_BYTES) return { ok: false, error: IMPORT_TOO_LARGE };
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
  if (!result.ok) return { ok: false, error: result.error };
  return entityIds ? keepKnownEntities(result.value, entityIds) : { ok: true, settings: result.value };
}

/**
 * Leaves out known entities the knowledge does not have, and says which. Not refused: a file exported before the
 * knowledge dropped or renamed an entity is still the reader's file, and the rest of it still applies; an id
 * that names nothing would only sit in storage, unseen (the options page lists known entities by name).
 */
function keepKnownEntities(settings: Settings, entityIds: ReadonlySet<string>): ImportResult {
  const leftOut = settings.knownEntities.filter((id) => !entityIds.has(id));
  if (leftOut.length === 0) return { ok: true, settings };
  const knownEntities = settings.knownEntities.filter((id) => entityIds.has(id));
  return { ok: true, settings: { ...settings, knownEntities }, leftOut };
}
