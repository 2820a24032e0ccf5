/**
 * Under an entity in the popup's summary: how many earlier pages name it (the reading memory), as a small button
 * that lists them: each title a link to the page, with its site, date and the sentence that named it. Props in,
 * events out.
 */
import { useId, useState } from 'preact/hooks';
import { formatDate } from '@/core/i18n';
import type { EarlierPage } from '@/core/memory';
import { t } from '@/extension/i18n';

export interface EarlierSource {
  count(id: string): number;
  pages(id: string): EarlierPage[];
}

export function EarlierPages({ id, name, source }: { id: string; name: string; source: EarlierSource }) {
  const [open, setOpen] = useState(false);
  const listId = `rc-earlier-${useId()}`;
  const count = source.count(id);
  if (count === 0) return null;
  return (
    <div class="rc-earlier">
      <button
        type="button"
        class="rc-link-button rc-earlier-button"
        aria-expanded={open ? 'true' : 'false'}
        aria-controls={listId}
        aria-label={t('popupMemoryEarlierLabel', name, count)}
        onClick={() => setOpen(!open)}
      >
        {t('popupMemoryEarlier', count)}
      </button>
      <ul id={listId} class="rc-earlier-list" hidden={!open}>
        {open
          ? source.pages(id).map((p) => (
              <li key={p.url}>
                <a href={p.url} target="_blank" rel="noopener noreferrer">
                  {p.title}
                </a>
                <span class="rc-muted"> {t('cardReadingSource', p.site, formatDate(p.date))}</span>
                <q class="rc-earlier-sentence">{p.sentence}</q>
              </li>
            ))
          : null}
      </ul>
    </div>
  );
}
