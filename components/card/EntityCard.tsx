/**
 * The hover card: everything the knowledge says about one entity, each claim with its source and the exact
 * sentence behind it. A view over plain data: props in, events out, no browser APIs. Every string from the
 * knowledge or the page is rendered as a text node (never as HTML).
 */
import type { JSX } from 'preact';
import { useId, useState } from 'preact/hooks';
import { formatDate } from '@/core/i18n';
import type { Scheme } from '@/core/scheme';
import { t } from '@/extension/i18n';
import type { ArticleMeta, Claim, Entity, EntityType, Evidence } from '../../core/knowledge/types';

export interface MentionPosition {
  /** 0-based position of the mention the card points at; shown as `index + 1` of `count`. */
  index: number;
  count: number;
}

export interface EntityCardProps {
  entity: Entity;
  /** Article metadata by id, for sources ("headline, publication, date"). */
  articles: Record<string, ArticleMeta>;
  /** Display name of another entity, for relations and quotes; undefined hides that relation. */
  nameOf: (id: string) => string | undefined;
  /** Ids of the entities present on the current page; relations are shown only to these. */
  onPage: Set<string>;
  /** The mention the card belongs to; omitted (popup search) hides the "N mentions on this page" row. */
  mention?: MentionPosition | undefined;
  onStep?: ((delta: -1 | 1) => void) | undefined;
  /** Pin, close and "I know this one" buttons render only when their handler is given. */
  pinned?: boolean | undefined;
  onPin?: (() => void) | undefined;
  onClose?: (() => void) | undefined;
  onKnow?: (() => void) | undefined;
  /** Id for the name heading (the dialog's accessible name); generated when omitted. */
  headingId?: string | undefined;
  /** Colour scheme; omitted follows prefers-color-scheme. */
  scheme?: Scheme | undefined;
  /**
   * dialog (default): the floating, non-modal hover card. inline: part of another page (popup search results),
   * rendered as a labelled region.
   */
  variant?: 'dialog' | 'inline' | undefined;
  /** Level of the name heading; section headings are one below. Default 2. */
  headingLevel?: 2 | 3 | undefined;
}

const TYPE_LABEL: Record<EntityType, () => string> = {
  person: () => t('typePerson'),
  place: () => t('typePlace'),
  organisation: () => t('typeOrganisation'),
  event: () => t('typeEvent'),
};

export function typeLabel(type: EntityType): string {
  return TYPE_LABEL[type]();
}

const MAX_FACTS = 3;

export function EntityCard(props: EntityCardProps) {
  const { entity, articles, nameOf, onPage, mention, variant = 'dialog', headingLevel = 2 } = props;
  const generatedId = useId();
  const headingId = props.headingId ?? `rc-card-${generatedId}`;
  const H = headingLevel === 2 ? 'h2' : 'h3';
  const H2 = headingLevel === 2 ? 'h3' : 'h4';

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && props.onClose) {
      // The host may also listen for Esc; it can skip events the card already handled.
      e.preventDefault();
      props.onClose();
    }
  };

  const context = [...entity.context].sort((a, b) =>
    (articles[b.article]?.date ?? '').localeCompare(articles[a.article]?.date ?? ''),
  );
  const facts = entity.facts.slice(0, MAX_FACTS);
  const quote = entity.quotes[0];
  const relations = entity.relations.filter(
    (r) => r.entity !== entity.id && onPage.has(r.entity) && nameOf(r.entity) !== undefined,
  );
  const when = entity.when
    ? entity.when.end && entity.when.end !== entity.when.start
      ? `${formatDate(entity.when.start)} – ${formatDate(entity.when.end)}`
      : formatDate(entity.when.start)
    : undefined;

  const body = (
    <>
      <header class="rc-head">
        <div class="rc-title">
          <H id={headingId} class="rc-name">
            {entity.name}
          </H>
          <p class="rc-type">
            {typeLabel(entity.type)}
            {when ? ` · ${when}` : null}
          </p>
        </div>
        {props.onPin || props.onClose ? (
          <div class="rc-actions">
            {props.onPin ? (
              <button
                type="button"
                class="rc-icon-button"
                aria-pressed={props.pinned ? 'true' : 'false'}
                aria-label={t('cardPin')}
                onClick={props.onPin}
              >
                <PinIcon />
              </button>
            ) : null}
            {props.onClose ? (
              <button
                type="button"
                class="rc-icon-button"
                aria-label={t('cardClose')}
                onClick={props.onClose}
              >
                <CloseIcon />
              </button>
            ) : null}
          </div>
        ) : null}
      </header>

      <ClaimText claim={entity.description} articles={articles} class="rc-desc" />

      {entity.alsoSpelled.length > 0 ? <AlsoSpelled names={entity.alsoSpelled} /> : null}

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

      {context.length > 0 ? (
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
      ) : null}

      {facts.length > 0 ? (
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
      ) : null}

      {quote ? (
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
      ) : null}

      {relations.length > 0 ? (
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
      ) : null}

      {mention || props.onKnow ? (
        <footer class="rc-foot">
          {mention ? <MentionStepper mention={mention} onStep={props.onStep} /> : null}
          {props.onKnow ? <KnowButton name={entity.name} onKnow={props.onKnow} /> : null}
        </footer>
      ) : null}
    </>
  );

  if (variant === 'inline') {
    return (
      <section class="rc-card rc-card--inline" data-scheme={props.scheme} aria-labelledby={headingId}>
        {body}
      </section>
    );
  }
  return (
    <div
      class="rc-card"
      role="dialog"
      aria-modal="false"
      aria-labelledby={headingId}
      data-scheme={props.scheme}
      tabIndex={-1}
      onKeyDown={onKeyDown}
    >
      {body}
    </div>
  );
}

function MentionStepper({
  mention,
  onStep,
}: {
  mention: MentionPosition;
  onStep?: ((d: -1 | 1) => void) | undefined;
}) {
  const { count } = mention;
  const position = Math.min(Math.max(mention.index, 0), Math.max(count - 1, 0)) + 1;
  const canStep = count > 1 && onStep !== undefined;
  return (
    <div class="rc-mentions">
      <span class="rc-mentions-count">
        {count === 1 ? t('cardMentionsOne') : t('cardMentionsMany', count)}
      </span>
      {count > 1 ? (
        <span class="rc-mentions-nav">
          <button
            type="button"
            class="rc-icon-button"
            aria-label={t('cardPrevMention')}
            disabled={!canStep}
            onClick={() => onStep?.(-1)}
          >
            <ChevronIcon dir="left" />
          </button>
          <span class="rc-mentions-pos" aria-live="polite" aria-atomic="true">
            {t('cardMentionPosition', position, count)}
          </span>
          <button
            type="button"
            class="rc-icon-button"
            aria-label={t('cardNextMention')}
            disabled={!canStep}
            onClick={() => onStep?.(1)}
          >
            <ChevronIcon dir="right" />
          </button>
        </span>
      ) : null}
    </div>
  );
}

function KnowButton({ name, onKnow }: { name: string; onKnow: () => void }) {
  const id = useId();
  return (
    <>
      <button type="button" class="rc-button" aria-describedby={`rc-know-${id}`} onClick={onKnow}>
        {t('cardKnow')}
      </button>
      <span id={`rc-know-${id}`} class="rc-sr-only">
        {t('cardKnowDescription', name)}
      </span>
    </>
  );
}

/** A claim: its text, a "background" tag when the articles do not make it, optionally its source, and evidence. */
function ClaimText({
  claim,
  articles,
  withSource = false,
  class: className,
}: {
  claim: Claim;
  articles: Record<string, ArticleMeta>;
  withSource?: boolean;
  class?: string;
}) {
  const background = claim.basis === 'background';
  return (
    <div class={className}>
      <ClaimBody
        text={
          <>
            {claim.text}
            {background ? (
              <>
                {' '}
                <span class="rc-tag">{t('cardBackground')}</span>
              </>
            ) : null}
          </>
        }
        evidence={background ? [] : claim.evidence}
        articles={articles}
        withSource={withSource}
      />
    </div>
  );
}

function ClaimBody({
  text,
  evidence,
  articles,
  withSource = false,
}: {
  text: JSX.Element;
  evidence: Evidence[];
  articles: Record<string, ArticleMeta>;
  withSource?: boolean;
}) {
  const id = useId();
  const textId = `rc-claim-${id}`;
  return (
    <>
      <p class="rc-claim" id={textId}>
        {text}
      </p>
      {withSource ? <Source evidence={evidence} articles={articles} /> : null}
      <EvidenceToggle evidence={evidence} articles={articles} describedBy={textId} />
    </>
  );
}

/** "Source: headline — publication, 14 Sep 2020" for the first article a claim's evidence comes from. */
function Source({ evidence, articles }: { evidence: Evidence[]; articles: Record<string, ArticleMeta> }) {
  const first = evidence.map((e) => articles[e.article]).find((a) => a !== undefined);
  if (!first) return null;
  return (
    <p class="rc-source">
      <span class="rc-source-label">{t('cardSource')}: </span>
      <cite class="rc-headline">{first.headline}</cite>
      <span class="rc-source-meta">
        {' — '}
        <ArticleDate article={first} />
      </span>
    </p>
  );
}

function ArticleDate({ article }: { article: ArticleMeta }) {
  return (
    <>
      {article.publication}, {formatDate(article.date)}
      {article.provenance.date.stated ? null : ` (${t('cardDateInferred')})`}
    </>
  );
}

/** Disclosure revealing the exact sentences behind a claim. */
function EvidenceToggle({
  evidence,
  articles,
  describedBy,
}: {
  evidence: Evidence[];
  articles: Record<string, ArticleMeta>;
  describedBy?: string;
}) {
  const [open, setOpen] = useState(false);
  const id = useId();
  if (evidence.length === 0) return null;
  const panelId = `rc-evidence-${id}`;
  return (
    <div class="rc-evidence">
      <button
        type="button"
        class="rc-disclosure"
        aria-expanded={open ? 'true' : 'false'}
        aria-controls={panelId}
        aria-describedby={describedBy}
        onClick={() => setOpen((o) => !o)}
      >
        <ChevronIcon dir={open ? 'down' : 'right'} />
        {t('cardEvidence')}
      </button>
      {/* Filled only when open: a card holds a dozen closed panels, and building them all slowed its first render. */}
      <div id={panelId} class="rc-evidence-panel" hidden={!open}>
        {open &&
          evidence.map((ev) => {
            const a = articles[ev.article];
            return (
              <figure class="rc-evidence-item" key={`${ev.article}:${ev.quote}`}>
                <blockquote class="rc-evidence-quote">{ev.quote}</blockquote>
                {a ? (
                  <figcaption class="rc-source">
                    <cite class="rc-headline">{a.headline}</cite>
                    {' — '}
                    <ArticleDate article={a} />
                  </figcaption>
                ) : null}
              </figure>
            );
          })}
      </div>
    </div>
  );
}

const svgProps = {
  width: 16,
  height: 16,
  viewBox: '0 0 16 16',
  focusable: 'false',
  fill: 'none',
  stroke: 'currentColor',
  'stroke-width': 1.6,
  'stroke-linecap': 'round',
  'stroke-linejoin': 'round',
} as const;

function CloseIcon() {
  return (
    <svg {...svgProps} aria-hidden="true">
      <path d="M4 4l8 8M12 4l-8 8" />
    </svg>
  );
}

function PinIcon() {
  return (
    <svg {...svgProps} aria-hidden="true">
      <path d="M6 2.5h4M7 2.5v3.2L4.5 8.5h7L9 5.7V2.5M8 8.5v5" />
    </svg>
  );
}

function ChevronIcon({ dir }: { dir: 'left' | 'right' | 'down' }) {
  const d =
    dir === 'left'
      ? 'M10 3.5L5.5 8l4.5 4.5'
      : dir === 'right'
        ? 'M6 3.5L10.5 8 6 12.5'
        : 'M3.5 6L8 10.5 12.5 6';
  return (
    <svg {...svgProps} aria-hidden="true">
      <path d={d} />
    </svg>
  );
}

/** Spellings shown before "and N more": enough for the common transliterations without crowding the card. */
const SPELLINGS_SHOWN = 4;

function AlsoSpelled({ names }: { names: string[] }) {
  const [all, setAll] = useState(false);
  const hidden = names.length - SPELLINGS_SHOWN;
  const shown = all || hidden <= 0 ? names : names.slice(0, SPELLINGS_SHOWN);
  return (
    <p class="rc-also">
      {t('cardAlsoSpelled', shown.join(', '))}
      {!all && hidden > 0 ? (
        <>
          {' '}
          <button type="button" class="rc-link-button" aria-expanded="false" onClick={() => setAll(true)}>
            {t('cardAlsoSpelledMore', hidden)}
          </button>
        </>
      ) : null}
    </p>
  );
}
