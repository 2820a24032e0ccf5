/**
 * What a lookup's own tab says first: whether the looked-up text is a name the knowledge has, in plain words,
 * above the search that is already filled in with it. Props in; no browser API.
 */
import { t } from '@/extension/i18n';

/** What the knowledge has for the text: an entity by that name, near matches only, or nothing. */
export type LookupOutcome = 'named' | 'near' | 'unknown';

export interface LookupNoticeProps {
  query: string;
  outcome: LookupOutcome;
}

export function LookupNotice({ query, outcome }: LookupNoticeProps) {
  if (outcome === 'named') {
    return (
      <p class="rc-state rc-lookup" role="status">
        {t('lookupNamed', query)}
      </p>
    );
  }
  return (
    <div class="rc-state rc-lookup" role="status">
      <p class="rc-lookup-title">{t('lookupUnknown', query)}</p>
      <p class="rc-muted">{outcome === 'near' ? t('lookupNear') : t('lookupNone')}</p>
    </div>
  );
}
