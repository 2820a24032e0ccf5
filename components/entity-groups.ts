import { ENTITY_TYPES, type EntityType } from '@/core/knowledge/entity-types';
import { t } from '@/extension/i18n';

const GROUP_LABEL: Record<EntityType, () => string> = {
  person: () => t('groupPeople'),
  place: () => t('groupPlaces'),
  organisation: () => t('groupOrganisations'),
  event: () => t('groupEvents'),
};

/** Every entity type with its plural label, in ENTITY_TYPES' order: the popup's groups, the options' switches. */
export const ENTITY_GROUPS: readonly { type: EntityType; label: () => string }[] = ENTITY_TYPES.map(
  (type) => ({ type, label: GROUP_LABEL[type] }),
);
