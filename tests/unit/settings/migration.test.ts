import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  DEFAULT_SETTINGS,
  getSettings,
  migrateSettingsV1toV2,
  SETTINGS_MIGRATIONS,
  SETTINGS_VERSION,
  settingsItem,
} from '../../../core/settings';

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

describe('migration through @wxt-dev/storage', () => {
  const v1 = { enabled: false, blockedHosts: ['news.bbc.co.uk'] };

  it('runs on a stored v1 value (no version record) and records v2', async () => {
    await fakeBrowser.storage.local.set({ settings: v1 });
    await settingsItem.migrate();
    const raw = await fakeBrowser.storage.local.get(['settings', 'settings$']);
    expect(raw.settings).toEqual({ ...DEFAULT_SETTINGS, paused: true, disabledSites: ['bbc.co.uk'] });
    expect(raw.settings$).toEqual({ v: 2 });
  });

  it('runs by itself when the module loads, before the first read', async () => {
    await fakeBrowser.storage.local.set({ settings: v1, settings$: { v: 1 } });
    vi.resetModules();
    const fresh = await import('../../../core/settings');
    const s = await fresh.getSettings();
    expect(s.paused).toBe(true);
    expect(s.disabledSites).toEqual(['bbc.co.uk']);
    expect((await fakeBrowser.storage.local.get('settings$')).settings$).toEqual({ v: 2 });
  });

  it('leaves a v2 value alone', async () => {
    const v2 = { ...DEFAULT_SETTINGS, disabledSites: ['bbc.co.uk'] };
    await fakeBrowser.storage.local.set({ settings: v2, settings$: { v: 2 } });
    await settingsItem.migrate();
    expect((await fakeBrowser.storage.local.get('settings')).settings).toEqual(v2);
  });

  it('still reads a value from a newer version (downgrade) field by field', async () => {
    await fakeBrowser.storage.local.set({
      settings: { ...DEFAULT_SETTINGS, paused: true, futureField: 1 },
      settings$: { v: 3 },
    });
    vi.spyOn(console, 'error').mockImplementation(() => {});
    await expect(settingsItem.migrate()).rejects.toThrow(/downgrade/);
    expect(await getSettings()).toEqual({ ...DEFAULT_SETTINGS, paused: true });
  });
});
