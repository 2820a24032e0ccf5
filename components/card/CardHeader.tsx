/**
 * The card's head: the entity's name (the dialog's accessible name), its type, dates and how often the page names
 * it; pin and close.
 */
import { formatDate } from '@/core/i18n';
import type { Entity, EntityType } from '@/core/knowledge/types';
import { t } from '@/extension/i18n';
import { CloseIcon, PinIcon } from './icons';

const TYPE_LABEL: Record<EntityType, () => string> = {
  person: () => t('typePerson'),
  place: () => t('typePlace'),
  organisation: () => t('typeOrganisation'),
  event: () => t('typeEvent'),
};

export function typeLabel(type: EntityType): string {
  return TYPE_LABEL[type]();
}

export function CardHeader({
  entity,
  headingId,
  heading: H,
  mentions,
  pinned,
  onPin,
  onClose,
}: {
  entity: Entity;
  /** How many times the page names the entity; undefined (popup search) leaves it out. */
  mentions: number | undefined;
  headingId: string;
  heading: 'h2' | 'h3';
  pinned: boolean | undefined;
  onPin: (() => void) | undefined;
  onClose: (() => void) | undefined;
}) {
  const when = entity.when
    ? entity.when.end && entity.when.end !== entity.when.start
      ? `${formatDate(entity.when.start)} – ${formatDate(entity.when.end)}`
      : formatDate(entity.when.start)
    : undefined;
  return (
    <header class="rc-head">
      <div class="rc-title">
        <H id={headingId} class="rc-name">
          {entity.name}
        </H>
        <p class="rc-type">
          {typeLabel(entity.type)}
          {when ? ` · ${when}` : null}
          {mentions !== undefined ? (
            <>
              {' · '}
              <span class="rc-mentions-count">
                {mentions === 1 ? t('cardMentionsOne') : t('cardMentionsMany', mentions)}
              </span>
            </>
          ) : null}
        </p>
      </div>
      {onPin || onClose ? (
        <div class="rc-actions">
          {onPin ? (
            <button
              type="button"
              class="rc-icon-button"
              aria-pressed={pinned ? 'true' : 'false'}
              aria-label={t('cardPin')}
              onClick={onPin}
            >
              <PinIcon />
            </button>
          ) : null}
          {onClose ? (
            <button type="button" class="rc-icon-button" aria-label={t('cardClose')} onClick={onClose}>
              <CloseIcon />
            </button>
          ) : null}
        </div>
      ) : null}
    </header>
  );
}
