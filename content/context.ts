/**
 * The content app's own lifetime. WXT's context ends when any script dispatches its "content script started" event
 * with the extension's id, and a page can do that too (the id is public): the page could stop the extension's work.
 * This context ends only when the extension itself is gone (disabled, updated or uninstalled: the runtime's id
 * disappears) or when the app's start-up asks it to; a newer copy's event is taken as a reason to look, not as
 * proof.
 */
import { browser } from 'wxt/browser';

export interface AppContext {
  readonly isValid: boolean;
  readonly isInvalid: boolean;
  /** Runs `fn` once, when the context ends. Returns a function that removes it. */
  onInvalidated(fn: () => void): () => void;
  addEventListener<K extends keyof WindowEventMap>(
    target: Window,
    type: K,
    handler: (event: WindowEventMap[K]) => void,
    options?: AddEventListenerOptions,
  ): void;
  addEventListener<K extends keyof DocumentEventMap>(
    target: Document,
    type: K,
    handler: (event: DocumentEventMap[K]) => void,
    options?: AddEventListenerOptions,
  ): void;
  /** End the context now (the app could not start, or the extension is gone). */
  invalidate(): void;
}

/**
 * The event WXT's content-script context dispatches when a copy of this script starts (its name is WXT's
 * `getUniqueEventName`: the extension's id, the entrypoint, the event).
 */
export function scriptStartedEvent(): string {
  return `${browser.runtime?.id}:${import.meta.env.ENTRYPOINT}:wxt:content-script-started`;
}

/** Whether the extension this script belongs to is gone: its runtime has no id any more. */
export function runtimeGone(): boolean {
  try {
    return browser.runtime?.id == null;
  } catch {
    return true;
  }
}

/**
 * @param startedEvent the event a newer copy of the content script dispatches when it starts (WXT's name for it);
 *   on it, the context checks whether the extension is gone, and ends only then.
 * @param gone how to tell that the extension is gone (the runtime's id, by default).
 */
export function createAppContext(
  startedEvent: string,
  doc: Document = document,
  gone: () => boolean = runtimeGone,
): AppContext {
  const controller = new AbortController();
  const { signal } = controller;
  const check = () => {
    if (!signal.aborted && gone()) controller.abort();
  };
  doc.addEventListener(startedEvent, check, { signal });
  const ctx: AppContext = {
    get isValid() {
      check();
      return !signal.aborted;
    },
    get isInvalid() {
      return !ctx.isValid;
    },
    onInvalidated(fn) {
      if (signal.aborted) {
        fn();
        return () => {};
      }
      signal.addEventListener('abort', fn, { once: true });
      return () => signal.removeEventListener('abort', fn);
    },
    addEventListener(target: EventTarget, type: string, handler: (e: never) => void, options = {}) {
      target.addEventListener(type, handler as EventListener, { ...options, signal });
    },
    invalidate() {
      controller.abort();
    },
  };
  return ctx;
}
