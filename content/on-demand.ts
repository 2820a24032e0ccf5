/**
 * The parts of the content script a page load does not need, each a script of its own that content.js imports the
 * first time it does need it: content.js is parsed on every page the reader opens, and most pages never show a
 * card, nor have their date read (docs/adr/0005-card-ui-loaded-on-demand.md). Today: card-ui.js (content/card-ui.ts)
 * and page-facts.js (content/page-facts.ts).
 *
 * Loaded with `import()` from the content script, so each runs in the content scripts' isolated world, never in the
 * page's; it hands its API over through that world's global, under a symbol no page script can reach.
 */

// The extension API's own name, not the bundled `browser`: the call stays `chrome.runtime.getURL(…)` in the minified
// bundle, which addons.mozilla.org's linter accepts as the argument of a dynamic import. Firefox names it `chrome`
// too; in Chromium it is the per-session address that use_dynamic_url asks for.
declare const chrome: { runtime: { id?: string; getURL(path: string): string } };

/**
 * Loads `script` once and returns what it left under `key`; a failed load is forgotten, so the next call retries.
 * Once the extension is gone (updated, reloaded, removed: its runtime has no id), it asks for nothing: Chromium
 * would turn the address into `chrome-extension://invalid/…` and log the failed request in the page's console.
 */
export function onDemand<T>(script: string, key: symbol): () => Promise<T> {
  let loading: Promise<T> | null = null;
  return () => {
    if (chrome.runtime?.id == null) return Promise.reject(new Error(`${script}: the extension is gone`));
    loading ??= import(/* @vite-ignore */ chrome.runtime.getURL(`/${script}`))
      .then(() => {
        const api = (globalThis as unknown as Record<symbol, T | undefined>)[key];
        if (!api) throw new Error(`${script} did not load`);
        return api;
      })
      .catch((err: unknown) => {
        loading = null;
        throw err;
      });
    return loading;
  };
}

/** Where a script loaded on demand leaves its API (in entrypoints/), on the isolated world's global. */
export function provide<T>(key: symbol, api: T): void {
  (globalThis as unknown as Record<symbol, T>)[key] = api;
}
