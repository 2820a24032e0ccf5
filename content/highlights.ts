/**
 * The only visible trace of the extension on a page: CSS Custom Highlight API registrations, styled by the default
 * look's style sheet the browser puts in the page (./highlight-css.ts) or, for another look, one sheet the document
 * adopts (`highlightRules`). The page's DOM is never changed.
 *
 * Chromium revalidates every registered range after each DOM change of the page, a cost that grows with the number
 * of ranges, so ranges are registered only for blocks near the viewport and unregistered when
 * they scroll far away: the registered count stays bounded by what a few screens can show.
 */
import { type EntityType, ENTITY_TYPES as TYPES } from '@/core/knowledge/entity-types';
import type { Scheme } from '@/core/scheme';
import type { HighlightStyle } from '@/core/settings';
import { ACTIVE, BASE_SCHEME, BASE_STYLE, FLASH, highlightCss, highlightName } from './highlight-css';

interface HighlightLike {
  add(range: AbstractRange): unknown;
  delete(range: AbstractRange): boolean;
  clear(): void;
  size: number;
}
type HighlightCtor = new (...ranges: AbstractRange[]) => HighlightLike;
interface HighlightRegistryLike {
  get(name: string): unknown;
  set(name: string, h: HighlightLike): unknown;
  delete(name: string): boolean;
}

export function highlightApi(g: typeof globalThis = globalThis) {
  const css = (g as { CSS?: { highlights?: HighlightRegistryLike } }).CSS;
  const Ctor = (g as { Highlight?: HighlightCtor }).Highlight;
  return css?.highlights && typeof Ctor === 'function' ? { registry: css.highlights, Highlight: Ctor } : null;
}

/** Relative luminance of a CSS rgb()/rgba() colour, or null when transparent or unparsable. */
export function luminanceOf(color: string): number | null {
  const m = /rgba?\(([\d.]+)[, ]+([\d.]+)[, ]+([\d.]+)(?:[,/ ]+([\d.]+%?))?\)/.exec(color);
  if (!m) return null;
  const alpha = m[4] === undefined ? 1 : m[4].endsWith('%') ? Number.parseFloat(m[4]) / 100 : Number(m[4]);
  if (alpha < 0.5) return null;
  const lin = (v: number) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(Number(m[1])) + 0.7152 * lin(Number(m[2])) + 0.0722 * lin(Number(m[3]));
}

/** Whether the page is dark, from the background actually painted behind its text. */
export function pageScheme(doc: Document = document): Scheme {
  const win = doc.defaultView;
  if (!win) return 'light';
  for (const el of [doc.body, doc.documentElement]) {
    if (!el) continue;
    const lum = luminanceOf(win.getComputedStyle(el).backgroundColor);
    if (lum !== null) return lum < 0.2 ? 'dark' : 'light';
  }
  // A transparent page shows the canvas: dark only if the page opts into a dark colour scheme and the reader's
  // system is dark.
  const cs = win.getComputedStyle(doc.documentElement).colorScheme;
  if (cs?.includes('dark') && win.matchMedia?.('(prefers-color-scheme: dark)').matches) return 'dark';
  return 'light';
}

/** Registered ranges by owner (one owner per block of text). */
export class Highlights<Owner> {
  private readonly byType = new Map<EntityType, HighlightLike>();
  private readonly owned = new Map<Owner, { type: EntityType; range: AbstractRange }[]>();
  /** Ranges owned, per type: what each highlight should hold, so a check for what the page took is one compare. */
  private readonly count = new Map<EntityType, number>();
  private readonly active: HighlightLike;
  private readonly flashing: HighlightLike;
  private flashTimer = 0;

  constructor(private readonly api: NonNullable<ReturnType<typeof highlightApi>>) {
    for (const t of TYPES) {
      const h = new api.Highlight();
      this.byType.set(t, h);
      api.registry.set(highlightName(t), h);
    }
    this.active = new api.Highlight();
    this.flashing = new api.Highlight();
    api.registry.set(ACTIVE, this.active);
    api.registry.set(FLASH, this.flashing);
  }

  /** Register (or replace) an owner's ranges, in one batch. */
  show(owner: Owner, ranges: { type: EntityType; range: AbstractRange }[]): void {
    this.hide(owner);
    if (ranges.length === 0) return;
    for (const r of ranges) {
      this.byType.get(r.type)?.add(r.range);
      this.count.set(r.type, (this.count.get(r.type) ?? 0) + 1);
    }
    this.owned.set(owner, ranges);
  }

  /** Whether `owner`'s registered ranges are these: the same types, over the same text, in the same order. */
  holds(owner: Owner, ranges: readonly { type: EntityType; range: AbstractRange }[]): boolean {
    const now = this.owned.get(owner) ?? [];
    return (
      now.length === ranges.length &&
      ranges.every(({ type, range: r }, i) => {
        const o = now[i] as { type: EntityType; range: AbstractRange };
        return (
          o.type === type &&
          o.range.startContainer === r.startContainer &&
          o.range.startOffset === r.startOffset &&
          o.range.endContainer === r.endContainer &&
          o.range.endOffset === r.endOffset
        );
      })
    );
  }

  hide(owner: Owner): void {
    const ranges = this.owned.get(owner);
    if (!ranges) return;
    for (const r of ranges) {
      this.byType.get(r.type)?.delete(r.range);
      this.count.set(r.type, (this.count.get(r.type) ?? 0) - 1);
    }
    this.owned.delete(owner);
  }

  /** Mark the mention the reader is looking at (hovered or stepped to). */
  setActive(range: AbstractRange | null): void {
    this.active.clear();
    if (range) this.active.add(range);
  }

  flash(range: AbstractRange, ms: number, setTimer: (fn: () => void, ms: number) => number): void {
    this.flashing.clear();
    this.flashing.add(range);
    const id = setTimer(() => {
      if (this.flashTimer === id) this.flashing.clear();
    }, ms);
    this.flashTimer = id;
  }

  /**
   * Put back what the page took away: the registry is the page's too, and a page may delete our highlights or clear
   * them (`CSS.highlights.clear()`, `highlight.clear()`). Cheap when nothing is missing: a lookup and a size per
   * highlight, so it can run on every pointer frame. Returns whether anything was restored.
   */
  restore(): boolean {
    let restored = false;
    for (const [type, h] of this.byType) {
      const name = highlightName(type);
      if (this.api.registry.get(name) !== h) {
        this.api.registry.set(name, h);
        restored = true;
      }
      if (h.size !== (this.count.get(type) ?? 0)) {
        h.clear();
        for (const ranges of this.owned.values()) for (const r of ranges) if (r.type === type) h.add(r.range);
        restored = true;
      }
    }
    for (const [name, h] of [
      [ACTIVE, this.active],
      [FLASH, this.flashing],
    ] as const) {
      if (this.api.registry.get(name) !== h) {
        this.api.registry.set(name, h);
        restored = true;
      }
    }
    return restored;
  }

  /** Unregister every owner's ranges, keeping the active and flash marks. */
  clearOwned(): void {
    for (const h of this.byType.values()) h.clear();
    this.owned.clear();
    this.count.clear();
  }

  clear(): void {
    this.clearOwned();
    this.active.clear();
    this.flashing.clear();
  }

  /** Remove every registration the extension made (context invalidated). */
  destroy(): void {
    this.clear();
    for (const t of TYPES) this.api.registry.delete(highlightName(t));
    this.api.registry.delete(ACTIVE);
    this.api.registry.delete(FLASH);
  }
}

/** A constructed sheet with `css`, adopted by the document: no element in the page. Null where that fails. */
function adoptSheet(doc: Document, css: string): CSSStyleSheet | null {
  try {
    const Ctor = (doc.defaultView as (Window & typeof globalThis) | null)?.CSSStyleSheet;
    if (typeof Ctor !== 'function' || !('adoptedStyleSheets' in doc)) return null;
    const sheet = new Ctor();
    sheet.replaceSync(css);
    doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
    return sheet;
  } catch {
    // An old engine, or a page that replaced the property: the caller falls back to a <style> element.
    return null;
  }
}

/** Where the ::highlight() rules live, and the one way to change them. */
export interface HighlightRules {
  /**
   * Show highlights in this look. The default look is content-highlights.css's, in the page from its start, and
   * needs nothing more; any other is a sheet of the app's own, whose rules win over it. The same look again changes
   * nothing (any change restyles the page).
   */
  write(style: HighlightStyle, scheme: Scheme): void;
  /**
   * Put the app's sheet back if the page dropped it (a page may assign `document.adoptedStyleSheets` wholesale).
   * Cheap: one look at a short list.
   */
  ensure(): void;
  /** Take the app's rules out of the page (context invalidated). Safe to call twice. */
  remove(): void;
}

/**
 * The app's own rules, where the reader's look is not the default one: a sheet adopted by the document; else (no
 * adoptedStyleSheets) a <style> in the host's light DOM — ::highlight() rules apply only from the document's style
 * sheets, not a shadow root's. Only a look other than the default restyles the page, once, when the app starts on
 * it (a dark page, or a reader's own style).
 */
export function highlightRules(doc: Document, host: () => Element | null): HighlightRules {
  const held = (s: CSSStyleSheet) => {
    try {
      return doc.adoptedStyleSheets.includes(s);
    } catch {
      return false;
    }
  };
  let sheet: CSSStyleSheet | null = null;
  let styleEl: HTMLStyleElement | null = null;
  /** The app's rules now in the page: '' for none (the default look). */
  let current = '';
  const ensure = () => {
    if (!sheet || held(sheet)) return;
    try {
      doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
    } catch {
      // The page made the list unwritable; nothing more to do without touching its DOM.
    }
  };
  const remove = () => {
    try {
      if (sheet) doc.adoptedStyleSheets = doc.adoptedStyleSheets.filter((s) => s !== sheet);
    } catch {
      // The page replaced the property; the sheet went with it.
    }
    styleEl?.remove();
    sheet = null;
    styleEl = null;
    current = '';
  };
  return {
    write(style, scheme) {
      const css = style === BASE_STYLE && scheme === BASE_SCHEME ? '' : highlightCss(style, scheme, true);
      if (css === current) return;
      if (!css) return remove();
      if (sheet) {
        sheet.replaceSync(css);
        ensure();
      } else if (!styleEl) sheet = adoptSheet(doc, css);
      if (!sheet) {
        if (!styleEl) {
          const parent = host();
          if (!parent) return; // written once the host exists
          styleEl = doc.createElement('style');
          parent.append(styleEl);
        }
        styleEl.textContent = css;
      }
      current = css;
    },
    ensure,
    remove,
  };
}
