/**
 * The reader's settings in extension storage: one typed, versioned storage item, read by the content script, the
 * popup, the options page and the background. What a valid value is, and how a stored one is read, is
 * core/settings.ts's; this file only reads, writes and watches the item.
 *
 * Like core/settings.ts, this module must stay free of the Public Suffix List (tldts): the content script imports
 * it. The writes that need the list (the per-site switch, import, migration) are extension/settings-io.ts's.
 */
import {
  checkListCaps,
  copyDefaults,
  DEFAULT_SETTINGS,
  isOtherVersion,
  isRecord,
  parseSettings,
  SETTING_KEYS,
  SETTINGS_VERSION,
  type Settings,
  type StoredSettings,
} from '@/core/settings';
import { localItem, readLocal } from './local-item';

const SETTINGS_KEY = 'settings';

/**
 * The settings and their version meta (`{ v }`). Migration is extension/settings-io.ts's `migrateStoredSettings`,
 * called where it is affordable: not here, or every page would carry it (and with it the Public Suffix List).
 */
export const settingsItem = localItem<Settings, { v: number }>(SETTINGS_KEY, DEFAULT_SETTINGS);

/** The stored settings, parsed; defaults when storage is unreadable. Corrupt storage never breaks a caller. */
export async function getSettings(): Promise<Settings> {
  try {
    return parseSettings(await settingsItem.getValue());
  } catch (err) {
    console.warn('[reader-context] settings unreadable, using defaults', err);
    return copyDefaults();
  }
}

/** @internal Reads the raw value and its version meta. May throw (storage unavailable). */
export async function readStoredSettings(): Promise<StoredSettings> {
  const [value, meta] = await Promise.all([readLocal(SETTINGS_KEY), settingsItem.getMeta()]);
  const v: unknown = meta?.v;
  return { value, version: typeof v === 'number' && Number.isInteger(v) && v >= 1 ? v : null };
}

// Read-modify-write must not interleave, or a popup toggle and an options edit made together lose one of the
// two. Web Locks serialise across the extension's pages and its background (one origin); content scripts run in
// the page's origin, so each context also queues its own writes.
let localQueue: Promise<unknown> = Promise.resolve();
const LOCK_NAME = 'reader-context:settings';

/**
 * @internal Runs `task` after every read-modify-write queued before it, here and (through Web Locks) in the
 * extension's other pages and background. Shared with settings-io's migration so it cannot interleave with
 * `updateSettings`.
 */
export function serialised<T>(task: () => Promise<T>): Promise<T> {
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

/** The fields of `next` that differ from `current`. */
function changedFields(current: Settings, next: Settings): Partial<Settings> {
  return Object.fromEntries(
    SETTING_KEYS.filter((key) => JSON.stringify(next[key]) !== JSON.stringify(current[key])).map((key) => [
      key,
      next[key],
    ]),
  );
}

/**
 * Applies a change (fields, or a function of the current settings), stores the parsed result and returns it.
 * Rejects with ListFullError, storing nothing, when the change would grow a list past its cap.
 */
export function updateSettings(change: Partial<Settings> | ((s: Settings) => Settings)): Promise<Settings> {
  return serialised(async () => {
    const current = await getSettings();
    const next = parseSettings(
      typeof change === 'function' ? change(current) : { ...current, ...defined(change) },
    );
    checkListCaps(current, next);
    let stored: StoredSettings | null = null;
    try {
      stored = await readStoredSettings();
    } catch {
      // Unreadable: written as current below, as before.
    }
    if (stored && isOtherVersion(stored)) {
      // Written by another version: an older one not migrated yet (a content script, which cannot migrate,
      // writing between an update and the background's migration), or a newer one (the reader went back to an
      // older build, or storage came from a newer install). Stamping this version over it would lose what this
      // version does not understand, so only the fields this change alters are written, over the stored object;
      // the rest stays as it was, the version too: an older value is then migrated with the change kept
      // (migrateSettingsV1toV2 keeps v2 fields already present), a newer one keeps its own fields and version.
      const old = isRecord(stored.value) ? stored.value : {};
      await settingsItem.setValue({ ...old, ...changedFields(current, next) } as Settings);
      return next;
    }
    await settingsItem.setValue(next);
    // Recorded on every write: if the value is removed and written again, a missing version would make the next
    // migration treat v2 as v1.
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

/** Marks an entity as known ("I know this one": no longer highlighted) or unmarks it. */
export function setEntityKnown(entityId: string, known: boolean): Promise<Settings> {
  return updateSettings((s) => ({
    ...s,
    knownEntities: known
      ? [...s.knownEntities.filter((id) => id !== entityId), entityId]
      : s.knownEntities.filter((id) => id !== entityId),
  }));
}
