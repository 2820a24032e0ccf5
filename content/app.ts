/**
 * The content app: knowledge and settings in, the page and its hover controller out, every piece tied to the
 * content script's context and cleaned up when it is invalidated (the extension disabled or updated).
 */

import devNames from '#knowledge-names';
import { bundledNames, loadNames } from '@/core/matcher/names/load';
import type { EntityDetails } from '@/core/messages';
import type { Settings } from '@/core/settings';
import { defaultSliceEnv, SliceRunner } from '@/core/slices';
import { type ContentHandler, requestFromBackground, sendToBackground } from '@/extension/messaging';
import { inPrivateWindow } from '@/extension/private-window';
import { getSettings, watchSettings } from '@/extension/settings-store';
import { readTestHooks } from '@/extension/test-hooks';
import { cardUiLoader } from './card-ui';
import type { AppContext } from './context';
import { highlightRules, pageScheme } from './highlights';
import { createHost } from './host';
import { HOST_CSS } from './host-css';
import { HoverController } from './hover-controller';
import { listenForInput } from './input';
import { contentHandler } from './message-handler';
import { ownedTimers } from './owned-timers';
import { ContentPage } from './page';
import { type PageRecorder, pageFactsLoader } from './page-facts';

/**
 * What a card shows: the knowledge's details and, with the reading memory on, the earlier pages naming the entity
 * (asked in parallel, so the card waits for neither twice).
 */
async function fetchDetails(id: string, memory: boolean, timing: boolean): Promise<EntityDetails | null> {
  const asked = performance.now();
  const [details, earlier] = await Promise.all([
    requestFromBackground({ type: 'knowledge:entity', id }),
    memory
      ? requestFromBackground({ type: 'memory:entity', id, currentUrl: location.href }).then((answer) => {
          // For the reading memory's benchmark (scripts/bench/memory.ts): the round trip, as the page waits for it.
          if (timing)
            performance.measure('reader-context:memory', {
              start: asked,
              detail: { pages: answer?.length ?? 0 },
            });
          return answer;
        })
      : undefined,
  ]);
  return details ? { ...details, earlier: earlier ?? undefined } : null;
}

/** Cards fetched ahead of any hover: the page's most mentioned entities, a handful of small answers. */
const PREFETCH_CARDS = 16;

/**
 * Starts the content app on this page, for the lifetime of `ctx` (made by the first look, content/first-look.ts),
 * and resolves to what answers the extension's messages. It works only in HTML documents, which the first look has
 * checked. A start-up that fails ends `ctx` (what it had set up goes with it) and rejects: a page that breaks the
 * start-up gets a page without the extension, not an error.
 */
export async function startContentApp(ctx: AppContext): Promise<ContentHandler> {
  let handler: ContentHandler | null = null;
  try {
    handler = await start(ctx);
  } catch (err) {
    ctx.invalidate();
    throw err;
  }
  if (!handler) throw new Error('the content app stopped before it started');
  return handler;
}

async function start(ctx: AppContext): Promise<ContentHandler | null> {
  // Begin in a task of its own, after the script's evaluation, so the page never sees one long task for both; the
  // first extension API call then has only this function on the stack, which keeps Chrome's stack capture cheap.
  await new Promise<void>((resolve) => setTimeout(resolve, 0));
  if (ctx.isInvalid) return null;
  // The app's highlight rules, where the look is not the default one (./highlight-css.ts); tied to this context
  // now, so they leave with it even if the rest of the start-up never happens.
  let mountedHost: HTMLElement | null = null;
  const rules = highlightRules(document, () => mountedHost);
  ctx.onInvalidated(() => rules.remove());
  // The entity list is read in slices while the settings are read: a large knowledge base must not hold the page
  // in one long task. Names are compiled later, by the scan, as the page's words reach them.
  const boot = new SliceRunner(defaultSliceEnv());
  ctx.onInvalidated(() => boot.stop());
  // `wxt dev` registers content.js by itself for hot reload, without content-names.js: the development build
  // bundles the names instead (a constant condition, so production bundles do not).
  const compiled = loadNames(import.meta.env.DEV ? devNames : bundledNames(), boot);
  // Awaited below, after the settings; until then a rejection is not "unhandled".
  compiled.catch(() => {});
  // Watched from the start: a change while the names load (the reader pauses, or switches the site off) is kept
  // until the page exists, which then holds the settings for every room.
  let early: Settings | null = null;
  let page: ContentPage | null = null;
  const unwatch = watchSettings((s) => {
    if (page) page.apply(s);
    else early = s;
  });
  ctx.onInvalidated(unwatch);
  const [stored, testHooks] = await Promise.all([getSettings(), readTestHooks()]);
  const { names, matcher } = await compiled;
  if (ctx.isInvalid) return null;

  const { element: host, container: hostContainer } = createHost(ctx, document, HOST_CSS, {
    open: testHooks,
  });
  mountedHost = host;

  const timers = ownedTimers(ctx);
  let controller: HoverController | null = null;
  const thePage = new ContentPage(
    {
      doc: document,
      names,
      matcher,
      host,
      rules,
      alive: () => ctx.isValid,
      setTimer: timers.set,
      clearTimer: timers.clear,
      requestFrame: (fn) => timers.frames.request(fn),
      onCount: (count) => {
        void sendToBackground({ type: 'badge:set', count });
        // The cards a reader is most likely to open, fetched once the scan has found them; the rest load while the
        // pointer rests on a name. Bounded: a page naming hundreds of entities would cost hundreds of messages.
        controller?.prefetch(thePage.store.topEntities(PREFETCH_CARDS));
      },
      onStop: () => controller?.reset(),
      timing: testHooks,
      onPassEnd: () => recordPage(),
    },
    early ?? stored,
  );
  const afterScan = defaultSliceEnv();
  const facts = pageFactsLoader();
  const privateWindow = inPrivateWindow();
  // The reading memory (off by default) records from page-facts.js, loaded when a pass ends with it on: a reader
  // without it, or in a private window, loads nothing.
  let recorder: Promise<PageRecorder | null> | null = null;
  const recordPage = () => {
    if (!thePage.current.memory || privateWindow) return;
    recorder ??= facts().then(
      (f) =>
        f.recorder({
          store: thePage.store,
          settings: () => thePage.current,
          isOn: () => thePage.isOn,
          privateWindow,
          post: (fn) => afterScan.post(fn),
          now: () => Date.now(),
          setTimer: timers.set,
          send: (msg) => void sendToBackground(msg),
        }),
      () => {
        recorder = null;
        return null;
      },
    );
    void recorder.then((r) => r?.passEnded());
  };
  controller = new HoverController({
    doc: document,
    host,
    container: hostContainer,
    store: thePage.store,
    filter: thePage.filter,
    registry: thePage.registry,
    timers,
    nameOf: (id) => names.get(id)?.name,
    hasEntity: (id) => names.has(id),
    dwellMs: () => thePage.current.dwellMs,
    scheme: () => pageScheme(document),
    loadCardUi: cardUiLoader(),
    fetchDetails: (id) => fetchDetails(id, thePage.current.memory, testHooks),
    alive: () => ctx.isValid,
  });
  listenForInput({
    ctx,
    doc: document,
    host,
    page: thePage,
    controller,
    timers,
    modifierKey: () => thePage.current.modifierKey,
  });
  const theController = controller;
  ctx.onInvalidated(() => {
    theController.destroy();
    thePage.destroy();
  });
  page = thePage;
  thePage.apply(early ?? stored);
  if (testHooks) performance.mark('reader-context:ready');
  // The handler's switch narrows per message type; TypeScript cannot relate that to the generic signature.
  return contentHandler(document, thePage, controller, facts) as ContentHandler;
}
