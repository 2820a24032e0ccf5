import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DEFAULT_SETTINGS, SETTINGS_VERSION } from '@/core/settings';
import { migrateSettingsV1toV2, SETTINGS_MIGRATIONS } from '@/core/settings-io';
import { migrateStoredSettings } from '@/extension/settings-io';
import { getSettings, setEntityKnown, settingsItem, updateSettings } from '@/extension/settings-store';

beforeEach(() => {
  fakeBrowser.reset();
});

describe('migrateSettingsV1toV2 (pure)', () => {
  it('turns enabled into paused and blocked hosts into their sites', () => {
    expect(
      migrateSettingsV1toV2({
        enabled: false,
        blockedHosts: ['news.bbc.co.uk', 'www.dailymail.co.uk', 'dailymail.co.uk', 'foo.github.io'],
      }),
    ).toEqual({
      ...DEFAULT_SETTINGS,
      paused: true,
      disabledSites: ['bbc.co.uk', 'dailymail.co.uk', 'foo.github.io'],
    });
    expect(migrateSettingsV1toV2({ enabled: true, blockedHosts: [] })).toEqual(DEFAULT_SETTINGS);
  });

  it('never throws on a corrupt v1 value: what cannot be read takes its default', () => {
    expect(migrateSettingsV1toV2(null)).toEqual(DEFAULT_SETTINGS);
    expect(migrateSettingsV1toV2('v1')).toEqual(DEFAULT_SETTINGS);
    expect(migrateSettingsV1toV2({ enabled: 'no', blockedHosts: 'bbc.co.uk' })).toEqual(DEFAULT_SETTINGS);
    expect(
      migrateSettingsV1toV2({ enabled: false, blockedHosts: [1, null, 'not a host', 'www.bbc.co.uk'] }),
    ).toEqual({ ...DEFAULT_SETTINGS, paused: true, disabledSites: ['bbc.co.uk'] });
  });

  it('keeps v2 fields already present (a v2 value whose version record was lost is not reset)', () => {
    const v2 = { ...DEFAULT_SETTINGS, paused: true, disabledSites: ['bbc.co.uk'], style: 'none' as const };
    expect(migrateSettingsV1toV2(v2)).toEqual(v2);
  });

  it('is the migration registered for version 2', () => {
    expect(SETTINGS_MIGRATIONS[2]).toBe(migrateSettingsV1toV2);
    expect(SETTINGS_VERSION).toBe(2);
  });
});

/** What is really in storage.local: the value and its version meta. */
async function raw() {
  return fakeBrowser.storage.local.get(['settings', 'settings$']);
}

describe('migrateStoredSettings', () => {
  const v1 = { enabled: false, blockedHosts: ['news.bbc.co.uk'] };
  const migratedV1 = { ...DEFAULT_SETTINGS, paused: true, disabledSites: ['bbc.co.uk'] };

  it('runs on a stored v1 value (no version record) and records v2', async () => {
    await fakeBrowser.storage.local.set({ settings: v1 });
    await migrateStoredSettings();
    const stored = await raw();
    expect(stored.settings).toEqual(migratedV1);
    expect(stored.settings$).toEqual({ v: 2 });
  });

  it('runs on a value recorded as v1', async () => {
    await fakeBrowser.storage.local.set({ settings: v1, settings$: { v: 1 } });
    await migrateStoredSettings();
    expect(await raw()).toEqual({ settings: migratedV1, settings$: { v: 2 } });
  });

  it('does not run by itself when the settings store loads (the content script must not migrate), only when called', async () => {
    await fakeBrowser.storage.local.set({ settings: v1, settings$: { v: 1 } });
    vi.resetModules();
    const fresh = await import('@/extension/settings-store');
    // Read without migrating: the v1 fields mean nothing to v2, so the reader sees the defaults…
    expect(await fresh.getSettings()).toEqual(DEFAULT_SETTINGS);
    expect(await raw()).toEqual({ settings: v1, settings$: { v: 1 } });
    // …which is why the popup, the options page and the background migrate before their first read.
    const io = await import('@/extension/settings-io');
    await io.migrateStoredSettings();
    const s = await fresh.getSettings();
    expect(s.paused).toBe(true);
    expect(s.disabledSites).toEqual(['bbc.co.uk']);
    expect((await raw()).settings$).toEqual({ v: 2 });
  });

  it('leaves a v2 value alone', async () => {
    const v2 = { ...DEFAULT_SETTINGS, disabledSites: ['bbc.co.uk'] };
    await fakeBrowser.storage.local.set({ settings: v2, settings$: { v: 2 } });
    const set = vi.spyOn(fakeBrowser.storage.local, 'set');
    await migrateStoredSettings();
    expect(set).not.toHaveBeenCalled();
    expect(await raw()).toEqual({ settings: v2, settings$: { v: 2 } });
  });

  it('does not reset a v2 value whose version record was lost; it records the version', async () => {
    const v2 = { ...DEFAULT_SETTINGS, paused: true, disabledSites: ['bbc.co.uk'], style: 'none' as const };
    await fakeBrowser.storage.local.set({ settings: v2 });
    await migrateStoredSettings();
    expect(await raw()).toEqual({ settings: v2, settings$: { v: 2 } });
  });

  it('writes nothing to an empty store', async () => {
    await migrateStoredSettings();
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
    expect(await getSettings()).toEqual(DEFAULT_SETTINGS);
  });

  it('is idempotent', async () => {
    await fakeBrowser.storage.local.set({ settings: v1 });
    await migrateStoredSettings();
    const once = await raw();
    await migrateStoredSettings();
    await migrateStoredSettings();
    expect(await raw()).toEqual(once);
  });

  it.each([
    ['a string', 'garbage'],
    ['a list', [1, 2, 3]],
    ['a number', 42],
  ])('turns a corrupt value (%s) into the defaults without throwing', async (_name, corrupt) => {
    await fakeBrowser.storage.local.set({ settings: corrupt });
    await expect(migrateStoredSettings()).resolves.toBeUndefined();
    expect(await raw()).toEqual({ settings: DEFAULT_SETTINGS, settings$: { v: 2 } });
  });

  it('never throws when storage fails: it logs, changes nothing, and a later call still migrates', async () => {
    await fakeBrowser.storage.local.set({ settings: v1 });
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const get = vi
      .spyOn(fakeBrowser.storage.local, 'get')
      .mockRejectedValueOnce(new Error('storage is gone'));
    await expect(migrateStoredSettings()).resolves.toBeUndefined();
    expect(error).toHaveBeenCalled();
    get.mockRestore();
    expect((await raw()).settings).toEqual(v1);
    await migrateStoredSettings();
    expect(await raw()).toEqual({ settings: migratedV1, settings$: { v: 2 } });
  });

  it('still reads a value from a newer version (downgrade) field by field, leaving it as it is', async () => {
    const newer = { ...DEFAULT_SETTINGS, paused: true, futureField: 1 };
    await fakeBrowser.storage.local.set({ settings: newer, settings$: { v: 3 } });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    await expect(migrateStoredSettings()).resolves.toBeUndefined();
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/newer version/));
    expect(await raw()).toEqual({ settings: newer, settings$: { v: 3 } });
    expect(await getSettings()).toEqual({ ...DEFAULT_SETTINGS, paused: true });
  });

  it("a change to a newer version's value keeps what this version does not understand, and its version", async () => {
    // A field this version does not know, and a known one this version would read differently (out of range).
    const newer = {
      ...DEFAULT_SETTINGS,
      futureField: { nested: [1, 2] },
      dwellMs: 5000,
      knownEntities: ['a'],
    };
    await fakeBrowser.storage.local.set({ settings: newer, settings$: { v: 3 } });
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    await setEntityKnown('b', true);
    expect(await raw()).toEqual({ settings: { ...newer, knownEntities: ['a', 'b'] }, settings$: { v: 3 } });
    await updateSettings({ badge: false });
    await migrateStoredSettings();
    expect(await raw()).toEqual({
      settings: { ...newer, knownEntities: ['a', 'b'], badge: false },
      settings$: { v: 3 },
    });
    expect(await getSettings()).toMatchObject({ knownEntities: ['a', 'b'], badge: false, dwellMs: 2000 });
  });

  it('does not interleave with a change made at the same time', async () => {
    await fakeBrowser.storage.local.set({ settings: v1 });
    await Promise.all([migrateStoredSettings(), updateSettings({ badge: false })]);
    expect(await raw()).toEqual({ settings: { ...migratedV1, badge: false }, settings$: { v: 2 } });
  });

  it('keeps a change a content script made before the migration ran, and the v1 choices too', async () => {
    await fakeBrowser.storage.local.set({ settings: v1 });
    // The content script cannot migrate: it writes beside the v1 fields and leaves the version alone…
    await setEntityKnown('alexander-lukashenko', true);
    const before = await raw();
    expect(before.settings$).toBeUndefined();
    expect(before.settings).toMatchObject(v1);
    // …and the migration carries both over.
    await migrateStoredSettings();
    expect(await raw()).toEqual({
      settings: { ...migratedV1, knownEntities: ['alexander-lukashenko'] },
      settings$: { v: 2 },
    });
  });

  it('loading the settings store leaves a v1 value and its version as they are', async () => {
    await fakeBrowser.storage.local.set({ settings: v1, settings$: { v: 1 } });
    expect(await settingsItem.getMeta()).toEqual({ v: 1 });
    expect(SETTINGS_VERSION).toBe(2);
  });
});
