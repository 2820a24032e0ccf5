// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SearchBox } from '@/components/search/SearchBox';
import { buildSearchIndex, createSearcher } from '@/core/search';
import { axeViolations } from '@/tests/dom/axe';
import { fixtureKnowledge } from '@/tests/fixtures/views/knowledge';

afterEach(cleanup);

// The real fuse.js searcher, loading a prebuilt index as the popup does.
const searcher = createSearcher(fixtureKnowledge.entities, buildSearchIndex(fixtureKnowledge.entities));
const search = (q: string) => searcher.search(q);

function renderSearch(props: { initialQuery?: string; onKnow?: (id: string) => void; asOf?: string } = {}) {
  render(
    <main>
      <h1>Reader Context</h1>
      <SearchBox search={search} knowledge={fixtureKnowledge} {...props} />
    </main>,
  );
  return screen.getByRole('combobox', { name: 'Search everything Reader Context knows' }) as HTMLInputElement;
}

describe('SearchBox', () => {
  it('finds Lukashenko from a typo and opens his card with Enter', () => {
    const input = renderSearch();
    fireEvent.input(input, { target: { value: 'Lukashnko' } });
    const listbox = screen.getByRole('listbox');
    const options = within(listbox).getAllByRole('option');
    expect(options[0]?.textContent).toContain('Alexander Lukashenko');
    expect(input.getAttribute('aria-expanded')).toBe('true');
    expect(screen.getByRole('status').textContent).toMatch(/results?$/);
    fireEvent.keyDown(input, { key: 'Enter' });
    const card = screen.getByRole('region', { name: 'Alexander Lukashenko' });
    expect(card.textContent).toContain('President of Belarus since 1994.');
    // inline card: no mentions row, no dialog, list closed
    expect(card.textContent).not.toContain('mentions on this page');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(input.getAttribute('aria-expanded')).toBe('false');
  });

  it('moves through results with the arrow keys and opens the active one', () => {
    const input = renderSearch();
    fireEvent.input(input, { target: { value: 'Sochi' } });
    const options = screen.getAllByRole('option');
    expect(options.length).toBeGreaterThan(1);
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    expect(input.getAttribute('aria-activedescendant')).toBe(options[0]?.id);
    expect(options[0]?.getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    expect(input.getAttribute('aria-activedescendant')).toBe(options[1]?.id);
    fireEvent.keyDown(input, { key: 'ArrowUp' });
    expect(input.getAttribute('aria-activedescendant')).toBe(options[0]?.id);
    fireEvent.keyDown(input, { key: 'ArrowUp' });
    expect(input.getAttribute('aria-activedescendant')).toBe(options[options.length - 1]?.id);
    const last = options[options.length - 1]?.querySelector('.rc-option-name')?.textContent ?? '';
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(screen.getByRole('region', { name: last })).toBeTruthy();
  });

  it('opens a result on click, and Escape closes the list then clears', () => {
    const input = renderSearch();
    fireEvent.input(input, { target: { value: 'Putin' } });
    fireEvent.click(screen.getAllByRole('option')[0] as HTMLElement);
    expect(screen.getByRole('region', { name: 'Vladimir Putin' })).toBeTruthy();
    fireEvent.input(input, { target: { value: 'Put' } });
    expect(input.getAttribute('aria-expanded')).toBe('true');
    fireEvent.keyDown(input, { key: 'Escape' });
    expect(input.getAttribute('aria-expanded')).toBe('false');
    fireEvent.keyDown(input, { key: 'Escape' });
    expect(input.value).toBe('');
  });

  it('prefills the query and says when nothing matches', () => {
    const input = renderSearch({ initialQuery: 'Лукашэнка' });
    expect(input.value).toBe('Лукашэнка');
    expect(screen.getAllByRole('option')[0]?.textContent).toContain('Alexander Lukashenko');
    fireEvent.input(input, { target: { value: 'zzqqxx' } });
    expect(screen.getByRole('status').textContent).toBe('Nothing found for “zzqqxx”.');
    expect(input.getAttribute('aria-expanded')).toBe('false');
  });

  it('gives the chosen card the context as of the page’s date, as its hover card does', () => {
    const input = renderSearch({ asOf: '2020-09-14' });
    fireEvent.input(input, { target: { value: 'Lukashenko' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    const card = screen.getByRole('region', { name: 'Alexander Lukashenko' }).textContent ?? '';
    expect(card).toContain('As of 14 Sep 2020 (MailOnline):');
    expect(card).not.toContain('26 Sep 2022');
  });

  it('says a single letter is too little to search for, and nothing for an empty query', () => {
    const input = renderSearch();
    fireEvent.input(input, { target: { value: 'p' } });
    expect(screen.getByRole('status').textContent).toBe('Type two letters or more.');
    expect(screen.queryAllByRole('option')).toEqual([]);
    fireEvent.input(input, { target: { value: '' } });
    expect(screen.getByRole('status').textContent).toBe('');
  });

  it('offers "I know this one" on the card when wired', () => {
    const onKnow = vi.fn();
    const input = renderSearch({ onKnow });
    fireEvent.input(input, { target: { value: 'Sochi' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    fireEvent.click(screen.getByRole('button', { name: 'I know this one' }));
    expect(onKnow).toHaveBeenCalledWith('sochi');
  });

  it('has no axe violations with results open and with a card', async () => {
    const input = renderSearch();
    fireEvent.input(input, { target: { value: 'Lukashnko' } });
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    expect(await axeViolations(document)).toEqual([]);
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(await axeViolations(document)).toEqual([]);
  });
});
