/**
 * The card's "In your reading" layer: earlier pages where the reader met this entity (the reading memory), each
 * with its title (a link to the page), site, date and the sentence that named it, quoted as the page had it.
 */
import { formatDate } from '@/core/i18n';
import type { EarlierPage } from '@/core/memory';
import { t } from '@/extension/i18n';

export function ReadingList({ pages }: { pages: readonly EarlierPage[] }) {
  return (
    <ul class="rc-list rc-reading">
      {pages.map((p) => (
        <li key={p.url}>
          <a class="rc-reading-title" href={p.url} target="_blank" rel="noopener noreferrer">
            {p.title}
          </a>
          <span class="rc-reading-source"> {t('cardReadingSource', p.site, formatDate(p.date))}</span>
          <blockquote class="rc-reading-sentence">“{p.sentence}”</blockquote>
        </li>
      ))}
    </ul>
  );
}
