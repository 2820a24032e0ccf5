/**
 * Every message the extension's parts exchange, in one place, named by direction (popup/background → content
 * script, content script → background). Each is checked twice on arrival: by shape (valibot), because a
 * message is data from another context; and by sender, because a web page or another extension must not drive
 * this one. Each message's type is inferred from its schema, so the two cannot disagree.
 */
import * as v from 'valibot';
import { type Browser, browser, type PublicPath } from 'wxt/browser';
import type { ArticleMeta, Entity } from '@/core/knowledge/types';
import type { EntityCount } from '@/core/page-index';

export type MessageSender = Browser.runtime.MessageSender;

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
}

// Bounds on incoming values: generous for any real page, small enough that a forged message cannot make the
// receiver allocate or loop without end. A lookup is for a name, and the longest names are a few dozen characters;
// a selection of a paragraph or two still fits.
const MAX_ID_LENGTH = 200;
const MAX_LOOKUP_LENGTH = 1000;
const MAX_INDEX = 1_000_000;

const entityId = v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_ID_LENGTH));
const count = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_INDEX));

// ---------------------------------------------------------------------------------------------------------
// popup / background → content script

const ToContentSchema = v.variant('type', [
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
  /** The number of entities on the sender's page, for the toolbar badge. */
  v.strictObject({ type: v.literal('badge:set'), count }),
  /** What a card shows: the content script bundles only names, the background holds the knowledge. */
  v.strictObject({ type: v.literal('knowledge:entity'), id: entityId }),
]);

export type ToBackground = v.InferOutput<typeof ToBackgroundSchema>;

/** An entity with the articles its claims cite: everything its card needs. */
export interface EntityDetails {
  entity: Entity;
  articles: ArticleMeta[];
}

export interface BackgroundResponses {
  'badge:set': null;
  'knowledge:entity': EntityDetails | null;
}

export function isToContent(x: unknown): x is ToContent {
  return v.is(ToContentSchema, x);
}

export function isToBackground(x: unknown): x is ToBackground {
  return v.is(ToBackgroundSchema, x);
}

// ---------------------------------------------------------------------------------------------------------
// Sender checks

export interface RuntimeIdentity {
  id: string;
  getURL(path: string): string;
}

function defaultRuntime(): RuntimeIdentity {
  return { id: browser.runtime.id, getURL: (p) => browser.runtime.getURL(p as PublicPath) };
}

/** "chrome-extension://<id>/" or "moz-extension://<uuid>/": where this extension's own pages live. */
function extensionOrigin(runtime: RuntimeIdentity): string {
  const root = runtime.getURL('/');
  return root.endsWith('/') ? root : `${root}/`;
}

/**
 * True for this extension's own pages and background (popup, options, the search tab, the service worker).
 * Rejects other extensions (id) and content scripts, including ours (their url is the web page's).
 */
export function isFromExtensionPage(
  sender: MessageSender,
  runtime: RuntimeIdentity = defaultRuntime(),
): boolean {
  if (!runtime.id || sender.id !== runtime.id) return false;
  const url = sender.url ?? sender.tab?.url;
  return url === undefined || url.startsWith(extensionOrigin(runtime));
}

/** True for this extension's content scripts: our id, sent from a tab, from a page that is not ours. */
export function isFromOwnContentScript(
  sender: MessageSender,
  runtime: RuntimeIdentity = defaultRuntime(),
): boolean {
  if (!runtime.id || sender.id !== runtime.id) return false;
  if (typeof sender.tab?.id !== 'number' || sender.tab.id < 0) return false;
  return sender.url === undefined || !sender.url.startsWith(extensionOrigin(runtime));
}

// ---------------------------------------------------------------------------------------------------------
// Sending

// Chrome and Firefox word "no listener in that tab" alike; a closed tab or a tab still loading its content
// script gives one of these too. Anything else is a real fault worth a log line.
const NO_RECEIVER =
  /receiving end does not exist|could not establish connection|no tab with id|message port closed/i;

/**
 * Sends to the content script of a tab. Resolves undefined when nothing answers: a page the extension cannot
 * run on, a tab still loading, a closed tab, or a content script that failed (logged). Never rejects, so a
 * popup or a menu click always reaches its fallback.
 */
export async function sendToTab<M extends ToContent>(
  tabId: number,
  msg: M,
): Promise<ContentResponse<M> | undefined> {
  try {
    const response: unknown = await browser.tabs.sendMessage(tabId, msg);
    // null is an answer ("not on this page"); undefined is silence (a listener that did not respond).
    return response === undefined ? undefined : (response as ContentResponse<M>);
  } catch (err) {
    if (!NO_RECEIVER.test(String((err as { message?: unknown })?.message ?? err))) {
      console.warn('[reader-context] message to tab failed', msg.type, err);
    }
    return undefined;
  }
}

/** Sends to the background. Never throws: after an update the content script's context may be invalidated. */
export async function sendToBackground(msg: ToBackground): Promise<void> {
  try {
    await browser.runtime.sendMessage(msg);
  } catch {
    // Nothing to do: the background is gone (extension reloaded) or not listening yet; the next send retries.
  }
}

/** Asks the background and returns its answer; undefined when it cannot answer (extension reloaded). */
export async function requestFromBackground<M extends ToBackground>(
  msg: M,
): Promise<BackgroundResponses[M['type']] | undefined> {
  try {
    return (await browser.runtime.sendMessage(msg)) as BackgroundResponses[M['type']];
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Receiving (content script)

export type ContentHandler = <M extends ToContent>(
  msg: M,
) => Promise<ContentResponse<M>> | ContentResponse<M>;

/**
 * Listens for ToContent messages from this extension's pages and background, validated by shape and sender;
 * anything else is left unanswered. Returns the function that stops listening (tie it to ctx.onInvalidated).
 */
export function onContentMessage(handler: ContentHandler, runtime?: RuntimeIdentity): () => void {
  const listener = (message: unknown, sender: MessageSender): Promise<unknown> | undefined => {
    if (!isToContent(message) || !isFromExtensionPage(sender, runtime)) return undefined;
    // A promise is the polyfill's way to answer; `?? null` because undefined would read as "no answer".
    return Promise.resolve()
      .then(() => handler(message))
      .then((r) => r ?? null);
  };
  browser.runtime.onMessage.addListener(
    listener as Parameters<typeof browser.runtime.onMessage.addListener>[0],
  );
  return () =>
    browser.runtime.onMessage.removeListener(
      listener as Parameters<typeof browser.runtime.onMessage.removeListener>[0],
    );
}
