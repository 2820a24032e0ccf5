/**
 * Search over everything the extension knows: an ARIA 1.2 combobox (input + listbox). ArrowDown/ArrowUp move
 * through the results, Enter opens the highlighted one (the first when none is), Escape closes the list, then
 * clears the query. The chosen entity's card is shown inline below. The search function is a prop (fuse.js via
 * core/search.ts in the popup), so the view stays free of indexing and browser APIs.
 */
import { useId, useMemo, useState } from 'preact/hooks';
import { EntityCard, typeLabel } from '@/components/card/EntityCard';
import type { Entity, Knowledge } from '@/core/knowledge/types';
import { t } from '@/extension/i18n';

export interface SearchBoxProps {
  search: (q: string) => { id: string; score: number }[];
  knowledge: Knowledge;
  initialQuery?: string | undefined;
  /** Entities on the current page, for the card's relations; empty when unknown. */
  onPage?: Set<string> | undefined;
  /** "I know this one" on the inline card; the button is hidden without it. */
  onKnow?: ((entityId: string) => void) | undefined;
  /** Heading level of the inline card's name. Default 2. */
  headingLevel?: 2 | 3 | undefined;
  /** The current page's date, when it gives one: the card's context is as of that day, as its hover card's is. */
  asOf?: string | undefined;
}

const EMPTY = new Set<string>();

export function SearchBox(props: SearchBoxProps) {
  const { search, knowledge, initialQuery = '', onPage = EMPTY, onKnow, headingLevel = 2, asOf } = props;
  const id = useId();
  const inputId = `rc-search-${id}`;
  const listId = `rc-results-${id}`;
  const optionId = (i: number) => `rc-option-${id}-${i}`;

  const byId = useMemo(() => new Map(knowledge.entities.map((e) => [e.id, e])), [knowledge]);
  const articles = useMemo(() => Object.fromEntries(knowledge.articles.map((a) => [a.id, a])), [knowledge]);
  const nameOf = (eid: string) => byId.get(eid)?.name;

  const [query, setQuery] = useState(initialQuery);
  const [active, setActive] = useState(-1);
  const [open, setOpen] = useState(initialQuery.trim().length > 0);
  const [chosen, setChosen] = useState<string | null>(null);

  const results = useMemo(() => {
    const found: Entity[] = [];
    for (const hit of search(query)) {
      const entity = byId.get(hit.id);
      if (entity) found.push(entity);
    }
    return found;
  }, [search, query, byId]);
  const trimmed = query.trim();
  const expanded = open && results.length > 0;
  const chosenEntity = chosen ? byId.get(chosen) : undefined;

  const choose = (index: number) => {
    const entity = results[index];
    if (!entity) return;
    setChosen(entity.id);
    setActive(index);
    setOpen(false);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        if (results.length === 0) return;
        setOpen(true);
        setActive((a) => (!open || a < 0 ? 0 : (a + 1) % results.length));
        return;
      case 'ArrowUp':
        e.preventDefault();
        if (results.length === 0) return;
        setOpen(true);
        setActive((a) => (!open || a <= 0 ? results.length - 1 : a - 1));
        return;
      case 'Enter':
        if (results.length === 0) return;
        e.preventDefault();
        choose(active >= 0 && active < results.length ? active : 0);
        return;
      case 'Escape':
        if (expanded) {
          e.preventDefault();
          setOpen(false);
        } else if (query) {
          e.preventDefault();
          setQuery('');
          setChosen(null);
          setActive(-1);
        }
        return;
    }
  };

  let status = '';
  // One letter matches too much to list: say what the search needs rather than show nothing.
  if (trimmed.length === 1) status = t('searchTooShort');
  else if (trimmed.length >= 2 && !chosenEntity) {
    status =
      results.length === 0
        ? t('searchNoResults', trimmed)
        : results.length === 1
          ? t('searchResultsOne')
          : t('searchResultsCount', results.length);
  }

  return (
    <div class="rc-search">
      <label for={inputId} class="rc-label">
        {t('searchLabel')}
      </label>
      <input
        id={inputId}
        class="rc-input"
        type="text"
        role="combobox"
        enterKeyHint="search"
        autoComplete="off"
        spellcheck={false}
        placeholder={t('searchPlaceholder')}
        aria-autocomplete="list"
        aria-expanded={expanded ? 'true' : 'false'}
        aria-controls={listId}
        aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
        value={query}
        onInput={(e) => {
          setQuery((e.currentTarget as HTMLInputElement).value);
          setActive(-1);
          setOpen(true);
          setChosen(null);
        }}
        onKeyDown={onKeyDown}
      />
      <div id={listId} role="listbox" class="rc-results" aria-label={t('searchLabel')} hidden={!expanded}>
        {results.map((entity, i) => (
          // biome-ignore lint/a11y/useFocusableInteractive: the ARIA combobox pattern keeps focus in the input and points at options with aria-activedescendant; the input handles the keys.
          // biome-ignore lint/a11y/useKeyWithClickEvents: as above, keyboard selection is the input's (ArrowUp/Down, Enter).
          <div
            key={entity.id}
            id={optionId(i)}
            role="option"
            aria-selected={i === active ? 'true' : 'false'}
            class="rc-option"
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => choose(i)}
          >
            <span class="rc-option-name">{entity.name}</span>
            <span class="rc-option-meta">
              {typeLabel(entity.type)} · {entity.description.text}
            </span>
          </div>
        ))}
      </div>
      <p class="rc-sr-status rc-muted" role="status">
        {status}
      </p>
      {chosenEntity ? (
        <EntityCard
          key={chosenEntity.id}
          entity={chosenEntity}
          articles={articles}
          nameOf={nameOf}
          onPage={onPage}
          variant="inline"
          headingLevel={headingLevel}
          asOf={asOf}
          onKnow={onKnow ? () => onKnow(chosenEntity.id) : undefined}
        />
      ) : null}
    </div>
  );
}
