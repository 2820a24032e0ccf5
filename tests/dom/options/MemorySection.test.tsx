// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { MemoryPage } from '@/core/memory';
import { DEFAULT_SETTINGS, type Settings } from '@/core/settings';
import { exportSettings, importSettings } from '@/core/settings-io';
import { siteFromInput } from '@/core/site';
import { OptionsApp } from '@/entrypoints/options/App';
import {
  forgetAllMemory,
  forgetMemorySite,
  readMemory,
  recordPage,
  trimMemory,
  watchMemory,
} from '@/extension/memory-store';
import type { OptionsDeps } from '@/options/use-options';
import { axeViolations } from '@/tests/dom/axe';
import { fixtureKnowledge } from '@/tests/fixtures/views/knowledge';

beforeEach(() => fakeBrowser.reset());
afterEach(cleanup);

const page = (n: number, site = 'bbc.co.uk'): MemoryPage => ({
  url: `https://www.${site}/news/${n}`,
  title: `Article ${n}`,
  site,
  date: '2026-12-01',
  dated: 'visited',
  seenAt: Date.now() - n,
  entities: [{ id: 'putin', count: 1, sentence: 'Putin spoke.' }],
});

const retention = { days: 90, pages: 1000 };

function deps(): OptionsDeps & { stored: () => Settings } {
  let settings: Settings = structuredClone(DEFAULT_SETTINGS) as Settings;
  return {
    stored: () => settings,
    knowledge: fixtureKnowledge,
    getSettings: async () => settings,
    watchSettings: () => () => {},
    updateSettings: vi.fn(async (patch: Partial<Settings>) => {
      settings = { ...settings, ...patch };
      return settings;
    }),
    exportSettings,
    importAndSaveSettings: async (json) => importSettings(json),
    normaliseSite: siteFromInput,
    download: vi.fn(),
    memory: {
      readMemory,
      watchMemory,
      forgetSite: forgetMemorySite,
      forgetAll: forgetAllMemory,
      trim: trimMemory,
    },
  };
}

describe('the options page’s reading memory', () => {
  it('is off by default, says what is kept and that it stays on the device, and turns on', async () => {
    const d = deps();
    render(<OptionsApp {...d} />);
    const toggle = (await screen.findByRole('checkbox', {
      name: 'Remember the pages where I meet these names',
    })) as HTMLInputElement;
    expect(toggle.checked).toBe(false);
    expect(toggle.getAttribute('aria-describedby')).toBeTruthy();
    expect(document.getElementById(toggle.getAttribute('aria-describedby') as string)?.textContent).toMatch(
      /never leaves your device/,
    );
    fireEvent.click(toggle);
    await waitFor(() => expect(d.stored().memory).toBe(true));
    expect(await axeViolations()).toEqual([]);
  });

  it('counts the pages kept, forgets one site, then everything', async () => {
    await recordPage(page(1), retention);
    await recordPage(page(2), retention);
    await recordPage(page(3, 'theguardian.com'), retention);
    render(<OptionsApp {...deps()} />);
    await screen.findByText('Pages remembered: 3');
    fireEvent.input(screen.getByRole('textbox', { name: 'Forget what was kept from one site' }), {
      target: { value: 'https://www.bbc.co.uk/news' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Forget this site' }));
    await screen.findByText('Pages remembered: 1');
    expect((await readMemory()).memory.pages.map((p) => p.site)).toEqual(['theguardian.com']);
    fireEvent.click(screen.getByRole('button', { name: 'Forget everything' }));
    await screen.findByText('Pages remembered: 0');
    expect(await fakeBrowser.storage.local.get('memory')).toEqual({});
  });

  it('says so when the stored memory could not be read, and shows it as empty', async () => {
    await fakeBrowser.storage.local.set({ memory: '{not json' });
    render(<OptionsApp {...deps()} />);
    await screen.findByText(/could not be read, so it starts again empty/);
    await screen.findByText('Pages remembered: 0');
  });

  it('exports the memory as JSON', async () => {
    await recordPage(page(1), retention);
    const d = deps();
    render(<OptionsApp {...d} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Export the reading memory' }));
    await waitFor(() => expect(d.download).toHaveBeenCalled());
    const [filename, text] = (d.download as ReturnType<typeof vi.fn>).mock.calls[0] as [string, string];
    expect(filename).toBe('reader-context-reading-memory.json');
    expect(JSON.parse(text).memory.pages[0].title).toBe('Article 1');
  });

  it('applies a lower page limit at once', async () => {
    for (let n = 1; n <= 12; n++) await recordPage(page(n), retention);
    render(<OptionsApp {...deps()} />);
    const limit = await screen.findByRole('spinbutton', { name: 'Keep at most this many pages' });
    fireEvent.change(limit, { target: { value: '10' } });
    await screen.findByText('Pages remembered: 10');
  });
});
