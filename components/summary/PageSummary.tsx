/**
 * The popup's summary of the current page, over plain data: the entities found (grouped by type, with counts and
 * one line of context, each a button that reveals it on the page), and "what to know" about it
 * (core/knowledge/what-to-know.ts), as of the page's own date when it gives one. Every state is said in words.
 */
import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';
import { ENTITY_GROUPS } from '@/components/entity-groups';
import { formatDate } from '@/core/i18n';
import type { Knowledge } from '@/core/knowledge/types';
import {
  type Found,
  foundEntities,
  type WhatToKnow as Know,
  whatToKnow,
} from '@/core/knowledge/what-to-know';
import type { PageSummary as PageSummaryData } from '@/core/messages';
import type { UnsupportedReason } from '@/core/site';
import { t } from '@/extension/i18n';
import { EarlierPages, type EarlierSource } from './EarlierPages';

export type SummaryUnavailable = UnsupportedReason | 'unreachable';

export interface PageSummaryProps {
  /** The content script's answer; undefined while waiting (or when `unsupported` says why there is none). */
  summary: PageSummaryData | undefined;
  knowledge: Knowledge;
  onReveal: (entityId: string) => void;
  /** Set when the page cannot be read: why (from unsupportedReason), or 'unreachable' when the tab was silent. */
  unsupported?: SummaryUnavailable | null | undefined;
  /** Heading level of the section titles; groups are one below. Default 2. */
  headingLevel?: 2 | 3 | undefined;
  /** The reading memory: earlier pages naming each entity; undefined while it is off. */
  earlier?: EarlierSource | undefined;
}

const UNSUPPORTED_DETAIL: Record<SummaryUnavailable, () => string> = {
  'browser-page': () => t('unsupportedBrowserPage'),
  'web-store': () => t('unsupportedWebStore'),
  'pdf-viewer': () => t('unsupportedPdfViewer'),
  'not-web': () => t('unsupportedNotWeb'),
  unreachable: () => t('unsupportedUnreachable'),
};

export function PageSummaryView(props: PageSummaryProps) {
  const { summary, knowledge, onReveal, unsupported, headingLevel = 2 } = props;
  const id = useId();
  const H = headingLevel === 2 ? 'h2' : 'h3';
  const headingId = `rc-summary-${id}`;
  const found = !unsupported && summary?.state === 'active' ? foundEntities(summary.entities, knowledge) : [];

  let body: ComponentChildren;
  if (unsupported) {
    body = (
      <div class="rc-state">
        <p>{t('summaryUnsupported')}</p>
        <p class="rc-muted">{UNSUPPORTED_DETAIL[unsupported]()}</p>
      </div>
    );
  } else if (!summary) {
    body = (
      <p class="rc-state" role="status">
        {t('summaryLoading')}
      </p>
    );
  } else if (summary.state === 'paused') {
    body = <p class="rc-state">{t('summaryPaused')}</p>;
  } else if (summary.state === 'site-off') {
    body = (
      <p class="rc-state">{summary.site ? t('summarySiteOff', summary.site) : t('summarySiteOffNoSite')}</p>
    );
  } else if (found.length === 0) {
    body = (
      <p class="rc-state" role="status">
        {summary.scanning ? t('summaryScanning') : t('summaryNoEntities')}
      </p>
    );
  } else {
    body = (
      <FoundList
        found={found}
        summary={summary}
        onReveal={onReveal}
        level={headingLevel}
        earlier={props.earlier}
      />
    );
  }

  // The page at a glance first (its leading names as of its date), then every name on it, then its dated events.
  const know = found.length > 0 ? whatToKnow(found, knowledge, summary?.published) : null;
  return (
    <>
      {know ? <WhatToKnow know={know} level={headingLevel} /> : null}
      <section class="rc-summary" aria-labelledby={headingId}>
        <H id={headingId} class="rc-heading">
          {t('popupSummaryHeading')}
        </H>
        {body}
      </section>
      {know && know.events.length > 0 ? <DatedEvents know={know} level={headingLevel} /> : null}
    </>
  );
}

function FoundList({
  found,
  summary,
  onReveal,
  level,
  earlier,
}: {
  found: Found[];
  summary: PageSummaryData;
  onReveal: (id: string) => void;
  level: 2 | 3;
  earlier: EarlierSource | undefined;
}) {
  const id = useId();
  const G = level === 2 ? 'h3' : 'h4';
  const mentions = found.reduce((n, f) => n + f.count, 0);
  return (
    <>
      <p class="rc-muted rc-total" role="status">
        {t('summaryTotal', found.length, summary.totalMentions || mentions)}
        {summary.scanning ? ` · ${t('summaryScanning')}` : null}
      </p>
      {ENTITY_GROUPS.map(({ type, label }) => {
        const group = found.filter((f) => f.entity.type === type);
        if (group.length === 0) return null;
        return (
          <div class="rc-group" key={type}>
            <G class="rc-group-title">{label()}</G>
            <ul class="rc-entities">
              {group.map(({ entity, count }) => {
                const descId = `rc-desc-${id}-${entity.id}`;
                const countId = `rc-count-${id}-${entity.id}`;
                return (
                  <li key={entity.id} class="rc-entity">
                    {/* Named by the entity's name alone, as seen (WCAG 2.5.3, label in name); the count is
                        shown, and read out with the description, not as part of the name. */}
                    <button
                      type="button"
                      class="rc-entity-button"
                      data-entity={entity.id}
                      aria-describedby={`${countId} ${descId}`}
                      onClick={() => onReveal(entity.id)}
                    >
                      <span class="rc-entity-name">{entity.name}</span>
                      <span class="rc-count" aria-hidden="true">
                        {count}
                      </span>
                    </button>
                    <span id={countId} class="rc-sr-only">
                      {count === 1 ? t('summaryEntityMentionOne') : t('summaryEntityMentionsMany', count)}
                    </span>
                    <p id={descId} class="rc-entity-desc">
                      {entity.description.text}
                    </p>
                    {earlier ? <EarlierPages id={entity.id} name={entity.name} source={earlier} /> : null}
                  </li>
                );
              })}
            </ul>
          </div>
        );
      })}
    </>
  );
}

function WhatToKnow({ know, level }: { know: Know; level: 2 | 3 }) {
  const id = useId();
  const H = level === 2 ? 'h2' : 'h3';
  return (
    <section class="rc-know" aria-labelledby={`rc-know-${id}`}>
      <H id={`rc-know-${id}`} class="rc-heading">
        {t('summaryWhatToKnow')}
      </H>
      <p class="rc-muted rc-know-asof">
        {know.asOf ? t('summaryPageDate', formatDate(know.asOf)) : t('summaryNoPageDate')}
      </p>
      <ul class="rc-know-list">
        {know.items.map(({ entity, text, source }) => (
          <li key={entity.id}>
            <strong>{entity.name}</strong>
            {': '}
            {text}
            {source ? (
              <span class="rc-muted rc-asof">
                {' '}
                {/* The page's own date is said once, above; each item then names only its source. */}
                {source.date === know.asOf
                  ? t('summarySource', source.publication)
                  : t('summaryAsOf', formatDate(source.date), source.publication)}
              </span>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The events the page's names include, in date order. */
function DatedEvents({ know, level }: { know: Know; level: 2 | 3 }) {
  const id = useId();
  const H = level === 2 ? 'h2' : 'h3';
  return (
    <section class="rc-events" aria-labelledby={`rc-events-${id}`}>
      <H id={`rc-events-${id}`} class="rc-heading">
        {t('summaryTimeline')}
      </H>
      <ol class="rc-timeline">
        {know.events.map(({ entity: e, source }) => (
          <li key={e.id}>
            <time dateTime={e.when.start} class="rc-when">
              {formatDate(e.when.start)}
              {e.when.end && e.when.end !== e.when.start ? ` – ${formatDate(e.when.end)}` : null}
            </time>{' '}
            <span class="rc-event">
              <strong>{e.name}</strong>
              {': '}
              {e.description.text}
              {source ? (
                <span class="rc-muted rc-reported">
                  {' '}
                  {t('summaryReportedBy', source.publication, formatDate(source.date))}
                </span>
              ) : null}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
