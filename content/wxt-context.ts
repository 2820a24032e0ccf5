/**
 * What content.js's build puts in place of WXT's ContentScriptContext (wxt.config.ts). WXT's entry makes one and
 * hands it to `main`, which does not use it: the app's lifetime is content/context.ts's, since a page can end WXT's.
 * Of what WXT's does, one thing matters here: announcing that this copy started, with WXT's event, so an older copy
 * (left running by an update or a reload) checks whether its extension is gone and cleans up. The rest of WXT's
 * (its own lifetime, location watching, timers) would be parsed on every page for nothing.
 */
import { scriptStartedEvent } from './context';

export class ContentScriptContext {
  constructor(readonly contentScriptName: string) {
    document.dispatchEvent(
      new CustomEvent(scriptStartedEvent(), {
        detail: { contentScriptName, messageId: Math.random().toString(36).slice(2) },
      }),
    );
  }
}
