// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ContentResponse, PageSummary, ToContent } from '@/core/messages';
import { buildSearchIndex, createSearcher } from '@/core/search';
import { DEFAULT_SETTINGS, ListFullError, MAX_DISABLED_SITES, type Settings } from '@/core/settings';
import { PopupApp } from '@/entrypoints/popup/App';
import type { PopupDeps } from '@/popup/use-popup';
import { axeViolations } from '@/tests/dom/axe';
import { fixtureKnowledge } from '@/tests/fixtures/views/knowledge';

afterEach(cleanup);

const searcher = createSearcher(fixtureKnowledge.entities, buildSearchIndex(fixtureKnowledge.entities));

const URL_ = 'https://www.dailymail.co.uk/news/article-1/belarus.html';

function summaryFor(s: Settings): PageSummary {
  const state = s.paused ? 'paused' : s.disabledSites.includes('dailymail.co.uk') ? 'site-off' : 'active';
  return {
    url: URL_,
    site: 'dailymail.co.uk',
    state,
    scanning: false,
    entities:
      state === 'active'
        ? [
            { id: 'lukashenko', count: 34 },
            { id: 'putin', count: 12 },
          ]
        : [],
    totalMentions: state === 'active' ? 46 : 0,
  };
}

function fakeBrowser(opts: { tabUrl?: string; silent?: boolean } = {}) {
  let settings: Settings = structuredClone(DEFAULT_SETTINGS) as Settings;
  const watchers = new Set<(s: Settings) => void>();
  const save = (s: Settings) => {
    settings = s;
    for (const w of watchers) w(s);
    return Promise.resolve(s);
  };
  const sent: ToContent[] = [];
  let revealIndex = -1;
  const deps: PopupDeps = {
    knowledge: fixtureKnowledge,
    search: (q) => searcher.search(q),
    tabId: 7,
    tabUrl: opts.tabUrl ?? URL_,
    sendToTab: (async <M extends ToContent>(_tab: number, msg: M) => {
      sent.push(msg);
      if (opts.silent) return undefined;
      if (msg.type === 'page:summary') return summaryFor(settings) as ContentResponse<M>;
      if (msg.type === 'page:reveal') {
        revealIndex = (revealIndex + 1) % 34;
        return { index: revealIndex, count: 34 } as ContentResponse<M>;
      }
      return null as ContentResponse<M>;
    }) as PopupDeps['sendToTab'],
    getSettings: async () => settings,
    watchSettings: (cb) => {
      watchers.add(cb);
      return () => watchers.delete(cb);
    },
    setSiteEnabled: vi.fn(async (site: string, enabled: boolean) =>
      save({
        ...settings,
        disabledSites: enabled
          ? settings.disabledSites.filter((d) => d !== site)
          : [...settings.disabledSites, site],
      }),
    ),
    updateSettings: vi.fn(async (patch: Partial<Settings>) => save({ ...settings, ...patch })),
  };
  return { deps, sent };
}

describe('popup', () => {
  it('keeps its h1, lists the page’s entities, and reveals (cycling) on click', async () => {
    const { deps, sent } = fakeBrowser();
    render(<PopupApp {...deps} />);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Reader Context');
    const luka = await screen.findByRole('button', { name: 'Alexander Lukashenko' });
    fireEvent.click(luka);
    await waitFor(() => expect(screen.getByText('Alexander Lukashenko: mention 1 of 34')).toBeTruthy());
    fireEvent.click(luka);
    await waitFor(() => expect(screen.getByText('Alexander Lukashenko: mention 2 of 34')).toBeTruthy());
    expect(sent.filter((m) => m.type === 'page:reveal')).toEqual([
      { type: 'page:reveal', entity: 'lukashenko' },
      { type: 'page:reveal', entity: 'lukashenko' },
    ]);
  });

  it('switches the site off and the summary follows at once', async () => {
    const { deps } = fakeBrowser();
    render(<PopupApp {...deps} />);
    const site = (await screen.findByRole('switch', {
      name: 'Highlights on dailymail.co.uk',
    })) as HTMLInputElement;
    await screen.findByRole('button', { name: /^Alexander Lukashenko/ });
    expect(site.checked).toBe(true);
    fireEvent.click(site);
    expect(deps.setSiteEnabled).toHaveBeenCalledWith('dailymail.co.uk', false);
    await screen.findByText(/Highlights are off on dailymail\.co\.uk\./);
    expect(site.checked).toBe(false);
    fireEvent.click(screen.getByRole('switch', { name: 'Pause Reader Context everywhere' }));
    expect(deps.updateSettings).toHaveBeenCalledWith({ paused: true });
    await screen.findByText(/paused everywhere/);
  });

  it('drops what the last click said once the site is switched off or everything paused', async () => {
    const { deps } = fakeBrowser();
    render(<PopupApp {...deps} />);
    const site = await screen.findByRole('switch', { name: 'Highlights on dailymail.co.uk' });
    fireEvent.click(await screen.findByRole('button', { name: 'Alexander Lukashenko' }));
    await screen.findByText('Alexander Lukashenko: mention 1 of 34');
    fireEvent.click(site);
    await screen.findByText(/Highlights are off on dailymail\.co\.uk\./);
    expect(screen.queryByText(/mention 1 of 34/)).toBeNull();
    fireEvent.click(site);
    fireEvent.click(await screen.findByRole('button', { name: 'Alexander Lukashenko' }));
    await screen.findByText('Alexander Lukashenko: mention 2 of 34');
    fireEvent.click(screen.getByRole('switch', { name: 'Pause Reader Context everywhere' }));
    await screen.findByText(/paused everywhere/);
    expect(screen.queryByText(/mention 2 of 34/)).toBeNull();
  });

  it('says so when the list of switched-off sites is full, and the switch stays on', async () => {
    const { deps } = fakeBrowser();
    deps.setSiteEnabled = vi.fn(async () => {
      throw new ListFullError('disabledSites', MAX_DISABLED_SITES);
    });
    render(<PopupApp {...deps} />);
    const site = (await screen.findByRole('switch', {
      name: 'Highlights on dailymail.co.uk',
    })) as HTMLInputElement;
    fireEvent.click(site);
    const status = await screen.findByText(
      /Highlights stay on: the list of switched-off sites is full \(5000 sites\)/,
    );
    expect(status.getAttribute('role')).toBe('status');
    expect(site.checked).toBe(true);
  });

  it('names the site from the page address: the content script does not name it for an active page', async () => {
    const { deps } = fakeBrowser();
    const send = deps.sendToTab;
    // As the content script answers: `site` is only the switched-off entry covering the page, null here.
    deps.sendToTab = (async (tab: number, msg: ToContent) => {
      const answer = await send(tab, msg);
      return msg.type === 'page:summary' && answer ? { ...(answer as PageSummary), site: null } : answer;
    }) as PopupDeps['sendToTab'];
    deps.tabUrl = undefined; // the browser did not share the tab's address
    render(<PopupApp {...deps} />);
    const site = (await screen.findByRole('switch', {
      name: 'Highlights on dailymail.co.uk',
    })) as HTMLInputElement;
    expect(site.checked).toBe(true);
    fireEvent.click(site);
    expect(deps.setSiteEnabled).toHaveBeenCalledWith('dailymail.co.uk', false);
  });

  it('says when the page cannot be read, and search still works', async () => {
    const { deps } = fakeBrowser({ tabUrl: 'chrome://settings/', silent: true });
    render(<PopupApp {...deps} initialQuery="Lukashnko" />);
    await screen.findByText('Reader Context can’t read this page. Search still works.');
    expect(screen.queryByRole('switch', { name: /Highlights on/ })).toBeNull();
    const input = screen.getByRole('combobox');
    expect((input as HTMLInputElement).value).toBe('Lukashnko');
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(screen.getByRole('region', { name: 'Alexander Lukashenko' })).toBeTruthy();
  });

  it('as a lookup’s own tab: says the name is not in the knowledge, offers the search, shows no page state', async () => {
    const { deps, sent } = fakeBrowser({ tabUrl: 'chrome-extension://id/popup.html?q=the%20weather' });
    render(
      <PopupApp
        {...deps}
        tabId={undefined}
        tabUrl={undefined}
        initialQuery="the weather"
        lookup="the weather"
      />,
    );
    expect((await screen.findAllByRole('status')).map((s) => s.textContent)).toContain(
      '“the weather” is not a name Reader Context knows.Nothing in its knowledge is close to it. Search for another name or spelling below.',
    );
    expect((screen.getByRole('combobox') as HTMLInputElement).value).toBe('the weather');
    expect(document.body.textContent).not.toContain('can’t read this page');
    expect(screen.queryByRole('switch')).toBeNull();
    expect(screen.queryByRole('region', { name: 'On this page' })).toBeNull();
    expect(sent).toEqual([]);
    cleanup();
    // A near miss: the closest names are the search's results.
    render(
      <PopupApp {...deps} tabId={undefined} tabUrl={undefined} initialQuery="Lukashnko" lookup="Lukashnko" />,
    );
    await screen.findByText('“Lukashnko” is not a name Reader Context knows.');
    expect(
      screen.getByText('Its closest names are listed below; or search for another spelling.'),
    ).toBeTruthy();
    expect(screen.getAllByRole('option')[0]?.textContent).toContain('Alexander Lukashenko');
  });

  it('has no axe violations', async () => {
    const { deps } = fakeBrowser();
    render(<PopupApp {...deps} />);
    await screen.findByRole('button', { name: /^Alexander Lukashenko/ });
    expect(await axeViolations(document)).toEqual([]);
  });
});
