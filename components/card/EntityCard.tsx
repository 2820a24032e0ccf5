/**
 * The hover card: everything the knowledge says about one entity, each claim with its source and the exact
 * sentence behind it. A view over plain data: props in, events out, no browser APIs. Every string from the
 * knowledge or the page is rendered as a text node (never as HTML). Its parts: CardHeader, CardSections,
 * CardFooter, and Claim for every claim with evidence.
 */
import { useId } from 'preact/hooks';
import type { ArticleMeta, Entity } from '@/core/knowledge/types';
import { AlsoSpelled } from './AlsoSpelled';
import { CardFooter } from './CardFooter';
import { CardHeader } from './CardHeader';
import { ContextSection, Disputes, FactsSection, QuoteSection, RelationsSection } from './CardSections';
import { ClaimText } from './Claim';

export { typeLabel } from './CardHeader';

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

  const body = (
    <>
      <CardHeader
        entity={entity}
        headingId={headingId}
        heading={headingLevel === 2 ? 'h2' : 'h3'}
        pinned={props.pinned}
        onPin={props.onPin}
        onClose={props.onClose}
      />
      <ClaimText claim={entity.description} articles={articles} class="rc-desc" />
      {entity.alsoSpelled.length > 0 ? <AlsoSpelled names={entity.alsoSpelled} /> : null}
      <Disputes entity={entity} articles={articles} />
      <ContextSection entity={entity} articles={articles} heading={section} />
      <FactsSection entity={entity} articles={articles} heading={section} />
      <QuoteSection entity={entity} articles={articles} nameOf={nameOf} heading={section} />
      <RelationsSection entity={entity} nameOf={nameOf} onPage={onPage} heading={section} />
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
      tabIndex={-1}
      onKeyDown={onKeyDown}
    >
      {body}
    </div>
  );
}
