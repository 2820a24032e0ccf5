import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  DEFAULT_SETTINGS,
  isHighlightingOn,
  isHostSwitchedOff,
  ListFullError,
  MAX_DISABLED_SITES,
  MAX_DWELL_MS,
  MAX_KNOWN_ENTITIES,
  MIN_DWELL_MS,
  parseSettings,
  SETTINGS_VERSION,
  type Settings,
} from '@/core/settings';
import { parseSettingsNormalised } from '@/core/settings-io';
import { setSiteEnabled } from '@/extension/settings-io';
import {
  getSettings,
  setEntityKnown,
  settingsItem,
  updateSettings,
  watchSettings,
} from '@/extension/settings-store';

const KEY = 'settings';

/** What is really in storage.local, bypassing the module under test. */
async function stored(): Promise<unknown> {
  return (await fakeBrowser.storage.local.get(KEY))[KEY];
}

beforeEach(() => {
  fakeBrowser.reset();
});

describe('defaults', () => {
  it('are what the design promises', () => {
    expect(DEFAULT_SETTINGS).toEqual({
      paused: false,
      disabledSites: [],
      knownEntities: [],
      types: { person: true, place: true, organisation: true, event: true },
      style: 'background',
      dwellMs: 500,
      modifierKey: 'none',
      firstMentionOnly: false,
      badge: true,
      memory: false,
      memoryDays: 90,
      memoryPages: 1000,
    });
    expect(SETTINGS_VERSION).toBe(2);
  });

  it('are returned for an empty store, as a copy callers may change', async () => {
    const s = await getSettings();
    expect(s).toEqual(DEFAULT_SETTINGS);
    s.disabledSites.push('example.com');
    s.types.person = false;
    expect(DEFAULT_SETTINGS.disabledSites).toEqual([]);
    expect(DEFAULT_SETTINGS.types.person).toBe(true);
  });

  it('cannot be mutated by accident', () => {
    expect(Object.isFrozen(DEFAULT_SETTINGS)).toBe(true);
    expect(Object.isFrozen(DEFAULT_SETTINGS.disabledSites)).toBe(true);
    expect(Object.isFrozen(DEFAULT_SETTINGS.types)).toBe(true);
  });
});

describe('parseSettings: corrupt values fall back field by field', () => {
  const good: Settings = {
    paused: true,
    disabledSites: ['bbc.co.uk', 'dailymail.co.uk'],
    knownEntities: ['alexander-lukashenko'],
    types: { person: true, place: false, organisation: true, event: false },
    style: 'background',
    dwellMs: 800,
    modifierKey: 'Alt',
    firstMentionOnly: true,
    badge: false,
    memory: true,
    memoryDays: 30,
    memoryPages: 500,
  };

  it('keeps a valid value as it is', () => {
    expect(parseSettings(good)).toEqual(good);
  });

  it('reads a stored v2 value from before the reading memory with the memory off', () => {
    const { memory: _m, memoryDays: _d, memoryPages: _p, ...before } = good;
    const parsed = parseSettings(before);
    expect(parsed).toEqual({ ...good, memory: false, memoryDays: 90, memoryPages: 1000 });
  });

  it('pulls stored retention limits into range', () => {
    expect(parseSettings({ memoryDays: 0 }).memoryDays).toBe(1);
    expect(parseSettings({ memoryDays: 9999 }).memoryDays).toBe(365);
    expect(parseSettings({ memoryPages: 1e9 }).memoryPages).toBe(2000);
    expect(parseSettings({ memoryPages: 3 }).memoryPages).toBe(10);
  });

  it.each([null, undefined, 42, 'settings', true, [], [good]])(
    'a non-object (%s) gives the defaults',
    (raw) => {
      expect(parseSettings(raw)).toEqual(DEFAULT_SETTINGS);
    },
  );

  it.each<[keyof Settings, unknown]>([
    ['paused', 'yes'],
    ['paused', 1],
    ['disabledSites', 'bbc.co.uk'],
    ['disabledSites', { 0: 'bbc.co.uk' }],
    ['knownEntities', null],
    ['types', ['person']],
    ['style', 'bold'],
    ['style', 'Underline'],
    ['dwellMs', '600'],
    ['dwellMs', Number.NaN],
    ['dwellMs', Number.POSITIVE_INFINITY],
    ['dwellMs', null],
    ['modifierKey', 'alt'],
    ['firstMentionOnly', 'false'],
    ['badge', 0],
    ['memory', 'on'],
    ['memoryDays', '30'],
    ['memoryPages', null],
  ])('a bad %s (%s) takes its default and leaves every other field alone', (field, bad) => {
    const parsed = parseSettings({ ...good, [field]: bad });
    expect(parsed[field]).toEqual(DEFAULT_SETTINGS[field]);
    for (const other of Object.keys(good) as (keyof Settings)[]) {
      if (other !== field) expect(parsed[other], other).toEqual(good[other]);
    }
  });

  it('pulls a stored dwell into range and to whole milliseconds', () => {
    expect(parseSettings({ dwellMs: 5 }).dwellMs).toBe(MIN_DWELL_MS);
    expect(parseSettings({ dwellMs: -100 }).dwellMs).toBe(MIN_DWELL_MS);
    expect(parseSettings({ dwellMs: 1e9 }).dwellMs).toBe(MAX_DWELL_MS);
    expect(parseSettings({ dwellMs: 612.6 }).dwellMs).toBe(613);
  });

  const messyLists = {
    disabledSites: [
      'www.dailymail.co.uk',
      42,
      null,
      'dailymail.co.uk',
      'news.bbc.co.uk',
      'not a site',
      '',
      {},
    ],
    knownEntities: ['b', 'a', 'b', '', '  ', 7, 'x'.repeat(201), 'bad\u0000id'],
  };

  // parseSettings (stored values, any context) checks sites by syntax only; the Public Suffix List's
  // normalisation moved to settings-io's parseSettingsNormalised, which the migration uses.
  it('drops bad list entries one by one, normalises sites, sorts and deduplicates', () => {
    const parsed = parseSettingsNormalised(messyLists);
    expect(parsed.disabledSites).toEqual(['bbc.co.uk', 'dailymail.co.uk']);
    expect(parsed.knownEntities).toEqual(['a', 'b']);
  });

  it('parseSettings drops bad list entries, sorts and deduplicates, keeping site names by syntax alone', () => {
    const parsed = parseSettings(messyLists);
    expect(parsed.disabledSites).toEqual(['dailymail.co.uk', 'news.bbc.co.uk', 'www.dailymail.co.uk']);
    expect(parsed.knownEntities).toEqual(['a', 'b']);
  });

  it('keeps valid entity types and defaults the rest', () => {
    expect(parseSettings({ types: { person: false, place: 'no', spaceship: false } }).types).toEqual({
      person: false,
      place: true,
      organisation: true,
      event: true,
    });
  });

  it('reads every entry of a list longer than its cap: none is ignored without a word', () => {
    // Longer than a change may make it: a newer version with a higher cap, or a hand edit.
    const sites = Array.from({ length: MAX_DISABLED_SITES + 500 }, (_, i) => `site${i}.example`);
    const ids = Array.from({ length: MAX_KNOWN_ENTITIES + 500 }, (_, i) => `entity-${i}`);
    const parsed = parseSettings({ disabledSites: sites, knownEntities: ids });
    expect(parsed.disabledSites).toHaveLength(MAX_DISABLED_SITES + 500);
    expect(parsed.knownEntities).toHaveLength(MAX_KNOWN_ENTITIES + 500);
    // The last site of the list, and one that sorts last, are switched off like the first.
    expect(isHostSwitchedOff(parsed, 'www.site5499.example')).toBe(true);
    expect(isHostSwitchedOff(parsed, 'site999.example')).toBe(true);
  });

  it('drops unknown keys', () => {
    const parsed = parseSettings({ ...good, enabled: false, theme: 'dark' });
    expect(Object.keys(parsed).sort()).toEqual(Object.keys(DEFAULT_SETTINGS).sort());
  });

  it('ignores prototype-pollution keys and leaves Object.prototype clean', () => {
    const raw = JSON.parse(
      '{"__proto__": {"paused": true, "polluted": 1}, "constructor": {"prototype": {"polluted": 1}}, "badge": false}',
    );
    const parsed = parseSettings(raw);
    expect(parsed.paused).toBe(false);
    expect(parsed.badge).toBe(false);
    expect(Object.keys(parsed)).not.toContain('__proto__');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reads only own properties, so a polluted prototype cannot switch settings', () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto.paused = true;
    try {
      expect(parseSettings({}).paused).toBe(false);
    } finally {
      delete proto.paused;
    }
  });
});

describe('getSettings', () => {
  it('parses whatever storage holds, field by field', async () => {
    await fakeBrowser.storage.local.set({
      [KEY]: { dwellMs: 'slow', disabledSites: ['bbc.co.uk'], paused: true },
    });
    const s = await getSettings();
    expect(s.dwellMs).toBe(DEFAULT_SETTINGS.dwellMs);
    expect(s.disabledSites).toEqual(['bbc.co.uk']);
    expect(s.paused).toBe(true);
  });

  it('gives the defaults for a non-object in storage', async () => {
    await fakeBrowser.storage.local.set({ [KEY]: 'garbage' });
    expect(await getSettings()).toEqual(DEFAULT_SETTINGS);
  });

  it('gives the defaults when storage itself fails', async () => {
    vi.spyOn(fakeBrowser.storage.local, 'get').mockRejectedValue(new Error('storage is gone'));
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(await getSettings()).toEqual(DEFAULT_SETTINGS);
  });
});

describe('updateSettings', () => {
  it('merges a partial change and stores the parsed result', async () => {
    const s = await updateSettings({ style: 'none', dwellMs: 5 });
    expect(s.style).toBe('none');
    expect(s.dwellMs).toBe(MIN_DWELL_MS);
    expect(await stored()).toEqual(s);
  });

  it('leaves a field given as undefined as it was', async () => {
    await updateSettings({ dwellMs: 900 });
    expect((await updateSettings({ dwellMs: undefined, badge: false })).dwellMs).toBe(900);
  });

  it('applies a function of the current settings', async () => {
    await updateSettings({ knownEntities: ['a'] });
    const s = await updateSettings((cur) => ({ ...cur, knownEntities: [...cur.knownEntities, 'b'] }));
    expect(s.knownEntities).toEqual(['a', 'b']);
  });

  it('does not lose either of two changes made at once', async () => {
    await Promise.all([
      updateSettings((s) => ({ ...s, knownEntities: [...s.knownEntities, 'one'] })),
      updateSettings((s) => ({ ...s, knownEntities: [...s.knownEntities, 'two'] })),
    ]);
    expect((await getSettings()).knownEntities).toEqual(['one', 'two']);
  });

  it('records the storage version with the first write', async () => {
    await updateSettings({ badge: false });
    expect(await settingsItem.getMeta()).toEqual({ v: SETTINGS_VERSION });
  });
});

describe('per-site switch and known entities', () => {
  it('stores a site as its registrable domain, once, and removes it again', async () => {
    await setSiteEnabled('www.dailymail.co.uk', false);
    await setSiteEnabled('dailymail.co.uk', false);
    await setSiteEnabled('news.bbc.co.uk', false);
    expect((await getSettings()).disabledSites).toEqual(['bbc.co.uk', 'dailymail.co.uk']);
    const s = await setSiteEnabled('www.bbc.co.uk', true);
    expect(s.disabledSites).toEqual(['dailymail.co.uk']);
  });

  it('refuses something that is not a site, changing nothing', async () => {
    await expect(setSiteEnabled('not a site', false)).rejects.toThrow(/Not a site/);
    expect(await stored()).toBeUndefined();
  });

  it('refuses to switch off one more site when the list is full, storing nothing', async () => {
    const full = Array.from({ length: MAX_DISABLED_SITES }, (_, i) => `site${i}.example`);
    await updateSettings({ disabledSites: full });
    const before = await stored();
    const refused = setSiteEnabled('www.bbc.co.uk', false);
    await expect(refused).rejects.toBeInstanceOf(ListFullError);
    await expect(refused).rejects.toMatchObject({ field: 'disabledSites', cap: MAX_DISABLED_SITES });
    expect(await stored()).toEqual(before);
    // Switching a site back on, or off again when it is already off, still works.
    expect((await setSiteEnabled('site0.example', false)).disabledSites).toHaveLength(MAX_DISABLED_SITES);
    expect((await setSiteEnabled('site0.example', true)).disabledSites).toHaveLength(MAX_DISABLED_SITES - 1);
  });

  it('keeps a list longer than its cap whole through a change, and lets it shrink', async () => {
    const sites = Array.from({ length: MAX_DISABLED_SITES + 10 }, (_, i) => `site${i}.example`);
    await fakeBrowser.storage.local.set({ [KEY]: { ...DEFAULT_SETTINGS, disabledSites: sites } });
    await setEntityKnown('alexander-lukashenko', true);
    expect((await getSettings()).disabledSites).toHaveLength(MAX_DISABLED_SITES + 10);
    await expect(setSiteEnabled('bbc.co.uk', false)).rejects.toBeInstanceOf(ListFullError);
    expect((await setSiteEnabled('site5009.example', true)).disabledSites).toHaveLength(
      MAX_DISABLED_SITES + 9,
    );
  });

  it('marks and unmarks an entity as known', async () => {
    await setEntityKnown('alexander-lukashenko', true);
    await setEntityKnown('alexander-lukashenko', true);
    expect((await getSettings()).knownEntities).toEqual(['alexander-lukashenko']);
    await setEntityKnown('alexander-lukashenko', false);
    expect((await getSettings()).knownEntities).toEqual([]);
  });

  it('isHighlightingOn: off when paused or the site is off; pages without a site follow the pause alone', () => {
    const s = parseSettings({ disabledSites: ['bbc.co.uk'] });
    expect(isHighlightingOn(s, 'dailymail.co.uk')).toBe(true);
    expect(isHighlightingOn(s, 'bbc.co.uk')).toBe(false);
    expect(isHighlightingOn(s, null)).toBe(true);
    const paused = { ...s, paused: true };
    expect(isHighlightingOn(paused, 'dailymail.co.uk')).toBe(false);
    expect(isHighlightingOn(paused, null)).toBe(false);
  });
});

describe('watchSettings', () => {
  it('calls back with parsed settings and the previous ones', async () => {
    const cb = vi.fn();
    const unwatch = watchSettings(cb);
    await updateSettings({ paused: true });
    expect(cb).toHaveBeenLastCalledWith(
      expect.objectContaining({ paused: true }),
      expect.objectContaining({ paused: false }),
    );

    // A corrupt value written behind the module's back still reaches the callback parsed.
    await fakeBrowser.storage.local.set({
      [KEY]: { paused: 'very', dwellMs: 'x', disabledSites: ['bbc.co.uk', 'Not A Site'] },
    });
    const [latest] = cb.mock.lastCall as [Settings];
    expect(latest).toEqual({ ...DEFAULT_SETTINGS, disabledSites: ['bbc.co.uk'] });

    unwatch();
    await updateSettings({ badge: false });
    expect(cb).toHaveBeenCalledTimes(2);
  });

  it('sees a removed value as the defaults', async () => {
    await updateSettings({ paused: true });
    const cb = vi.fn();
    const unwatch = watchSettings(cb);
    await fakeBrowser.storage.local.remove(KEY);
    expect(cb).toHaveBeenCalledWith(DEFAULT_SETTINGS, expect.objectContaining({ paused: true }));
    unwatch();
  });
});
