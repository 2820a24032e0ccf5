/**
 * What the card's layers hold, each over part of the entity: context as of each article, disputes (positions
 * side by side), facts, a quote and relations. Each renders its content only; the layer gives the heading.
 */
import { formatDate } from '@/core/i18n';
import type { ArticleMeta, ContextAsOf, Entity } from '@/core/knowledge/types';
import { t } from '@/extension/i18n';
import { ClaimBody, ClaimText, EvidenceToggle, Source } from './Claim';
import type { RelationLine } from './relations';

type Articles = Record<string, ArticleMeta>;

export const MAX_FACTS = 3;

/** The entity's context, newest article first: the first is the preview's, all of them with evidence a layer. */
export function sortedContext(entity: Entity, articles: Articles): ContextAsOf[] {
  return [...entity.context].sort((a, b) =>
    (articles[b.article]?.date ?? '').localeCompare(articles[a.article]?.date ?? ''),
  );
}

/** "As of 14 Sep 2020 (MailOnline): …". */
export function ContextLine({ item, articles }: { item: ContextAsOf; articles: Articles }) {
  const a = articles[item.article];
  return (
    <>
      {a ? <span class="rc-asof">{t('cardAsOf', formatDate(a.date), a.publication)}</span> : null} {item.text}
    </>
  );
}

export function ContextList({ items, articles }: { items: ContextAsOf[]; articles: Articles }) {
  return (
    <ul class="rc-list">
      {items.map((c) => (
        <li key={c.article}>
          <ClaimBody
            text={<ContextLine item={c} articles={articles} />}
            evidence={c.evidence}
            articles={articles}
          />
        </li>
      ))}
    </ul>
  );
}

/** Each disputed topic with who claims what, the positions side by side (the layer's title says "Disputed"). */
export function Disputes({ entity, articles }: { entity: Entity; articles: Articles }) {
  return (
    <>
      {entity.disputes.map((d) => (
        <div class="rc-dispute" key={d.topic}>
          <p class="rc-dispute-topic">{d.topic}</p>
          <ul class="rc-positions">
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

export function FactsList({ entity, articles }: { entity: Entity; articles: Articles }) {
  return (
    <ul class="rc-list">
      {entity.facts.slice(0, MAX_FACTS).map((f) => (
        <li key={f.text}>
          <ClaimText claim={f} articles={articles} withSource />
        </li>
      ))}
    </ul>
  );
}

export function QuoteBlock({
  entity,
  articles,
  nameOf,
}: {
  entity: Entity;
  articles: Articles;
  nameOf: (id: string) => string | undefined;
}) {
  const quote = entity.quotes[0];
  if (!quote) return null;
  return (
    <>
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
    </>
  );
}

/** One sentence per other entity on the page, naming both. */
export function RelationsList({ lines }: { lines: RelationLine[] }) {
  return (
    <ul class="rc-list">
      {lines.map((l) => (
        <li key={l.other} data-entity={l.other}>
          {l.text}
        </li>
      ))}
    </ul>
  );
}
