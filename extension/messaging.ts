/**
 * Sending and receiving the messages of core/messages.ts through the browser's runtime, and the sender checks
 * that go with receiving: a message is checked by shape (core/messages.ts) and by sender (here), because a web
 * page or another extension must not drive this one.
 */
import { type Browser, browser, type PublicPath } from 'wxt/browser';
import {
  type BackgroundResponses,
  type ContentResponse,
  isToContent,
  type ToBackground,
  type ToContent,
} from '@/core/messages';

export type MessageSender = Browser.runtime.MessageSender;

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
  const listener = (
    message: unknown,
    sender: MessageSender,
    sendResponse: (response: unknown) => void,
  ): true | undefined => {
    if (!isToContent(message) || !isFromExtensionPage(sender, runtime)) return undefined;
    // Answered through sendResponse, the channel kept open by returning true: the one way every browser takes
    // natively (the content scripts run without webextension-polyfill; Chromium ignores a returned promise).
    // `?? null` because undefined would read as "no answer"; a failed handler answers nothing, like a page that
    // cannot.
    Promise.resolve()
      .then(() => handler(message))
      .then(
        (r) => sendResponse(r ?? null),
        (err: unknown) => {
          console.warn('[reader-context] message failed', message.type, err);
          sendResponse(undefined);
        },
      );
    return true;
  };
  browser.runtime.onMessage.addListener(
    listener as Parameters<typeof browser.runtime.onMessage.addListener>[0],
  );
  return () =>
    browser.runtime.onMessage.removeListener(
      listener as Parameters<typeof browser.runtime.onMessage.removeListener>[0],
    );
}
