/**
 * Every message the extension's parts exchange, in one place, named by direction (popup/background → content
 * script, content script → background). Each is checked twice on arrival: by shape (valibot, here; in the content
 * script a hand guard held to the same schema, core/to-content.ts), because a message is data from another
 * context; and by sender (extension/messaging.ts, which also sends and receives), because a web page or another
 * extension must not drive this one. Each message's type is inferred from its schema, so the two cannot disagree.
 */
import * as v from 'valibot';
import type { ArticleMeta, Entity } from './knowledge/types';
import { MAX_LOOK_TEXT } from './matcher/look-text';
import { type EarlierPage, MAX_ENTITIES_PER_PAGE, MAX_SENTENCE_LENGTH, MAX_TITLE_LENGTH } from './memory';
import type { EntityCount } from './page-index';
import { MAX_ID_LENGTH, MAX_INDEX, MAX_LOOKUP_LENGTH } from './to-content';

export type PageState = 'active' | 'site-off' | 'paused';

export interface PageSummary {
  url: string;
  /**
   * The switched-off site that covers this page (its entry in Settings.disabledSites, e.g. "dailymail.co.uk" for
   * www.dailymail.co.uk), or null when none does. Not the page's site in general: the content script runs without
   * the Public Suffix List and cannot name it; the popup takes that from `url` (core/site.ts's siteOf).
   */
  site: string | null;
  state: PageState;
  /** A scan is still running; counts may grow. */
  scanning: boolean;
  entities: EntityCount[];
  totalMentions: number;
  /** The day the page says it was published (yyyy-mm-dd), when it says so (content/page-date.ts). */
  published?: string | undefined;
}

// The bounds on incoming values are the content script's guard's (core/to-content.ts), which says why. A page's
// address is the background's alone: no message to the content script carries one.
const MAX_URL_LENGTH = 8192;

const entityId = v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_ID_LENGTH));
const count = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_INDEX));

// ---------------------------------------------------------------------------------------------------------
// popup / background → content script

/** Checked in the content script by core/to-content.ts's guard, which a unit test holds to this schema. */
export const ToContentSchema = v.variant('type', [
  v.strictObject({ type: v.literal('page:summary') }),
  /** Scroll to mention #index of the entity (default: the one after the last revealed), flash it, open its card. */
  v.strictObject({ type: v.literal('page:reveal'), entity: entityId, index: v.optional(count) }),
  /** Keyboard command: the next or previous mention on the page. */
  v.strictObject({ type: v.literal('page:step'), direction: v.picklist([1, -1]) }),
  /** Context menu: resolve selected text; if it names an entity, open its card at the selection. */
  v.strictObject({
    type: v.literal('page:lookup'),
    text: v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_LOOKUP_LENGTH)),
  }),
]);

export type ToContent = v.InferOutput<typeof ToContentSchema>;

export interface RevealResult {
  /** Which mention was revealed, 0-based. */
  index: number;
  /** How many mentions of the entity the page has. */
  count: number;
}

export interface StepResult extends RevealResult {
  entity: string;
}

export interface LookupResult {
  entity: string;
}

/** What the content script answers to each message; null means "nothing there" (no such entity or mention). */
export interface ContentResponses {
  'page:summary': PageSummary;
  'page:reveal': RevealResult | null;
  'page:step': StepResult | null;
  'page:lookup': LookupResult | null;
}

export type ContentResponse<M extends ToContent> = ContentResponses[M['type']];

// ---------------------------------------------------------------------------------------------------------
// content script → background

const ToBackgroundSchema = v.variant('type', [
  /**
   * The first look (core/matcher/first-look.ts): whether the sender's page text may name anyone. Asked by
   * content.js on every page, so that the look's patterns are compiled and warmed once, in the background, rather
   * than on the page's thread on every load (docs/adr/0009-first-look-in-the-background.md).
   */
  v.strictObject({ type: v.literal('look:text'), text: v.pipe(v.string(), v.maxLength(MAX_LOOK_TEXT)) }),
  /** The number of entities on the sender's page, for the toolbar badge. */
  v.strictObject({ type: v.literal('badge:set'), count }),
  /** What a card shows: the content script bundles only names, the background holds the knowledge. */
  v.strictObject({ type: v.literal('knowledge:entity'), id: entityId }),
  /**
   * Reading memory: what the sender's page names, for the background to remember (when the reader has it on, the
   * site is on and the tab is not private). The address is the sender's own, not a field a message could forge.
   */
  v.strictObject({
    type: v.literal('memory:record'),
    title: v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_TITLE_LENGTH + 1)),
    /** The day the page says it was published (yyyy-mm-dd), when it says so. */
    published: v.optional(v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}$/))),
    entities: v.pipe(
      v.array(
        v.strictObject({
          id: entityId,
          count: v.pipe(count, v.minValue(1)),
          sentence: v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_SENTENCE_LENGTH + 1)),
        }),
      ),
      v.minLength(1),
      v.maxLength(MAX_ENTITIES_PER_PAGE),
    ),
  }),
  /** Reading memory: the most recent earlier pages naming the entity, for its card ("In your reading"). */
  v.strictObject({
    type: v.literal('memory:entity'),
    id: entityId,
    currentUrl: v.pipe(v.string(), v.maxLength(MAX_URL_LENGTH)),
  }),
]);

export type ToBackground = v.InferOutput<typeof ToBackgroundSchema>;

/** An entity with the articles its claims cite: everything its card needs. */
export interface EntityDetails {
  entity: Entity;
  articles: ArticleMeta[];
  /** Earlier pages naming it, from the reading memory (`memory:entity`); absent while the memory is off. */
  earlier?: EarlierPage[] | undefined;
}

export interface BackgroundResponses {
  /** null: the build wrote no first look (a knowledge base too large for it), so the page's app should start. */
  'look:text': boolean | null;
  'badge:set': null;
  'knowledge:entity': EntityDetails | null;
  'memory:record': null;
  'memory:entity': EarlierPage[];
}

export { isToContent } from './to-content';

export function isToBackground(x: unknown): x is ToBackground {
  return v.is(ToBackgroundSchema, x);
}
