// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cardCss, EntityCard, type EntityCardProps } from '@/components/card';
import type { Entity } from '@/core/knowledge/types';
import { axeViolations } from '@/tests/dom/axe';
import { fixtureArticles, fixtureEntity, fixtureNameOf } from '@/tests/fixtures/views/knowledge';

afterEach(cleanup);

function renderCard(overrides: Partial<EntityCardProps> = {}) {
  const handlers = {
    onStep: vi.fn(),
    onPin: vi.fn(),
    onClose: vi.fn(),
    onKnow: vi.fn(),
  };
  const props: EntityCardProps = {
    entity: fixtureEntity('lukashenko'),
    articles: fixtureArticles,
    nameOf: fixtureNameOf,
    onPage: new Set(['lukashenko', 'putin', 'sochi']),
    mention: { index: 2, count: 34 },
    pinned: false,
    headingId: 'card-heading',
    ...handlers,
    ...overrides,
  };
  const result = render(<EntityCard {...props} />);
  return { ...result, ...handlers, dialog: screen.getByRole('dialog') };
}

/** Opens every closed layer of the card. */
function openAllLayers(dialog: HTMLElement): void {
  for (const b of dialog.querySelectorAll<HTMLElement>('.rc-layer-button[aria-expanded="false"]')) {
    fireEvent.click(b);
  }
}

describe('EntityCard', () => {
  it('is a non-modal dialog named by the entity heading', () => {
    const { dialog } = renderCard();
    expect(dialog.getAttribute('aria-modal')).toBe('false');
    expect(dialog.getAttribute('aria-labelledby')).toBe('card-heading');
    const heading = screen.getByRole('heading', { level: 2 });
    expect(heading.id).toBe('card-heading');
    expect(heading.textContent).toBe('Alexander Lukashenko');
  });

  it('renders every section from the knowledge, the preview first and the rest in layers', () => {
    const { dialog } = renderCard();
    // the preview: name, type, description marked as general knowledge, the newest context
    const preview = dialog.textContent ?? '';
    expect(preview).toContain('Person');
    expect(preview).toContain('President of Belarus since 1994.');
    expect(preview).toContain('since 1994. (general knowledge, not from a news report)');
    expect(preview).toContain('As of 26 Sep 2022 (The Sun):');
    expect(preview).not.toContain('As of 14 Sep 2020');
    expect(preview).not.toContain('Our course is right');
    openAllLayers(dialog);
    const text = dialog.textContent ?? '';
    // every context in its layer, newest first
    expect(text).toContain('As of 14 Sep 2020 (MailOnline):');
    expect(text.indexOf('As of 26 Sep 2022')).toBeLessThan(text.indexOf('As of 14 Sep 2020'));
    // three key facts (not the fourth), each with a source
    const facts = screen.getByRole('heading', { name: 'Key facts' }).closest('section');
    expect(facts).not.toBeNull();
    const items = within(facts as HTMLElement).getAllByRole('listitem');
    expect(items).toHaveLength(3);
    expect(text).not.toContain('A fourth fact');
    expect(items[0]?.textContent).toContain('Belarus leader looks to Putin to help him cling on to power');
    expect(items[0]?.textContent).toContain('MailOnline, 14 Sep 2020 (date inferred)');
    // one quote, attributed, with to/where
    expect(text).toContain('“Our course is right, our cause is right.”');
    expect(text).toContain('— Alexander Lukashenko, to Vladimir Putin, in Sochi');
    // other spellings
    expect(text).toContain('Aliaksandr Lukashenka, Лукашэнка');
    // dispute with who claims what
    expect(text).toContain('Disputed');
    expect(text).toContain('Result of the 2020 presidential election');
    expect(text).toContain('Lukashenko: won the election');
    expect(text).toContain('The opposition and protesters: the vote was rigged');
    // mentions row
    expect(text).toContain('34 mentions on this page');
    expect(text).toContain('3 of 34');
  });

  it('shows relations only to entities present on the page, as sentences naming both', () => {
    const { dialog } = renderCard({ onPage: new Set(['lukashenko', 'putin']) });
    openAllLayers(dialog);
    const section = screen
      .getByRole('heading', { name: 'Also on this page' })
      .closest('section') as HTMLElement;
    const items = within(section).getAllByRole('listitem');
    expect(items.map((li) => li.textContent)).toEqual([
      'Lukashenko asked Putin for support in Sochi, 14 September 2020.',
    ]);
    cleanup();
    renderCard({ onPage: new Set(['lukashenko']) });
    expect(screen.queryByRole('heading', { name: 'Also on this page' })).toBeNull();
  });

  it('renders HTML-looking knowledge as text, never as elements', () => {
    const base = fixtureEntity('lukashenko');
    const hostile: Entity = {
      ...base,
      name: '<b>Bold</b> name',
      description: { text: '<img src=x onerror=alert(1)>', basis: 'background', evidence: [] },
      alsoSpelled: ['<script>alert(1)</script>'],
      facts: [
        {
          text: '<a href="javascript:alert(1)">click</a>',
          basis: 'article',
          evidence: [
            { article: '002_a01b8898927d213c', quote: '<iframe src="https://evil.example"></iframe>' },
          ],
        },
      ],
    };
    const { dialog } = renderCard({ entity: hostile });
    openAllLayers(dialog);
    expect(dialog.querySelector('img, script, iframe, a, b')).toBeNull();
    expect(dialog.textContent).toContain('<img src=x onerror=alert(1)>');
    expect(dialog.textContent).toContain('<b>Bold</b> name');
    const facts = screen.getByRole('heading', { name: 'Key facts' }).closest('section') as HTMLElement;
    fireEvent.click(within(facts).getByRole('button', { name: 'Source sentence' }));
    expect(dialog.querySelector('iframe')).toBeNull();
    expect(dialog.textContent).toContain('<iframe src="https://evil.example"></iframe>');
  });

  it('reveals the exact evidence sentence through a disclosure button', () => {
    const { dialog } = renderCard({ openLayers: ['facts'] });
    const facts = screen.getByRole('heading', { name: 'Key facts' }).closest('section') as HTMLElement;
    const toggle = within(facts).getAllByRole('button', { name: 'Source sentence' })[0] as HTMLElement;
    const panel = dialog.querySelector(
      `#${CSS.escape(toggle.getAttribute('aria-controls') ?? '')}`,
    ) as HTMLElement;
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(panel.hidden).toBe(true);
    // a closed panel is not built at all: a card has a dozen of them
    expect(panel.childElementCount).toBe(0);
    // the button is described by the claim it proves
    const describedBy = toggle.getAttribute('aria-describedby') ?? '';
    expect(dialog.querySelector(`#${CSS.escape(describedBy)}`)?.textContent).toContain('26 years');
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(panel.hidden).toBe(false);
    expect(panel.querySelector('blockquote')?.textContent).toBe(
      'Lukashenko is facing the gravest crisis of his 26 years in power and has failed to reclaim the streets from demonstrators since claiming victory in a disputed election last month.',
    );
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(panel.hidden).toBe(true);
    expect(panel.childElementCount).toBe(0);
  });

  it('steps to the previous and next mention', () => {
    const { onStep } = renderCard();
    fireEvent.click(screen.getByRole('button', { name: 'Previous mention' }));
    fireEvent.click(screen.getByRole('button', { name: 'Next mention' }));
    expect(onStep.mock.calls).toEqual([[-1], [1]]);
  });

  it('hides the mentions row without a mention, and the stepper for a single mention', () => {
    const { dialog } = renderCard({ mention: undefined });
    expect(dialog.textContent).not.toContain('mentions on this page');
    expect(screen.queryByRole('button', { name: 'Next mention' })).toBeNull();
    cleanup();
    renderCard({ mention: { index: 0, count: 1 } });
    expect(screen.getByRole('dialog').textContent).toContain('1 mention on this page');
    expect(screen.queryByRole('button', { name: 'Next mention' })).toBeNull();
  });

  it('calls onClose on Escape inside the card and from the close button', () => {
    const { onClose, dialog } = renderCard();
    fireEvent.keyDown(screen.getByRole('button', { name: 'Next mention' }), { key: 'Escape' });
    expect(onClose).toHaveBeenCalledTimes(1);
    fireEvent.keyDown(dialog, { key: 'Enter' });
    expect(onClose).toHaveBeenCalledTimes(1);
    fireEvent.click(screen.getByRole('button', { name: 'Close card' }));
    expect(onClose).toHaveBeenCalledTimes(2);
  });

  it('pins with a toggle button and offers "I know this one"', () => {
    const { onPin, rerender } = renderCard();
    const pin = screen.getByRole('button', { name: 'Pin card' });
    expect(pin.getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(pin);
    expect(onPin).toHaveBeenCalledTimes(1);
    rerender(
      <EntityCard
        entity={fixtureEntity('lukashenko')}
        articles={fixtureArticles}
        nameOf={fixtureNameOf}
        onPage={new Set()}
        pinned
        onPin={onPin}
      />,
    );
    expect(screen.getByRole('button', { name: 'Pin card' }).getAttribute('aria-pressed')).toBe('true');
    cleanup();
    const second = renderCard();
    const know = screen.getByRole('button', { name: 'I know this one' });
    expect(know.getAttribute('aria-describedby')).toBeTruthy();
    fireEvent.click(know);
    expect(second.onKnow).toHaveBeenCalledTimes(1);
  });

  it('takes a colour scheme on its root and renders events with their date', () => {
    const { dialog } = renderCard({ entity: fixtureEntity('election-2020'), scheme: 'dark' });
    expect(dialog.getAttribute('data-scheme')).toBe('dark');
    expect(dialog.textContent).toContain('Event · 9 Aug 2020');
  });

  it('renders as a labelled region when inline, without dialog role', () => {
    render(
      <EntityCard
        entity={fixtureEntity('sochi')}
        articles={fixtureArticles}
        nameOf={fixtureNameOf}
        onPage={new Set()}
        variant="inline"
        headingLevel={3}
      />,
    );
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByRole('region', { name: 'Sochi' })).toBeTruthy();
    expect(screen.getByRole('heading', { level: 3, name: 'Sochi' })).toBeTruthy();
  });

  it('exports its stylesheet as a string with both schemes and reduced motion', () => {
    // Vitest does not process CSS (cardCss is '' here); the build inlines the file, so check the file itself.
    expect(typeof cardCss).toBe('string');
    const css = readFileSync(resolve(process.cwd(), 'components/card/card.css'), 'utf8');
    expect(css).toContain('.rc-card');
    expect(css).toContain('[data-scheme="dark"]');
    expect(css).toContain('prefers-reduced-motion: no-preference');
    expect(css).toContain(':focus-visible');
    // animations live only inside the no-preference block
    const motion = css.indexOf('@media (prefers-reduced-motion: no-preference)');
    expect(css.indexOf('animation:')).toBeGreaterThan(motion);
    expect(css.indexOf('transition:')).toBeGreaterThan(motion);
  });

  it('has no axe violations, closed and with evidence open', async () => {
    const { dialog } = renderCard({ pinned: true });
    expect(await axeViolations(document)).toEqual([]);
    openAllLayers(dialog);
    for (const b of within(dialog).getAllByRole('button', { name: 'Source sentence' })) fireEvent.click(b);
    expect(await axeViolations(document)).toEqual([]);
  });
});

describe('EntityCard: layers', () => {
  const layerButton = (name: string) =>
    screen.getByRole('heading', { name }).querySelector('button') as HTMLButtonElement;

  it('opens each layer from a native button in its heading, closed by default', () => {
    const { dialog } = renderCard();
    const buttons = [...dialog.querySelectorAll<HTMLButtonElement>('.rc-layer-button')];
    expect(buttons.map((b) => b.querySelector('.rc-layer-label')?.textContent)).toEqual([
      'Context',
      'Disputed',
      'Key facts',
      'Quote',
      'Also on this page',
      'Other spellings',
    ]);
    for (const b of buttons) {
      // a native button: Enter and Space activate it, with no key handling of our own
      expect(b.tagName).toBe('BUTTON');
      expect(b.type).toBe('button');
      expect(b.getAttribute('aria-expanded')).toBe('false');
      const panel = dialog.querySelector(`#${CSS.escape(b.getAttribute('aria-controls') ?? '')}`);
      expect((panel as HTMLElement).hidden).toBe(true);
      expect(panel?.childElementCount).toBe(0);
    }
    const facts = layerButton('Key facts');
    fireEvent.click(facts);
    expect(facts.getAttribute('aria-expanded')).toBe('true');
    const panel = dialog.querySelector(`#${CSS.escape(facts.getAttribute('aria-controls') ?? '')}`);
    expect((panel as HTMLElement).hidden).toBe(false);
    expect(within(panel as HTMLElement).getAllByRole('listitem')).toHaveLength(3);
    fireEvent.click(facts);
    expect(facts.getAttribute('aria-expanded')).toBe('false');
  });

  it('reports the open layers and opens the ones it is given', () => {
    const onLayersChange = vi.fn();
    renderCard({ onLayersChange });
    fireEvent.click(layerButton('Also on this page'));
    fireEvent.click(layerButton('Key facts'));
    // in the card's order, whatever the order of opening
    expect(onLayersChange.mock.calls.at(-1)).toEqual([['facts', 'relations']]);
    fireEvent.click(layerButton('Also on this page'));
    expect(onLayersChange.mock.calls.at(-1)).toEqual([['facts']]);
    cleanup();
    renderCard({ openLayers: ['quote'] });
    expect(layerButton('Quote').getAttribute('aria-expanded')).toBe('true');
    expect(screen.getByRole('dialog').textContent).toContain('Our course is right');
    expect(layerButton('Key facts').getAttribute('aria-expanded')).toBe('false');
  });

  it('keeps the header and the footer outside the scrolling body', () => {
    const { dialog } = renderCard();
    const parts = [...dialog.children].map((c) => c.className);
    expect(parts).toEqual(['rc-head', 'rc-body', 'rc-foot']);
    expect(dialog.querySelector('.rc-head')?.textContent).toContain('Alexander Lukashenko');
    const foot = dialog.querySelector('.rc-foot') as HTMLElement;
    expect(within(foot).getByRole('button', { name: 'Next mention' })).toBeTruthy();
    expect(within(foot).getByRole('button', { name: 'I know this one' })).toBeTruthy();
    const css = readFileSync(resolve(process.cwd(), 'components/card/card.css'), 'utf8');
    expect(css).toMatch(/\.rc-body \{[^}]*overflow: auto/);
    expect(css).toMatch(/\.rc-head \{[^}]*flex: none/);
    expect(css).toMatch(/\.rc-foot \{[^}]*flex: none/);
  });

  it('lists every other spelling in its layer', () => {
    const base = fixtureEntity('lukashenko');
    const entity = { ...base, alsoSpelled: ['A1', 'A2', 'A3', 'A4', 'A5', 'A6'] };
    render(
      <EntityCard entity={entity} articles={fixtureArticles} nameOf={fixtureNameOf} onPage={new Set()} />,
    );
    expect(screen.queryByText(/A1/)).toBeNull();
    fireEvent.click(layerButton('Other spellings'));
    expect(screen.getByText(/A1/).textContent).toBe('A1, A2, A3, A4, A5, A6');
  });
});

describe('EntityCard: in your reading', () => {
  const earlier = [
    {
      url: 'https://www.theguardian.com/world/belarus',
      title: 'Belarus votes',
      site: 'theguardian.com',
      date: '2026-12-02',
      dated: 'published' as const,
      sentence: 'Alexander Lukashenko claimed a sixth term.',
      count: 4,
    },
    {
      url: 'https://www.bbc.co.uk/news/1',
      title: 'Minsk protests',
      site: 'bbc.co.uk',
      date: '2026-11-20',
      dated: 'visited' as const,
      sentence: 'Crowds gathered as Lukashenko spoke.',
      count: 1,
    },
  ];

  it('has no layer without earlier pages', () => {
    const { dialog } = renderCard({ earlier: [] });
    expect(dialog.querySelector('[data-layer="reading"]')).toBeNull();
  });

  it('lists earlier pages in a layer that opens on demand: title as a link, site, date, the sentence', async () => {
    const { dialog } = renderCard({ earlier });
    const button = screen.getByRole('heading', { name: 'In your reading' }).querySelector('button');
    expect(button?.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(button as HTMLButtonElement);
    const layer = dialog.querySelector('[data-layer="reading"]') as HTMLElement;
    const links = within(layer).getAllByRole('link');
    expect(links.map((a) => [a.textContent, a.getAttribute('href')])).toEqual([
      ['Belarus votes', 'https://www.theguardian.com/world/belarus'],
      ['Minsk protests', 'https://www.bbc.co.uk/news/1'],
    ]);
    for (const a of links) {
      expect(a.getAttribute('target')).toBe('_blank');
      expect(a.getAttribute('rel')).toContain('noopener');
    }
    expect(layer.textContent).toContain('theguardian.com, 2 Dec 2026');
    expect(layer.textContent).toContain('“Alexander Lukashenko claimed a sixth term.”');
    expect(await axeViolations(dialog)).toEqual([]);
  });
});

describe('the preview, as of the page', () => {
  it("shows the newest context, or what the sources said as of the page's own date", () => {
    const newest = renderCard().dialog.querySelector('.rc-latest')?.textContent ?? '';
    cleanup();
    const asOf2020 = renderCard({ asOf: '2020-09-20' }).dialog.querySelector('.rc-latest')?.textContent ?? '';
    expect(newest).toContain('2022');
    expect(asOf2020).toContain('2020');
    expect(asOf2020).not.toContain('2022');
  });
});
