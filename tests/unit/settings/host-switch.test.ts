import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  isHighlightingOn,
  isHostSwitchedOff,
  parseSettings,
  type Settings,
  storedSiteItem,
  switchedOffSite,
} from '@/core/settings';
import { siteOfHostname } from '@/core/site';

function off(...disabledSites: string[]): Settings {
  return { ...DEFAULT_SETTINGS, disabledSites };
}

describe('isHostSwitchedOff', () => {
  it('a disabled site covers its own hosts', () => {
    const s = off('bbc.co.uk', 'dailymail.co.uk');
    expect(isHostSwitchedOff(s, 'www.dailymail.co.uk')).toBe(true);
    expect(isHostSwitchedOff(s, 'dailymail.co.uk')).toBe(true);
    expect(isHostSwitchedOff(s, 'news.bbc.co.uk')).toBe(true);
    expect(isHostSwitchedOff(s, 'a.b.news.bbc.co.uk')).toBe(true);
  });

  it('and nothing else: a name that merely ends the same way is another site', () => {
    const s = off('dailymail.co.uk', 'bbc.co.uk');
    expect(isHostSwitchedOff(s, 'notdailymail.co.uk')).toBe(false);
    expect(isHostSwitchedOff(s, 'www.notdailymail.co.uk')).toBe(false);
    expect(isHostSwitchedOff(s, 'bbc.com')).toBe(false);
    expect(isHostSwitchedOff(s, 'co.uk')).toBe(false);
    expect(isHostSwitchedOff(s, 'dailymail.co.uk.evil.example')).toBe(false);
    expect(isHostSwitchedOff(off(), 'www.dailymail.co.uk')).toBe(false);
  });

  it('ignores case and the trailing dot of a fully qualified name', () => {
    const s = off('dailymail.co.uk');
    expect(isHostSwitchedOff(s, 'WWW.DailyMail.CO.UK')).toBe(true);
    expect(isHostSwitchedOff(s, 'www.dailymail.co.uk.')).toBe(true);
  });

  it('matches IP addresses exactly', () => {
    const s = off('192.168.1.10', '[::1]', '[2001:db8::1]');
    expect(isHostSwitchedOff(s, '192.168.1.10')).toBe(true);
    expect(isHostSwitchedOff(s, '192.168.1.1')).toBe(false);
    expect(isHostSwitchedOff(s, '10.192.168.1.10')).toBe(false);
    expect(isHostSwitchedOff(off('168.1.10'), '192.168.1.10')).toBe(false);
    expect(isHostSwitchedOff(s, '[::1]')).toBe(true);
    expect(isHostSwitchedOff(s, '[2001:DB8::1]')).toBe(true);
    expect(isHostSwitchedOff(s, '[::2]')).toBe(false);
  });

  it('a single-label entry (localhost, an intranet name, a bare TLD) covers only itself', () => {
    const s = off('localhost', 'intranet', 'com');
    expect(isHostSwitchedOff(s, 'localhost')).toBe(true);
    expect(isHostSwitchedOff(s, 'app.localhost')).toBe(false);
    expect(isHostSwitchedOff(s, 'intranet')).toBe(true);
    expect(isHostSwitchedOff(s, 'wiki.intranet')).toBe(false);
    expect(isHostSwitchedOff(s, 'example.com')).toBe(false);
  });

  it('private suffixes: one GitHub Pages site does not switch off another', () => {
    const s = off('foo.github.io');
    expect(isHostSwitchedOff(s, 'foo.github.io')).toBe(true);
    expect(isHostSwitchedOff(s, 'bar.github.io')).toBe(false);
    expect(isHostSwitchedOff(s, 'github.io')).toBe(false);
  });

  it('paused switches every host off, and pages without a host follow the pause alone', () => {
    const paused = { ...off('bbc.co.uk'), paused: true };
    expect(isHostSwitchedOff(paused, 'www.dailymail.co.uk')).toBe(true);
    expect(isHostSwitchedOff(paused, '')).toBe(true);
    expect(isHostSwitchedOff(off('bbc.co.uk'), '')).toBe(false);
  });

  it('agrees with isHighlightingOn(siteOf(host)) for the hosts of registrable domains', () => {
    const s = parseSettings({
      disabledSites: ['bbc.co.uk', 'dailymail.co.uk', 'foo.github.io', '127.0.0.1'],
    });
    const hosts = [
      'www.bbc.co.uk',
      'bbc.co.uk',
      'bbc.com',
      'news.bbc.co.uk',
      'www.dailymail.co.uk',
      'notdailymail.co.uk',
      'foo.github.io',
      'www.foo.github.io',
      'bar.github.io',
      'github.io',
      '127.0.0.1',
      '127.0.0.2',
      'localhost',
      'example.com',
      'xn--bcher-kva.de',
    ];
    for (const host of hosts) {
      for (const paused of [false, true]) {
        const settings = { ...s, paused };
        expect(isHostSwitchedOff(settings, host), `${host} paused=${paused}`).toBe(
          !isHighlightingOn(settings, siteOfHostname(host)),
        );
      }
    }
  });
});

describe('switchedOffSite', () => {
  it('names the entry that covers the host (the most specific one), or null', () => {
    expect(switchedOffSite(off('dailymail.co.uk'), 'www.dailymail.co.uk')).toBe('dailymail.co.uk');
    expect(switchedOffSite(off('dailymail.co.uk'), 'notdailymail.co.uk')).toBeNull();
    expect(switchedOffSite(off('example.com', 'www.example.com'), 'a.www.example.com')).toBe(
      'www.example.com',
    );
    expect(switchedOffSite(off('192.168.1.10'), '192.168.1.10')).toBe('192.168.1.10');
    expect(switchedOffSite(off('bbc.co.uk'), '')).toBeNull();
  });

  it('ignores the pause (the page summary reports that on its own)', () => {
    expect(switchedOffSite({ ...off(), paused: true }, 'www.bbc.co.uk')).toBeNull();
  });
});

describe('storedSiteItem: the syntactic check of stored sites', () => {
  it('accepts every form siteOfHostname stores', () => {
    for (const host of [
      'www.bbc.co.uk',
      'foo.github.io',
      'localhost',
      'bücher.de',
      '1.2.3.4',
      '0x7f.1',
      '[::1]',
      '[2001:DB8::1]',
      '[::ffff:1.2.3.4]',
      'a_b.example.com',
      `${'a'.repeat(63)}.com`,
    ]) {
      const site = siteOfHostname(host);
      expect(site, host).not.toBeNull();
      expect(storedSiteItem(site as string), host).toBe(site);
    }
  });

  it.each([
    '',
    'not a site',
    'BBC.co.uk',
    'bücher.de',
    'bbc.co.uk.',
    '.bbc.co.uk',
    'bbc..co.uk',
    '-bbc.co.uk',
    'bbc-.co.uk',
    'https://bbc.co.uk',
    'bbc.co.uk/news',
    'bbc.co.uk:8080',
    '::1',
    '[::1',
    '[fe80::1%eth0]',
    '256.1.1.1',
    '01.2.3.4',
    '3.4',
    'example.0x7f',
    `${'a'.repeat(64)}.com`,
    `${'a.'.repeat(127)}com`,
  ])('drops %j', (raw) => {
    expect(storedSiteItem(raw)).toBeNull();
  });
});
