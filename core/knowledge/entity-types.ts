/**
 * The kinds of entity the knowledge holds, declared once: the knowledge schema, the matcher, the settings and the
 * highlights all take them from here. The order is the order readers see them in.
 */
export const ENTITY_TYPES = ['person', 'place', 'organisation', 'event'] as const;

export type EntityType = (typeof ENTITY_TYPES)[number];
