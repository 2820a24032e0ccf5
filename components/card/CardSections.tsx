/**
 * The card's body sections, each over part of the entity: disputes, context as of each article, facts, a quote
 * and relations. A section with nothing to show renders nothing.
 */
import { formatDate } from '@/core/i18n';
import type { ArticleMeta, Entity } from '@/core/knowledge/types';
import { t } from '@/extension/i18n';
import { ClaimBody, ClaimText, EvidenceToggle, Source } from './Claim';

type Articles = Record<string, ArticleMeta>;
/** Section headings sit one level below the name heading. */
type SectionHeading = 'h3' | 'h4';

const MAX_FACTS = 3;

export function Disputes({ entity, articles }: { entity: Entity; articles: Articles }) {
  return (
    <>
      {entity.disputes.map((d) => (
        <div class="rc-dispute" key={d.topic}>
          <p class="rc-dispute-topic">
            <span class="rc-tag rc-tag--disputed">{t('cardDisputed')}</span> {d.topic}
          </p>
          <ul class="rc-list">
            {d.positions.map((p) => (
              <li key={p.who}>
                <ClaimBody
                  text={
                    <>
                      <strong>{p.who}</strong>: {p.claim}
                    </>
                  }
                  evidence={p.evidence}
                  articles={articles}
                />
              </li>
            ))}
          </ul>
        </div>
      ))}
    </>
  );
}

/** What each article said about the entity as of its date, newest first. */
export function ContextSection({
  entity,
  articles,
  heading: H2,
}: {
  entity: Entity;
  articles: Articles;
  heading: SectionHeading;
}) {
  const context = [...entity.context].sort((a, b) =>
    (articles[b.article]?.date ?? '').localeCompare(articles[a.article]?.date ?? ''),
  );
  if (context.length === 0) return null;
  return (
    <section class="rc-section">
      <H2 class="rc-section-title">{t('cardContextHeading')}</H2>
      <ul class="rc-list">
        {context.map((c) => {
          const a = articles[c.article];
          return (
            <li key={c.article}>
              <ClaimBody
                text={
                  <>
                    {a ? (
                      <span class="rc-asof">{t('cardAsOf', formatDate(a.date), a.publication)}</span>
                    ) : null}{' '}
                    {c.text}
                  </>
                }
                evidence={c.evidence}
                articles={articles}
              />
            </li>
          );
        })}
      </ul>
    </section>
  );
}

export function FactsSection({
  entity,
  articles,
  heading: H2,
}: {
  entity: Entity;
  articles: Articles;
  heading: SectionHeading;
}) {
  const facts = entity.facts.slice(0, MAX_FACTS);
  if (facts.length === 0) return null;
  return (
    <section class="rc-section">
      <H2 class="rc-section-title">{t('cardFactsHeading')}</H2>
      <ul class="rc-list">
        {facts.map((f) => (
          <li key={f.text}>
            <ClaimText claim={f} articles={articles} withSource />
          </li>
        ))}
      </ul>
    </section>
  );
}

export function QuoteSection({
  entity,
  articles,
  nameOf,
  heading: H2,
}: {
  entity: Entity;
  articles: Articles;
  nameOf: (id: string) => string | undefined;
  heading: SectionHeading;
}) {
  const quote = entity.quotes[0];
  if (!quote) return null;
  return (
    <section class="rc-section">
      <H2 class="rc-section-title">{t('cardQuoteHeading')}</H2>
      <figure class="rc-quote">
        <blockquote>“{quote.text}”</blockquote>
        <figcaption>
          {'— '}
          {[
            entity.name,
            quote.toEntity || quote.to
              ? t('cardQuoteTo', (quote.toEntity && nameOf(quote.toEntity)) || quote.to || '')
              : null,
            quote.where ? t('cardQuoteWhere', quote.where) : null,
          ]
            .filter(Boolean)
            .join(', ')}
        </figcaption>
      </figure>
      <Source evidence={quote.evidence} articles={articles} />
      <EvidenceToggle evidence={quote.evidence} articles={articles} />
    </section>
  );
}

/** Relations to other entities, shown only for those present on the page. */
export function RelationsSection({
  entity,
  nameOf,
  onPage,
  heading: H2,
}: {
  entity: Entity;
  nameOf: (id: string) => string | undefined;
  onPage: Set<string>;
  heading: SectionHeading;
}) {
  const relations = entity.relations.filter(
    (r) => r.entity !== entity.id && onPage.has(r.entity) && nameOf(r.entity) !== undefined,
  );
  if (relations.length === 0) return null;
  return (
    <section class="rc-section">
      <H2 class="rc-section-title">{t('cardRelationsHeading')}</H2>
      <ul class="rc-list">
        {relations.map((r) => (
          <li key={r.entity}>
            <strong>{nameOf(r.entity)}</strong>: {r.relation}
          </li>
        ))}
      </ul>
    </section>
  );
}
