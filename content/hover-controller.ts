/**
 * The hover controller: the one owner of the mention in focus. It decides when a card opens and closes (the
 * dwell, a tap, pin, Esc, a click elsewhere), which mention is marked active, where stepping goes on from, and
 * what the card shows (details fetched once per entity). Pointer, touch, keyboard, popup and context menu all
 * come here.
 */
import { createDwell, type Dwell } from '@/core/dwell';
import type { EntityDetails } from '@/core/messages';
import type { Scheme } from '@/core/scheme';
import { FLASH_MS } from '@/core/timing';
import type { CardUi } from './card-ui';
import type { Card, CardDeps, CardMode } from './card-view';
import type { MentionFilter } from './filter';
import type { Highlights } from './highlights';
import { entityOf, liveRange, type Rec, sameTarget, type Target, textOf } from './mention';
import type { OwnedTimers } from './owned-timers';
import { entityMention, stepAny, stepSame } from './stepping';
import type { MentionStore } from './store';

export type Position = { index: number; count: number };

/** Room kept between the name a bottom sheet is about and the sheet's top edge (or the screen's top). */
const SHEET_MARGIN = 16;
/** The longest the page's scroll to make room for a sheet may last; its end is awaited no longer than this. */
const OWN_SCROLL_MAX_MS = 1500;

/** What a tap on a name did: opened its card, or found it open already (the tap then belongs to the page). */
export type TapResult = 'opened' | 'open' | 'none';

export interface ControllerDeps {
  doc: Document;
  host: HTMLElement;
  /** Where the card is rendered: a container in the extension's shadow root. */
  container: HTMLElement;
  store: MentionStore;
  filter: MentionFilter;
  registry: Highlights<Rec> | null;
  timers: OwnedTimers;
  nameOf(id: string): string | undefined;
  hasEntity(id: string): boolean;
  dwellMs(): number;
  scheme(): Scheme;
  /** Asks the background for what a card shows; null when it has nothing. */
  fetchDetails(id: string): Promise<EntityDetails | null>;
  /** The card's UI, loaded the first time a card is needed (content/card-ui.ts). */
  loadCardUi(): Promise<CardUi>;
  alive(): boolean;
}

export class HoverController {
  /** The mention the reader last reached by stepping or a reveal: where the next step goes on from. */
  private focus: Target | null = null;
  /** The mention marked active (hovered or stepped to), as last set. */
  private active: Target | null = null;
  /** The keyboard and popup paths move focus into the card; hover does not. */
  private focusNext = false;
  /**
   * A card the reader asked for (keyboard, popup, context menu) stays until dismissed: Esc, its close button, a
   * click elsewhere. The scroll that brings its mention into view, or a pointer passing by, must not close it.
   */
  private sticky = false;
  /**
   * The reader pressed the card's pin: the card stays, through stepping to other mentions, until they close or
   * unpin it, and resting the pointer on another name does not replace it. Held here alone; each card is drawn
   * with it.
   */
  private readerPinned = false;
  /** The page is scrolling because a sheet made room for its name: that scroll closes nothing. */
  private ownScroll = 0;
  /** How the next card to show is drawn: set by a tap (or kept by stepping), taken by showCard. */
  private nextMode: CardMode = 'hover';
  /** How the open card is drawn. */
  private mode: CardMode = 'hover';
  private readonly details = new Map<string, Promise<EntityDetails | null>>();
  private readonly dwell: Dwell<Target>;
  private readonly cardDeps: CardDeps;
  /** Made once the card's UI has loaded. */
  private card: Card | null = null;
  private cardLoad: Promise<Card | null> | null = null;

  constructor(private readonly deps: ControllerDeps) {
    const { timers } = deps;
    deps.store.onRemoved((rec) => {
      // A replaced record is followed to its successor when stepping (store.current); one whose text left the page
      // is let go, or a whole article swapped out would stay in memory with it.
      if (this.focus?.record === rec && !textOf(this.focus)?.isConnected) this.focus = null;
    });
    this.dwell = createDwell<Target>(
      { dwellMs: deps.dwellMs, same: sameTarget, timers },
      {
        prepare: (t) => {
          this.markActive(t);
          const id = entityOf(t);
          if (id) void this.detailsOf(id);
          // The card's UI loads while the pointer rests, as its details do.
          void this.loadCard();
        },
        warm: (t) => {
          const id = entityOf(t);
          if (!id) return;
          void Promise.all([this.detailsOf(id), this.loadCard()]).then(([d, card]) => {
            // Still the name under the pointer, its card not shown yet.
            if (d && card && this.dwell.pendingTarget === t && deps.alive()) card.warm(t, d);
          });
        },
        cool: () => this.card?.cool(),
        show: (t) => this.showCard(t),
        hide: () => {
          this.readerPinned = false;
          this.markActive(null);
          this.card?.hide();
          this.sticky = false;
          this.mode = 'hover';
        },
      },
    );
    this.cardDeps = {
      container: deps.container,
      host: deps.host,
      doc: deps.doc,
      nameOf: deps.nameOf,
      scheme: deps.scheme,
      onPage: () => deps.store.entityIds(),
      position: (t) => deps.store.positionOf(t),
      range: (t) => liveRange(deps.doc, t),
      onStep: (t, d) => this.stepFrom(t, d),
      // The card's script writes the setting (entrypoints/card-ui.ts); the names go when the settings change.
      onKnow: () => this.dwell.dismiss(),
      onClose: () => this.dwell.dismiss(),
      onPin: (p) => {
        this.sticky = false;
        this.readerPinned = p;
        this.dwell.setPinned(p);
      },
      onEnter: () => this.dwell.cardEnter(),
      onLeave: () => this.dwell.cardLeave(),
      later: (fn) => timers.set(fn, 0),
    };
  }

  get isOpen(): boolean {
    return this.card?.isOpen() ?? false;
  }

  /** Every hit-test result: the mention under the pointer, or null. `at`: the hit-test frame's time. */
  pointerAt(target: Target | null, at?: number): void {
    // Names under the pointer wait while a pinned card is open: no quiet mark, no card of theirs.
    if (target && this.readerPinned && this.isOpen) return;
    this.dwell.pointerAt(target, at);
  }

  /** Whether resting on `t` opens a card (its entity is not filtered out). */
  opens(t: Target): boolean {
    return this.deps.filter.opens(t);
  }

  /** Esc, a click elsewhere on a sticky card, the page stopping: close now. */
  dismiss(): void {
    this.dwell.dismiss();
  }

  /** A pointer went down: outside a card the reader asked for, it closes it. */
  pointerDown(insideCard: boolean): void {
    if (this.sticky && this.isOpen && !insideCard) this.dwell.dismiss();
  }

  /**
   * A tap on the page, outside the card: on a name (`t`), its card opens at once, without a dwell; anywhere
   * else, an open card closes. `sheet`: the screen is phone-sized, so the card is a bottom sheet.
   */
  tap(t: Target | null, sheet: boolean): TapResult {
    const open = this.dwell.openTarget;
    if (!t) {
      if (open || this.isOpen) this.dwell.dismiss();
      return 'none';
    }
    if (open && sameTarget(open, t)) return 'open';
    this.nextMode = sheet ? 'sheet' : 'touch';
    this.markActive(t);
    this.dwell.openNow(t);
    return 'opened';
  }

  /** The page scrolled: a card that is neither hovered nor pinned should not float over text scrolled to. */
  scrolled(): void {
    if (this.ownScroll) return;
    if (this.isOpen && !this.dwell.pinned) this.dwell.pointerAt(null);
  }

  /** The page's scrolling came to an end. */
  scrollEnded(): void {
    if (!this.ownScroll) return;
    this.deps.timers.clear(this.ownScroll);
    this.ownScroll = 0;
  }

  /** The page stopped: nothing points into it any more. */
  reset(): void {
    this.focus = null;
    this.dismiss();
  }

  /** Fetch the cards a reader is most likely to open ahead of any hover. */
  prefetch(ids: Iterable<string>): void {
    for (const id of ids) void this.detailsOf(id);
  }

  /** Scroll to a mention, flash it and open its card (popup click, keyboard, card stepper, lookup). */
  reveal(t: Target, focusCard: boolean): Position | null {
    const { doc, store, registry } = this.deps;
    const range = liveRange(doc, t);
    if (!range) return null;
    const id = entityOf(t);
    const opens = id !== undefined && this.deps.hasEntity(id);
    // Scrolled to only when it is not on screen already: a reader who looks a name up where they are stays there.
    // A bottom sheet scrolls its name into the room it leaves, once it is drawn.
    if (!onScreen(range, doc) && !(opens && this.nextMode === 'sheet')) {
      const reduce = doc.defaultView?.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
      range.startContainer.parentElement?.scrollIntoView({
        block: 'center',
        behavior: reduce ? 'auto' : 'smooth',
      });
    }
    registry?.flash(range, FLASH_MS, this.deps.timers.set);
    this.focus = t;
    if (opens) {
      this.focusNext = focusCard;
      this.dwell.openNow(t);
      this.sticky = true;
      this.dwell.setPinned(true);
    }
    return store.positionOf(t);
  }

  /** The entity's mention after the last one reached (cycling), or mention #index. */
  revealEntity(entity: string, index?: number): Position | null {
    const t = entityMention(this.deps.store, entity, index, this.focus);
    return t ? this.reveal(t, false) : null;
  }

  /** Keyboard: next or previous mention of any entity, from the last one reached. */
  step(direction: 1 | -1): (Position & { entity: string }) | null {
    const t = stepAny(this.deps.store, this.focus, direction);
    if (!t) return null;
    const pos = this.reveal(t, true);
    const entity = entityOf(t);
    return pos && entity ? { entity, ...pos } : null;
  }

  /** The card's previous/next: the same entity's neighbouring mention, from the card's own. */
  stepFrom(from: Target, direction: 1 | -1): void {
    const next = stepSame(this.deps.store, from, direction);
    if (!next) return;
    // A card opened by a tap stays a card for the finger as the reader steps through the mentions.
    this.nextMode = this.mode;
    this.reveal(next, true);
    // Taken by the card it opened, if it opened one; no later card inherits it.
    this.nextMode = 'hover';
  }

  destroy(): void {
    this.dwell.destroy();
  }

  private showCard(t: Target): void {
    const id = entityOf(t);
    const focus = this.focusNext;
    this.focusNext = false;
    this.sticky = false;
    const mode = this.nextMode;
    this.nextMode = 'hover';
    if (!id) return;
    // A card opened in place of a pinned one (stepping, a tap, the popup) is pinned too: the dwell's opening
    // cleared its own flag.
    if (this.readerPinned) this.dwell.setPinned(true);
    // Marked after the frame that reveals the card, not in it: a highlight change repaints the page's text. Already
    // marked by prepare unless the dwell is the shortest.
    this.deps.timers.set(() => {
      if (this.dwell.openTarget === t) this.markActive(t);
    }, 0);
    void Promise.all([this.detailsOf(id), this.loadCard()]).then(([d, card]) => {
      // The pointer may have moved on while the details (or the card's UI) were on their way.
      if (!d || !card || this.dwell.openTarget !== t || !this.deps.alive()) return;
      this.mode = mode;
      card.show(t, d, { focus, mode, pinned: this.readerPinned });
      if (mode === 'sheet') this.clearSheet(t, card);
    });
  }

  /**
   * A bottom sheet covers the lower part of the screen. The name it is about is scrolled into the part above it,
   * by the least scroll that does it, or the sheet is made shorter where the page cannot scroll that far, so the
   * reader sees which name the sheet is about and can tap it again to follow its link
   * (docs/adr/0007-touch-links.md).
   */
  private clearSheet(t: Target, card: Card): void {
    const { doc, timers } = this.deps;
    const win = doc.defaultView;
    const scroller = doc.scrollingElement;
    const top = card.sheetTop();
    const range = liveRange(doc, t);
    if (!win || !scroller || top === null || !range) return;
    const r = range.getBoundingClientRect();
    let by = 0;
    // The name moves up until it clears the sheet (never past the screen's top), or down to below the top.
    if (r.bottom > top - SHEET_MARGIN)
      by = Math.max(0, Math.min(r.bottom - (top - SHEET_MARGIN), r.top - SHEET_MARGIN));
    else if (r.top < SHEET_MARGIN) by = r.top - SHEET_MARGIN;
    // As far as the page can scroll. Near its end, or on a page too short to scroll, the sheet makes way instead
    // (down to a third of the screen).
    by = Math.max(
      -scroller.scrollTop,
      Math.min(by, scroller.scrollHeight - scroller.clientHeight - scroller.scrollTop),
    );
    if (r.bottom - by > top - SHEET_MARGIN) card.sheetBelow(r.bottom - by + SHEET_MARGIN);
    if (Math.abs(by) < 1) return;
    if (this.ownScroll) timers.clear(this.ownScroll);
    this.ownScroll = timers.set(() => {
      this.ownScroll = 0;
    }, OWN_SCROLL_MAX_MS);
    const reduce = win.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
    win.scrollBy({ top: by, behavior: reduce ? 'auto' : 'smooth' });
  }

  /**
   * The card, once its UI has loaded; null when the load failed (logged; the next card tries again) or the page
   * stopped meanwhile.
   */
  private loadCard(): Promise<Card | null> {
    this.cardLoad ??= this.deps.loadCardUi().then(
      (ui) => {
        if (!this.deps.alive()) return null;
        this.card ??= ui.createCard(this.cardDeps);
        return this.card;
      },
      (err: unknown) => {
        this.cardLoad = null;
        console.warn('[reader-context] the card could not load', err);
        return null;
      },
    );
    return this.cardLoad;
  }

  /** Mark `t` active (or nothing): the name under a resting pointer, or whose card is open. */
  markActive(t: Target | null): void {
    const { registry, doc } = this.deps;
    if (!registry) return;
    // The same mention again (marked when the pointer comes to rest, again when its card opens) changes nothing:
    // any change to a highlight makes Chromium repaint the highlighted text, which would land in the very frame
    // that reveals the card.
    if (sameTarget(t, this.active)) return;
    const range = t ? liveRange(doc, t) : null;
    // Remembered only when marked: a mention whose text changed gets no mark, and a later call may try again.
    this.active = range ? t : null;
    registry.setActive(range);
  }

  /**
   * What a card shows, fetched once per entity. Failed fetches are forgotten, so the next hover retries.
   */
  private detailsOf(id: string): Promise<EntityDetails | null> {
    let p = this.details.get(id);
    if (!p) {
      p = this.deps.fetchDetails(id);
      this.details.set(id, p);
      void p.then((d) => {
        if (!d) this.details.delete(id);
      });
    }
    return p;
  }
}

/** Whether the whole of `range` is inside the viewport. */
function onScreen(range: Range, doc: Document): boolean {
  const r = range.getBoundingClientRect();
  const win = doc.defaultView;
  if (!win || (r.width === 0 && r.height === 0)) return false;
  return r.top >= 0 && r.left >= 0 && r.bottom <= win.innerHeight && r.right <= win.innerWidth;
}
