/**
 * The settings writes that need the Public Suffix List (through core/site.ts), kept apart from
 * extension/settings-store.ts so that the content script, which imports only the store, never bundles tldts: the
 * per-site switch, the migration of the stored value, and saving an imported file. The pure parts (the strict
 * parse, the migrations themselves, export and import) are core/settings-io.ts's.
 */

import { describe, isBehind, parseSettings, SETTINGS_VERSION, type Settings } from '@/core/settings';
import { type ImportResult, importSettings, SETTINGS_MIGRATIONS } from '@/core/settings-io';
import { siteOfHostname } from '@/core/site';
import { readStoredSettings, serialised, settingsItem, updateSettings } from './settings-store';

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

/**
 * Brings the stored settings up to SETTINGS_VERSION, once: when the stored version is older (or not recorded,
 * which means v1), runs each migration in order and writes the value, then the version. Idempotent (a current or
 * empty store is left alone) and never throws: a failure is logged and the stored value stays as it was, to be
 * migrated next time; readers meanwhile get parseSettings' field-by-field reading of it.
 *
 * - A value with no version meta counts as v1. If it is in fact v2-shaped (the meta was lost), the v1 → v2
 *   migration keeps its fields, so it is not reset.
 * - A value from a newer version (a downgrade) is left as it is; parseSettings reads what it can of it.
 * - The value is written before the version: if the second write never happens, the next run migrates a v2
 *   value again, which changes nothing. The other order could leave a v1 value marked v2, never migrated.
 * - Serialised with updateSettings (same queue and Web Lock), so a change made meanwhile in another page or the
 *   background is neither lost nor migrated twice.
 */
export function migrateStoredSettings(): Promise<void> {
  return serialised(async () => {
    const stored = await readStoredSettings();
    if (stored.version !== null && stored.version > SETTINGS_VERSION) {
      console.warn(
        `[reader-context] settings are from a newer version (v${stored.version}; this one is v${SETTINGS_VERSION}); reading them as they are`,
      );
      return;
    }
    if (!isBehind(stored)) return;
    let value: unknown = stored.value;
    for (let v = (stored.version ?? 1) + 1; v <= SETTINGS_VERSION; v++) {
      const step = SETTINGS_MIGRATIONS[v];
      if (step) value = step(value);
    }
    await settingsItem.setValue(parseSettings(value));
    await settingsItem.setMeta({ v: SETTINGS_VERSION });
  }).catch((err: unknown) => {
    console.error('[reader-context] settings migration failed; will try again at the next start', err);
  });
}

/**
 * Imports a file and, only if it is valid, stores it. A bad file changes nothing. With `entityIds`, known
 * entities the knowledge does not have are left out (and named in `leftOut`).
 */
export async function importAndSaveSettings(
  json: string,
  entityIds?: ReadonlySet<string>,
): Promise<ImportResult> {
  const result = importSettings(json, entityIds);
  if (!result.ok) return result;
  const saved = await updateSettings(() => result.settings);
  return result.leftOut
    ? { ok: true, settings: saved, leftOut: result.leftOut }
    : { ok: true, settings: saved };
}
