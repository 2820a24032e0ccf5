// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { forgetSite, type Memory, type MemoryPage } from '@/core/memory';
import type { ContentResponse, PageSummary, ToContent } from '@/core/messages';
import { buildSearchIndex, createSearcher } from '@/core/search';
import { DEFAULT_SETTINGS, type Settings } from '@/core/settings';
import { PopupApp } from '@/entrypoints/popup/App';
import type { PopupDeps } from '@/popup/use-popup';
import { axeViolations } from '@/tests/dom/axe';
import { fixtureKnowledge } from '@/tests/fixtures/views/knowledge';

afterEach(cleanup);

const searcher = createSearcher(fixtureKnowledge.entities, buildSearchIndex(fixtureKnowledge.entities));
const URL_ = 'https://www.dailymail.co.uk/news/article-1/belarus.html';

const earlier = (n: number, site: string, entity = 'lukashenko'): MemoryPage => ({
  url: `https://www.${site}/news/${n}`,
  title: `Earlier ${n} on ${site}`,
  site,
  date: '2026-12-02',
  dated: 'published',
  seenAt: Date.now() - n * 1000,
  entities: [{ id: entity, count: 2, sentence: `Sentence ${n} naming them.` }],
});

function popup(memoryOn: boolean, pages: MemoryPage[]) {
  let settings: Settings = { ...structuredClone(DEFAULT_SETTINGS), memory: memoryOn } as Settings;
  let memory: Memory = { pages };
  const memoryWatchers = new Set<() => void>();
  const summary = (): PageSummary => {
    const off = settings.disabledSites.includes('dailymail.co.uk');
    return {
      url: URL_,
      site: off ? 'dailymail.co.uk' : null,
      state: off ? 'site-off' : 'active',
      scanning: false,
      entities: off
        ? []
        : [
            { id: 'lukashenko', count: 3 },
            { id: 'putin', count: 1 },
          ],
      totalMentions: off ? 0 : 4,
    };
  };
  const deps: PopupDeps = {
    knowledge: fixtureKnowledge,
    search: (q) => searcher.search(q),
    tabId: 7,
    tabUrl: URL_,
    sendToTab: (async <M extends ToContent>(_tab: number, msg: M) =>
      (msg.type === 'page:summary' ? summary() : null) as ContentResponse<M>) as PopupDeps['sendToTab'],
    getSettings: async () => settings,
    watchSettings: () => () => {},
    setSiteEnabled: vi.fn(async (site: string, enabled: boolean) => {
      settings = {
        ...settings,
        disabledSites: enabled ? settings.disabledSites.filter((d) => d !== site) : [site],
      };
      return settings;
    }),
    updateSettings: vi.fn(async (patch: Partial<Settings>) => {
      settings = { ...settings, ...patch };
      return settings;
    }),
    memory: {
      readMemory: async () => ({ memory, status: 'ok' }),
      watchMemory: (cb) => {
        memoryWatchers.add(cb);
        return () => memoryWatchers.delete(cb);
      },
      forgetSite: vi.fn(async (site: string) => {
        memory = forgetSite(memory, site);
        for (const w of memoryWatchers) w();
      }),
    },
  };
  return { deps, memory: () => memory };
}

describe('popup: the reading memory', () => {
  const pages = [
    earlier(1, 'theguardian.com'),
    earlier(2, 'bbc.co.uk'),
    { ...earlier(3, 'dailymail.co.uk'), url: URL_ },
  ];

  it('shows nothing of it while the memory is off', async () => {
    render(<PopupApp {...popup(false, pages).deps} />);
    await screen.findByRole('button', { name: 'Alexander Lukashenko' });
    expect(screen.queryByRole('button', { name: /Earlier pages naming/ })).toBeNull();
  });

  it('says how many earlier pages name each entity (not this one), and lists them on demand', async () => {
    render(<PopupApp {...popup(true, pages).deps} />);
    const count = await screen.findByRole('button', { name: 'Earlier pages naming Alexander Lukashenko: 2' });
    expect(count.textContent).toBe('Earlier: 2');
    expect(screen.queryByRole('button', { name: /Earlier pages naming Vladimir Putin/ })).toBeNull();
    expect(count.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(count);
    expect(count.getAttribute('aria-expanded')).toBe('true');
    const list = document.getElementById(count.getAttribute('aria-controls') as string) as HTMLElement;
    const links = within(list).getAllByRole('link');
    expect(links.map((a) => a.textContent)).toEqual([
      'Earlier 1 on theguardian.com',
      'Earlier 2 on bbc.co.uk',
    ]);
    expect(links[0]?.getAttribute('target')).toBe('_blank');
    expect(list.textContent).toContain('Sentence 1 naming them.');
    expect(await axeViolations()).toEqual([]);
  });

  it('after switching the site off, offers to forget what it kept there', async () => {
    const p = popup(true, pages);
    render(<PopupApp {...p.deps} />);
    const site = await screen.findByRole('switch', { name: /dailymail\.co\.uk/ });
    fireEvent.click(site);
    const offer = await screen.findByRole('button', {
      name: 'Also forget what Reader Context remembered on this site?',
    });
    fireEvent.click(offer);
    await waitFor(() =>
      expect(p.memory().pages.map((x) => x.site)).toEqual(['theguardian.com', 'bbc.co.uk']),
    );
    await screen.findByText('Forgot what was remembered on dailymail.co.uk.');
    expect(screen.queryByRole('button', { name: /Also forget/ })).toBeNull();
  });
});
