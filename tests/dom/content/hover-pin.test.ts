// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import type { Card, CardDeps } from '@/content/card-view';
import { HoverController } from '@/content/hover-controller';
import { entityOf, type Target } from '@/content/mention';
import { ContentPage } from '@/content/page';
import type { CompiledMatcher, Mention } from '@/core/matcher';
import type { NameEntry } from '@/core/matcher/names/format';
import type { EntityDetails } from '@/core/messages';
import { DEFAULT_SETTINGS } from '@/core/settings';
import { PREPARE_MS } from '@/core/timing';
import { controllerDeps, pageDeps } from './fixtures';

/**
 * The card's pin: the reader's way of keeping a card. A pinned card stays while the pointer rests on other
 * names, and the pin goes with the card through stepping, but not to a card opened after it was closed.
 */
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Longer than the shortest dwell, with room for the frame that shows the card. */
const AFTER_DWELL = PREPARE_MS + 150;

interface Shown {
  entity: string | undefined;
  pinned: boolean | undefined;
}

const running: ContentPage[] = [];
afterEach(() => {
  for (const page of running.splice(0)) page.destroy();
});

async function start() {
  document.body.innerHTML = '<p id="a">Putin met Lukashenko.</p><p id="b">Putin again, then Lukashenko.</p>';
  const matcher: CompiledMatcher = {
    match(text: string): Mention[] {
      const out: Mention[] = [];
      for (const m of text.matchAll(/Putin|Lukashenko/g))
        out.push({ entity: m[0].toLowerCase(), start: m.index, end: m.index + m[0].length });
      return out;
    },
    size: 2,
  };
  const names = new Map<string, NameEntry>([
    ['putin', { id: 'putin', type: 'person', name: 'Vladimir Putin' }],
    ['lukashenko', { id: 'lukashenko', type: 'person', name: 'Alexander Lukashenko' }],
  ]);
  const page = new ContentPage(pageDeps({ names, matcher, onStop() {} }), {
    ...DEFAULT_SETTINGS,
    dwellMs: PREPARE_MS,
  });
  running.push(page);
  const shown: Shown[] = [];
  let open = false;
  let deps: CardDeps | null = null;
  const card: Card = {
    warm() {},
    cool() {},
    show(t, _d, opts) {
      open = true;
      shown.push({ entity: entityOf(t), pinned: opts.pinned });
    },
    hide() {
      open = false;
    },
    isOpen: () => open,
    sheetTop: () => null,
    sheetBelow() {},
    owns: () => false,
  };
  const controller = new HoverController(
    controllerDeps(page, {
      nameOf: (id) => names.get(id)?.name,
      hasEntity: (id) => names.has(id),
      dwellMs: () => PREPARE_MS,
      fetchDetails: async (id) => ({ entity: { id } }) as unknown as EntityDetails,
      loadCardUi: async () => ({
        createCard(d) {
          deps = d;
          return card;
        },
      }),
    }),
  );
  page.start();
  while (page.scanning || page.store.blocksInOrder().length < 2) await sleep(5);
  const target = (p: string, i: number): Target => {
    const record = page.store.blocksInOrder().find((r) => r.block.nodes[0]?.parentElement?.id === p);
    if (!record) throw new Error(`${p} has no record`);
    return { record, i };
  };
  /** What the card's pin button does. */
  const pin = (pinned: boolean) => {
    if (!deps) throw new Error('no card yet');
    deps.onPin(pinned);
  };
  return { controller, shown, target, pin, isOpen: () => open };
}

describe('a pinned card', () => {
  it('stays while the pointer rests on another name, and opens no card of its own', async () => {
    const t = await start();
    t.controller.pointerAt(t.target('a', 0));
    await sleep(AFTER_DWELL);
    expect(t.shown).toEqual([{ entity: 'putin', pinned: false }]);
    t.pin(true);
    t.controller.pointerAt(null);
    t.controller.pointerAt(t.target('a', 1));
    await sleep(AFTER_DWELL);
    expect(t.shown).toHaveLength(1);
    expect(t.isOpen()).toBe(true);
  });

  it('stays pinned as the reader steps to the next mention', async () => {
    const t = await start();
    t.controller.pointerAt(t.target('a', 0));
    await sleep(AFTER_DWELL);
    t.pin(true);
    t.controller.stepFrom(t.target('a', 0), 1);
    await sleep(20);
    expect(t.shown.at(-1)).toEqual({ entity: 'putin', pinned: true });
  });

  it('hands no pin to a card opened once it is unpinned or closed', async () => {
    const t = await start();
    t.controller.pointerAt(t.target('a', 0));
    await sleep(AFTER_DWELL);
    t.pin(true);
    t.pin(false);
    t.controller.pointerAt(t.target('a', 1));
    await sleep(AFTER_DWELL);
    expect(t.shown.at(-1)).toEqual({ entity: 'lukashenko', pinned: false });
    t.pin(true);
    t.controller.dismiss();
    expect(t.isOpen()).toBe(false);
    t.controller.pointerAt(t.target('b', 0));
    await sleep(AFTER_DWELL);
    expect(t.shown.at(-1)).toEqual({ entity: 'putin', pinned: false });
  });
});
