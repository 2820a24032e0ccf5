// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PageSummaryView } from '@/components/summary/PageSummary';
import { SiteSwitch } from '@/components/summary/SiteSwitch';
import type { PageSummary } from '@/core/messages';
import { axeViolations } from '@/tests/dom/axe';
import { fixtureKnowledge } from '@/tests/fixtures/views/knowledge';

afterEach(cleanup);

const active: PageSummary = {
  url: 'https://www.dailymail.co.uk/news/article-1/belarus.html',
  site: 'dailymail.co.uk',
  state: 'active',
  scanning: false,
  entities: [
    { id: 'sochi', count: 3 },
    { id: 'lukashenko', count: 34 },
    { id: 'putin', count: 12 },
    { id: 'un', count: 1 },
    { id: 'election-2020', count: 1 },
    { id: 'not-in-knowledge', count: 5 },
  ],
  totalMentions: 51,
};

function renderSummary(
  summary: PageSummary | undefined,
  extra: { unsupported?: 'pdf-viewer' | 'unreachable' } = {},
) {
  const onReveal = vi.fn();
  render(
    <main>
      <h1>Reader Context</h1>
      <PageSummaryView summary={summary} knowledge={fixtureKnowledge} onReveal={onReveal} {...extra} />
    </main>,
  );
  return { onReveal };
}

describe('PageSummaryView', () => {
  it('groups entities by type with counts, most-mentioned first, and one line of context', () => {
    renderSummary(active);
    const groups = screen.getAllByRole('heading', { level: 3 }).map((h) => h.textContent);
    expect(groups.slice(0, 4)).toEqual(['People', 'Places', 'Organisations', 'Events']);
    const people = screen.getByRole('heading', { name: 'People' }).parentElement as HTMLElement;
    const buttons = within(people).getAllByRole('button');
    // Named by what they show (label in name); the count and the line of context are the description.
    expect(buttons.map((b) => b.textContent)).toEqual(['Alexander Lukashenko34', 'Vladimir Putin12']);
    expect(buttons.map((b) => b.getAttribute('aria-label'))).toEqual([null, null]);
    expect(screen.getByRole('button', { name: 'Alexander Lukashenko' })).toBe(buttons[0]);
    expect(screen.getByRole('button', { name: 'United Nations' })).toBeTruthy();
    const luka = buttons[0] as HTMLElement;
    const described = (luka.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .map((idRef) => document.getElementById(idRef)?.textContent);
    expect(described).toEqual([
      '34 mentions on this page; activate to reveal the next.',
      'President of Belarus since 1994.',
    ]);
    const un = screen.getByRole('button', { name: 'United Nations' });
    const unCount = document.getElementById((un.getAttribute('aria-describedby') ?? '').split(' ')[0] ?? '');
    expect(unCount?.textContent).toBe('1 mention on this page; activate to reveal it.');
    // ids the knowledge does not have are left out; totals come from the summary
    expect(document.body.textContent).not.toContain('not-in-knowledge');
    expect(screen.getByText('5 names, 51 mentions')).toBeTruthy();
  });

  it('reveals an entity on click', () => {
    const { onReveal } = renderSummary(active);
    fireEvent.click(screen.getByRole('button', { name: /^Vladimir Putin/ }));
    fireEvent.click(screen.getByRole('button', { name: /^Vladimir Putin/ }));
    expect(onReveal.mock.calls).toEqual([['putin'], ['putin']]);
  });

  it('says what to know first, then every name, then the dated events', () => {
    renderSummary(active);
    const regions = screen.getAllByRole('region').map((r) => r.getAttribute('aria-labelledby'));
    const named = (name: string) =>
      screen.getByRole('region', { name }).getAttribute('aria-labelledby') as string;
    expect(regions).toEqual([named('What to know'), named('On this page'), named('Dated events')]);
  });

  it('says what to know: top three entities’ latest context and dated events in order', () => {
    renderSummary(active);
    const section = screen.getByRole('region', { name: 'What to know' });
    const items = within(section).getAllByRole('listitem');
    const [luka, putin, sochi] = items.map((li) => li.textContent ?? '');
    expect(luka).toBe(
      'Alexander Lukashenko: Meeting Putin in Sochi as Russia mobilises troops. As of 26 Sep 2022 (The Sun)',
    );
    expect(putin).toContain('Vladimir Putin: Facing protests over the mobilisation he ordered.');
    expect(sochi).toBe('Sochi: Russian resort city on the Black Sea.');
    const events = screen.getByRole('region', { name: 'Dated events' }).querySelectorAll('ol > li');
    expect([...events].map((li) => li.querySelector('time')?.getAttribute('datetime'))).toEqual([
      '2020-08-09',
      '2020-09-14',
    ]);
    expect(events[0]?.textContent).toContain('9 Aug 2020');
    expect(events[0]?.textContent).toContain('2020 Belarusian presidential election');
    expect(events[0]?.textContent).toContain('Reported by MailOnline, 14 Sep 2020');
  });

  it('says what was true as of the date the page gives: no later source, no later event', () => {
    renderSummary({ ...active, published: '2020-09-14' });
    const section = screen.getByRole('region', { name: 'What to know' });
    expect(section.textContent).toContain('As of 14 Sep 2020, the date this page gives.');
    const items = [...section.querySelectorAll('ul > li')].map((li) => li.textContent ?? '');
    expect(items).toEqual([
      'Alexander Lukashenko: Facing mass protests after an election he claimed to have won; asking Russia for support. (MailOnline)',
      // The fixture has no context for Putin from 2020 or before: his description, true whatever the date.
      'Vladimir Putin: President of Russia.',
      'Sochi: Russian resort city on the Black Sea.',
    ]);
    expect(section.textContent).not.toContain('The Sun');
    cleanup();
    renderSummary(active);
    expect(screen.getByRole('region', { name: 'What to know' }).textContent).toContain(
      'This page gives no date: here is the latest the sources say.',
    );
  });

  it('says when no entities were found, and when still scanning', () => {
    renderSummary({ ...active, entities: [], totalMentions: 0 });
    expect(screen.getByRole('status').textContent).toContain(
      'found no people, places, organisations or events',
    );
    expect(screen.queryByRole('region', { name: 'What to know' })).toBeNull();
    cleanup();
    renderSummary({ ...active, entities: [], totalMentions: 0, scanning: true });
    expect(screen.getByRole('status').textContent).toBe('Still reading this page…');
  });

  it('says when the site is switched off or Reader Context is paused', () => {
    renderSummary({ ...active, state: 'site-off', entities: [] });
    expect(document.body.textContent).toContain('Highlights are off on dailymail.co.uk.');
    cleanup();
    renderSummary({ ...active, state: 'paused', entities: [] });
    expect(document.body.textContent).toContain('Reader Context is paused everywhere.');
    expect(screen.queryAllByRole('button')).toHaveLength(0);
  });

  it('says when the page cannot be read, and why', () => {
    renderSummary(undefined, { unsupported: 'pdf-viewer' });
    expect(document.body.textContent).toContain('Reader Context can’t read this page. Search still works.');
    expect(document.body.textContent).toContain('PDF viewer');
    cleanup();
    renderSummary(undefined);
    expect(screen.getByRole('status').textContent).toBe('Looking at this page…');
  });

  it('renders knowledge text as text', () => {
    const hostile = structuredClone(fixtureKnowledge);
    const luka = hostile.entities.find((e) => e.id === 'lukashenko');
    if (!luka) throw new Error('fixture');
    luka.name = '<img src=x onerror=alert(1)>';
    luka.description.text = '<script>alert(1)</script>';
    render(<PageSummaryView summary={active} knowledge={hostile} onReveal={() => {}} />);
    expect(document.body.querySelector('img, script')).toBeNull();
    expect(document.body.textContent).toContain('<img src=x onerror=alert(1)>');
  });

  it('has no axe violations', async () => {
    renderSummary(active);
    expect(await axeViolations(document)).toEqual([]);
  });
});

describe('SiteSwitch', () => {
  it('is a switch named for the site, and toggling calls back', () => {
    const onToggleSite = vi.fn();
    const onTogglePause = vi.fn();
    render(
      <SiteSwitch
        site="dailymail.co.uk"
        enabled
        paused={false}
        onToggleSite={onToggleSite}
        onTogglePause={onTogglePause}
      />,
    );
    const site = screen.getByRole('switch', { name: 'Highlights on dailymail.co.uk' }) as HTMLInputElement;
    expect(site.type).toBe('checkbox');
    expect(site.checked).toBe(true);
    fireEvent.click(site);
    expect(onToggleSite).toHaveBeenCalledWith(false);
    const pause = screen.getByRole('switch', { name: 'Pause Reader Context everywhere' }) as HTMLInputElement;
    expect(pause.checked).toBe(false);
    fireEvent.click(pause);
    expect(onTogglePause).toHaveBeenCalledWith(true);
  });

  it('has only the pause switch for pages without a site', async () => {
    render(
      <main>
        <h1>Reader Context</h1>
        <SiteSwitch site={null} enabled paused onToggleSite={() => {}} onTogglePause={() => {}} />
      </main>,
    );
    expect(screen.getAllByRole('switch')).toHaveLength(1);
    expect((screen.getByRole('switch') as HTMLInputElement).checked).toBe(true);
    expect(await axeViolations(document)).toEqual([]);
  });
});
