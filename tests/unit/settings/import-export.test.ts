import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DEFAULT_SETTINGS, MAX_DISABLED_SITES, type Settings } from '@/core/settings';
import { exportSettings, importSettings } from '@/core/settings-io';
import { importAndSaveSettings } from '@/extension/settings-io';
import { getSettings, updateSettings } from '@/extension/settings-store';

beforeEach(() => {
  fakeBrowser.reset();
});

const custom: Settings = {
  paused: true,
  disabledSites: ['bbc.co.uk', 'dailymail.co.uk'],
  knownEntities: ['alexander-lukashenko', 'vladimir-putin'],
  types: { person: true, place: false, organisation: true, event: false },
  style: 'background',
  dwellMs: 750,
  modifierKey: 'Shift',
  firstMentionOnly: true,
  badge: false,
  memory: true,
  memoryDays: 30,
  memoryPages: 200,
};

function file(settings: unknown, settingsVersion: unknown = 2, app: unknown = 'reader-context'): string {
  return JSON.stringify({ app, settingsVersion, settings });
}

function errorOf(json: string): string {
  const r = importSettings(json);
  if (r.ok) throw new Error('expected the import to fail');
  return r.error;
}

describe('exportSettings', () => {
  it('writes pretty JSON naming the app and the settings version', () => {
    const json = exportSettings(custom);
    expect(JSON.parse(json)).toEqual({ app: 'reader-context', settingsVersion: 2, settings: custom });
    expect(json).toContain('\n  "settingsVersion": 2,');
  });

  it('round-trips through importSettings', () => {
    expect(importSettings(exportSettings(custom))).toEqual({ ok: true, settings: custom });
    expect(importSettings(exportSettings(DEFAULT_SETTINGS))).toEqual({
      ok: true,
      settings: DEFAULT_SETTINGS,
    });
  });

  it('round-trips through storage', async () => {
    await updateSettings(custom);
    const json = exportSettings(await getSettings());
    fakeBrowser.reset();
    expect(await getSettings()).toEqual(DEFAULT_SETTINGS);
    expect(await importAndSaveSettings(json)).toEqual({ ok: true, settings: custom });
    expect(await getSettings()).toEqual(custom);
  });
});

describe('importSettings: clear, specific errors', () => {
  it('not JSON', () => {
    expect(errorOf('{"app": "reader-context",')).toMatch(/not valid JSON/);
    expect(errorOf('')).toMatch(/not valid JSON/);
  });

  it('wrong app, or not an object at all', () => {
    expect(errorOf(file(custom, 2, 'other-extension'))).toMatch(/not a Reader Context settings file/);
    expect(errorOf(JSON.stringify(custom))).toMatch(/not a Reader Context settings file/);
    expect(errorOf('[1,2,3]')).toMatch(/not a Reader Context settings file/);
    expect(errorOf('null')).toMatch(/not a Reader Context settings file/);
  });

  it('newer version', () => {
    const error = errorOf(file(custom, 3));
    expect(error).toMatch(/newer Reader Context/);
    expect(error).toMatch(/settings version 3/);
  });

  it('missing or invalid version', () => {
    expect(errorOf(JSON.stringify({ app: 'reader-context', settings: custom }))).toMatch(/settingsVersion/);
    expect(errorOf(file(custom, '2'))).toMatch(/settingsVersion/);
    expect(errorOf(file(custom, 0))).toMatch(/settingsVersion/);
    expect(errorOf(file(custom, 1.5))).toMatch(/settingsVersion/);
  });

  it.each<[string, unknown, RegExp]>([
    ['dwellMs', 'slow', /"dwellMs" must be a number/],
    ['dwellMs', 20, /"dwellMs" must be a whole number of milliseconds from 150 to 2000, not 20/],
    ['dwellMs', 600.5, /"dwellMs"/],
    ['paused', 'yes', /"paused" must be true or false, not "yes"/],
    ['style', 'bold', /"style" must be one of "underline", "background", "none", not "bold"/],
    ['modifierKey', 'alt', /"modifierKey" must be one of/],
    ['disabledSites', 'bbc.co.uk', /"disabledSites" must be a list/],
    [
      'disabledSites',
      ['bbc.co.uk', 'not a site'],
      /"disabledSites" entry 2 \("not a site"\) is not a site name/,
    ],
    ['knownEntities', ['ok', 42], /"knownEntities" entry 2 \(42\) is not an entity id/],
    ['types', { person: 'yes' }, /"types" \.person must be true or false/],
    ['types', { spaceship: true }, /"types" has an unknown entity type "spaceship"/],
  ])('a bad %s names the field and the problem', (field, bad, message) => {
    expect(errorOf(file({ ...custom, [field]: bad }))).toMatch(message);
  });

  it('refuses an unknown setting, naming it (a typo would otherwise be lost without a word)', () => {
    expect(errorOf(file({ ...custom, dwellMS: 600 }))).toMatch(/Unknown setting "dwellMS"/);
    expect(errorOf(file(JSON.parse('{"__proto__": {"paused": true}}')))).toMatch(
      /Unknown setting "__proto__"/,
    );
  });

  it('refuses a list over the cap', () => {
    const sites = Array.from({ length: MAX_DISABLED_SITES + 1 }, (_, i) => `site${i}.example`);
    expect(errorOf(file({ disabledSites: sites }))).toMatch(/has 5001 entries; at most 5000/);
  });

  it('refuses a settings value that is not an object', () => {
    expect(errorOf(file('everything on'))).toMatch(/"settings" must be an object/);
  });

  it('normalises sites and fills fields an older file lacks with defaults', () => {
    const r = importSettings(
      file({ disabledSites: ['www.dailymail.co.uk', 'dailymail.co.uk'], badge: false }),
    );
    expect(r).toEqual({
      ok: true,
      settings: { ...DEFAULT_SETTINGS, disabledSites: ['dailymail.co.uk'], badge: false },
    });
  });

  it('migrates a version 1 file', () => {
    const r = importSettings(file({ enabled: false, blockedHosts: ['news.bbc.co.uk'] }, 1));
    expect(r).toEqual({
      ok: true,
      settings: { ...DEFAULT_SETTINGS, paused: true, disabledSites: ['bbc.co.uk'] },
    });
  });

  it('holds a version 1 file to the same standard', () => {
    expect(errorOf(file({ enabled: 'no' }, 1))).toMatch(/"enabled" must be true or false/);
    expect(errorOf(file({ blockedHosts: ['bad host'] }, 1))).toMatch(/"blockedHosts" entry 1/);
    expect(errorOf(file({ enabled: true, paused: false }, 1))).toMatch(/Unknown version 1 setting "paused"/);
  });
});

describe('known entities and the knowledge', () => {
  const knowledgeIds = new Set(['alexander-lukashenko', 'vladimir-putin']);

  it('leaves out known entities the knowledge does not have, and names them', () => {
    const json = file({ ...custom, knownEntities: ['alexander-lukashenko', '<b>x</b>', 'gone-entity'] });
    const r = importSettings(json, knowledgeIds);
    expect(r).toEqual({
      ok: true,
      settings: { ...custom, knownEntities: ['alexander-lukashenko'] },
      leftOut: ['<b>x</b>', 'gone-entity'],
    });
  });

  it('stores only the known entities the knowledge has', async () => {
    const r = await importAndSaveSettings(file({ ...custom, knownEntities: ['nobody'] }), knowledgeIds);
    expect(r).toMatchObject({ ok: true, leftOut: ['nobody'] });
    expect((await getSettings()).knownEntities).toEqual([]);
    expect(await importAndSaveSettings(file(custom), knowledgeIds)).toEqual({ ok: true, settings: custom });
  });
});

describe('a bad file changes nothing', () => {
  it.each([
    ['not JSON', 'settings, please'],
    ['wrong app', file(DEFAULT_SETTINGS, 2, 'another-app')],
    ['newer version', file(DEFAULT_SETTINGS, 99)],
    ['bad field', file({ ...DEFAULT_SETTINGS, dwellMs: 'soon' })],
  ])('%s', async (_name, json) => {
    await updateSettings(custom);
    const before = await fakeBrowser.storage.local.get(null);
    const r = await importAndSaveSettings(json);
    expect(r.ok).toBe(false);
    expect(await fakeBrowser.storage.local.get(null)).toEqual(before);
    expect(await getSettings()).toEqual(custom);
  });
});

describe('importSettings: files from before the reading memory', () => {
  it('import with the memory off and its default limits', () => {
    const { memory: _m, memoryDays: _d, memoryPages: _p, ...older } = custom;
    expect(importSettings(file(older))).toEqual({
      ok: true,
      settings: { ...custom, memory: false, memoryDays: 90, memoryPages: 1000 },
    });
  });

  it('refuse retention limits out of range, naming the field', () => {
    expect(errorOf(file({ ...custom, memoryDays: 0 }))).toMatch(/memoryDays/);
    expect(errorOf(file({ ...custom, memoryPages: 1e6 }))).toMatch(/memoryPages/);
  });
});
