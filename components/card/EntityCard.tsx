/**
 * The hover card: a preview first (name, type, the one-line description, the latest context), and everything
 * else the knowledge says in layers the reader opens (Layer), each claim with its source and the exact sentence
 * behind it. The header and the footer (stepper, "I know this one") stay put while the body scrolls. A view over
 * plain data: props in, events out, no browser APIs. Every string from the knowledge or the page is rendered as
 * a text node (never as HTML). Its parts: CardHeader, CardSections, CardFooter, Layer, and Claim.
 */
import { useId, useState } from 'preact/hooks';
import type { ArticleMeta, Entity } from '@/core/knowledge/types';
import type { EarlierPage } from '@/core/memory';
import { t } from '@/extension/i18n';
import { CardFooter } from './CardFooter';
import { CardHeader } from './CardHeader';
import {
  ContextLine,
  ContextList,
  Disputes,
  FactsList,
  MAX_FACTS,
  QuoteBlock,
  RelationsList,
  sortedContext,
} from './CardSections';
import { ClaimText } from './Claim';
import { LAYERS, Layer, type LayerId } from './Layer';
import { ReadingList } from './ReadingList';
import { relationLines } from './relations';

export { typeLabel } from './CardHeader';
export { LAYERS, type LayerId } from './Layer';

export type CardScheme = 'light' | 'dark';

export interface MentionPosition {
  /** 0-based position of the mention the card points at; shown as `index + 1` of `count`. */
  index: number;
  count: number;
}

export interface EntityCardProps {
  entity: Entity;
  /** Article metadata by id, for sources ("headline, publication, date"). */
  articles: Record<string, ArticleMeta>;
  /** Earlier pages the reader met the entity on (the reading memory), most recent first; none hides the layer. */
  earlier?: readonly EarlierPage[] | undefined;
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
  scheme?: CardScheme | undefined;
  /**
   * dialog (default): the floating, non-modal hover card. inline: part of another page (popup search results),
   * rendered as a labelled region.
   */
  variant?: 'dialog' | 'inline' | undefined;
  /** Level of the name heading; section headings are one below. Default 2. */
  headingLevel?: 2 | 3 | undefined;
  /**
   * The page's own publication date (yyyy-mm-dd), when it states one: the preview's context is then what the
   * sources said as of that date, not the newest they say.
   */
  asOf?: string | undefined;
  /** Layers open when the card renders (the ones the reader opened last); none when omitted. */
  openLayers?: readonly LayerId[] | undefined;
  /** Called with the open layers whenever the reader opens or closes one. */
  onLayersChange?: ((open: LayerId[]) => void) | undefined;
}

export function EntityCard(props: EntityCardProps) {
  const { entity, articles, nameOf, onPage, mention, variant = 'dialog', headingLevel = 2 } = props;
  const generatedId = useId();
  const headingId = props.headingId ?? `rc-card-${generatedId}`;
  const section = headingLevel === 2 ? 'h3' : 'h4';

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && props.onClose) {
      // The host may also listen for Esc; it can skip events the card already handled.
      e.preventDefault();
      props.onClose();
    }
  };

  const [open, setOpen] = useState<ReadonlySet<LayerId>>(() => new Set(props.openLayers ?? []));
  /** The body is scrolled: a line then parts the header from the text passing under it. */
  const [scrolled, setScrolled] = useState(false);
  const toggle = (id: LayerId) => {
    const next = new Set(open);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setOpen(next);
    props.onLayersChange?.(LAYERS.filter((l) => next.has(l)));
  };
  const layer = { onToggle: toggle, heading: section } as const;

  const context = sortedContext(entity, articles);
  const asOf = props.asOf;
  const latest = (asOf && context.find((c) => (articles[c.article]?.date ?? '') <= asOf)) || context[0];
  const relations = relationLines(entity, onPage, nameOf);
  const facts = Math.min(entity.facts.length, MAX_FACTS);

  const body = (
    <>
      <CardHeader
        entity={entity}
        headingId={headingId}
        heading={headingLevel === 2 ? 'h2' : 'h3'}
        mentions={mention?.count}
        pinned={props.pinned}
        onPin={props.onPin}
        onClose={props.onClose}
      />
      <div class="rc-body" onScroll={(e) => setScrolled((e.currentTarget as HTMLElement).scrollTop > 0)}>
        <ClaimText claim={entity.description} articles={articles} class="rc-desc" />
        {latest ? (
          <p class="rc-latest">
            <ContextLine item={latest} articles={articles} />
          </p>
        ) : null}
        <div class="rc-layers">
          {context.length > 0 ? (
            <Layer
              id="context"
              label={t('cardContextHeading')}
              count={context.length}
              open={open.has('context')}
              {...layer}
            >
              {() => <ContextList items={context} articles={articles} />}
            </Layer>
          ) : null}
          {entity.disputes.length > 0 ? (
            <Layer
              id="disputes"
              label={t('cardDisputed')}
              count={entity.disputes.length}
              open={open.has('disputes')}
              {...layer}
            >
              {() => <Disputes entity={entity} articles={articles} />}
            </Layer>
          ) : null}
          {facts > 0 ? (
            <Layer id="facts" label={t('cardFactsHeading')} count={facts} open={open.has('facts')} {...layer}>
              {() => <FactsList entity={entity} articles={articles} />}
            </Layer>
          ) : null}
          {entity.quotes.length > 0 ? (
            <Layer id="quote" label={t('cardQuoteHeading')} open={open.has('quote')} {...layer}>
              {() => <QuoteBlock entity={entity} articles={articles} nameOf={nameOf} />}
            </Layer>
          ) : null}
          {relations.length > 0 ? (
            <Layer
              id="relations"
              label={t('cardRelationsHeading')}
              count={relations.length}
              open={open.has('relations')}
              {...layer}
            >
              {() => <RelationsList lines={relations} />}
            </Layer>
          ) : null}
          {props.earlier && props.earlier.length > 0 ? (
            <Layer
              id="reading"
              label={t('cardReadingHeading')}
              count={props.earlier.length}
              open={open.has('reading')}
              {...layer}
            >
              {() => <ReadingList pages={props.earlier ?? []} />}
            </Layer>
          ) : null}
          {entity.alsoSpelled.length > 0 ? (
            <Layer
              id="spellings"
              label={t('cardSpellingsHeading')}
              count={entity.alsoSpelled.length}
              open={open.has('spellings')}
              {...layer}
            >
              {() => <p class="rc-also">{entity.alsoSpelled.join(', ')}</p>}
            </Layer>
          ) : null}
        </div>
      </div>
      <CardFooter name={entity.name} mention={mention} onStep={props.onStep} onKnow={props.onKnow} />
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
      data-scrolled={scrolled ? '' : undefined}
      tabIndex={-1}
      onKeyDown={onKeyDown}
    >
      {body}
    </div>
  );
}
