// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCard } from '@/content/card-view';
import type { Target } from '@/content/mention';
import type { EntityDetails } from '@/core/messages';
import { fixtureArticles, fixtureEntity, fixtureNameOf } from '@/tests/fixtures/views/knowledge';

/** The card controller in a page: warming, revealing, and what the reader can reach when. */
function mount() {
  const text = document.createElement('p');
  text.textContent = 'Alexander Lukashenko spoke.';
  document.body.append(text);
  const host = document.createElement('div');
  document.body.append(host);
  const container = host.attachShadow({ mode: 'open' }).appendChild(document.createElement('div'));
  const later: (() => void)[] = [];
  const range = () => {
    const r = document.createRange();
    r.setStart(text.firstChild as Text, 0);
    r.setEnd(text.firstChild as Text, 20);
    return r;
  };
  const onEnter = vi.fn();
  const onLeave = vi.fn();
  const card = createCard({
    container,
    host,
    doc: document,
    nameOf: fixtureNameOf,
    scheme: () => 'light',
    onPage: () => new Set(['lukashenko']),
    position: () => ({ index: 0, count: 1 }),
    range,
    onStep: vi.fn(),
    onKnow: vi.fn(),
    onClose: vi.fn(),
    onPin: vi.fn(),
    onEnter,
    onLeave,
    later: (fn) => later.push(fn),
  });
  const floating = container.querySelector('.rc-floating') as HTMLElement;
  const runLater = () => {
    for (const fn of later.splice(0)) fn();
  };
  return { card, floating, container, runLater, onEnter, onLeave };
}

const target = { record: {}, i: 0 } as unknown as Target;
const details: EntityDetails = {
  entity: fixtureEntity('lukashenko'),
  articles: Object.values(fixtureArticles),
};

afterEach(() => {
  document.body.replaceChildren();
});

describe('entity card in the page (createCard)', () => {
  it('warms a card transparent and inert: rendered, but out of reach of pointer, focus and assistive tech', () => {
    const { card, floating, container } = mount();
    expect(floating.hidden).toBe(true);
    card.warm(target, details);
    expect(floating.hidden).toBe(false);
    expect(floating.inert).toBe(true);
    expect(floating.hasAttribute('data-warm')).toBe(true);
    expect(container.querySelector('[role="dialog"] .rc-name')?.textContent).toBe('Alexander Lukashenko');
    expect(card.isOpen()).toBe(false);
  });

  it('reveals a warmed card by its opacity alone; it takes the pointer in the next task', () => {
    const { card, floating, container, runLater } = mount();
    card.warm(target, details);
    const dialog = container.querySelector('[role="dialog"]');
    card.show(target, details, { focus: false });
    expect(card.isOpen()).toBe(true);
    expect(floating.hasAttribute('data-warm')).toBe(false);
    // The same rendering, not a new one.
    expect(container.querySelector('[role="dialog"]')).toBe(dialog);
    // Still inert in the frame that reveals it: changing it there would repaint the page.
    expect(floating.inert).toBe(true);
    runLater();
    expect(floating.inert).toBe(false);
  });

  it('a card opened for the keyboard is reachable at once, and takes focus', () => {
    const { card, floating, container } = mount();
    card.warm(target, details);
    card.show(target, details, { focus: true });
    expect(floating.inert).toBe(false);
    expect((container.getRootNode() as ShadowRoot).activeElement).toBe(
      container.querySelector('[role="dialog"]'),
    );
  });

  it('a card hidden before the next task stays closed and is not made reachable later', () => {
    const { card, floating, runLater } = mount();
    card.warm(target, details);
    card.show(target, details, { focus: false });
    card.hide();
    runLater();
    expect(card.isOpen()).toBe(false);
    expect(floating.hidden).toBe(true);
    expect(floating.inert).toBe(false);
    expect(floating.hasAttribute('data-warm')).toBe(false);
  });

  it("a revealed card's late hand-over of the pointer does not reach the next card, still warming", () => {
    const { card, floating, runLater } = mount();
    const other = { record: {}, i: 1 } as unknown as Target;
    card.warm(target, details);
    card.show(target, details, { focus: false });
    card.hide();
    card.warm(other, details);
    runLater();
    expect(floating.hasAttribute('data-warm')).toBe(true);
    expect(floating.inert).toBe(true);
    expect(card.isOpen()).toBe(false);
  });

  it('a card shown without warming is reachable at once', () => {
    const { card, floating } = mount();
    card.show(target, details, { focus: false });
    expect(card.isOpen()).toBe(true);
    expect(floating.inert).toBe(false);
  });

  it('cooling a warmed card that was never shown clears it', () => {
    const { card, floating, container } = mount();
    card.warm(target, details);
    card.cool();
    expect(floating.hidden).toBe(true);
    expect(floating.inert).toBe(false);
    expect(container.querySelector('[role="dialog"]')).toBeNull();
  });
});

describe('placing the card', () => {
  it('placed again at the same spot, it writes no style: each write repaints the whole page in the next frame', async () => {
    const { card, floating } = mount();
    card.warm(target, details);
    const settle = () => new Promise((r) => setTimeout(r, 20));
    await settle();
    expect(floating.style.transform).toMatch(/^translate\(/);
    const writes: string[] = [];
    const mo = new MutationObserver((records) => {
      for (const r of records) writes.push(`${(r.target as Element).className} ${r.attributeName}`);
    });
    mo.observe(floating, { attributes: true, subtree: true });
    // floating-ui places the card again on every resize of the window.
    window.dispatchEvent(new Event('resize'));
    await settle();
    window.dispatchEvent(new Event('resize'));
    await settle();
    mo.disconnect();
    expect(writes).toEqual([]);
  });
});

describe('a card opened by a tap', () => {
  it("on a phone is a bottom sheet on the visual viewport, at the screen's scale, following it", () => {
    // A page laid out 780 px wide and shown at half size (no viewport meta tag), panned a little.
    const vv = Object.assign(new EventTarget(), {
      width: 780,
      height: 1500,
      scale: 0.5,
      offsetLeft: 10,
      offsetTop: 20,
    });
    Object.defineProperty(window, 'visualViewport', { value: vv, configurable: true });
    try {
      const { card, floating } = mount();
      card.show(target, details, { focus: false, mode: 'sheet' });
      expect(card.isOpen()).toBe(true);
      expect(floating.hasAttribute('data-sheet')).toBe(true);
      expect(floating.hasAttribute('data-touch')).toBe(true);
      expect(floating.hasAttribute('data-placement')).toBe(false);
      expect(floating.inert).toBe(false);
      // 390 px of the screen's own, scaled back up to cover the 780 px shown; its bottom on the viewport's.
      expect(floating.style.width).toBe('390px');
      expect(floating.style.transform).toBe('translate(10px, 1520px) scale(2) translateY(-100%)');
      expect(floating.style.getPropertyValue('--rc-sheet-height')).toBe('525px');
      // The reader zooms in.
      Object.assign(vv, { width: 390, height: 750, scale: 1 });
      vv.dispatchEvent(new Event('resize'));
      expect(floating.style.width).toBe('390px');
      expect(floating.style.transform).toBe('translate(10px, 770px) scale(1) translateY(-100%)');
      card.hide();
      expect(floating.hasAttribute('data-sheet')).toBe(false);
      expect(floating.style.width).toBe('');
      Object.assign(vv, { scale: 2 });
      vv.dispatchEvent(new Event('resize'));
      expect(floating.style.width).toBe('');
    } finally {
      Reflect.deleteProperty(window, 'visualViewport');
    }
  });

  it('a hover card after a sheet is placed beside its name again', async () => {
    const { card, floating } = mount();
    card.show(target, details, { focus: false, mode: 'sheet' });
    card.hide();
    card.show(target, details, { focus: false });
    expect(floating.hasAttribute('data-sheet')).toBe(false);
    expect(floating.hasAttribute('data-touch')).toBe(false);
    await new Promise((r) => setTimeout(r, 20));
    expect(floating.style.transform).toMatch(/^translate\(/);
  });

  it('a warmed hover card is not what a tap reveals: the tapped card is drawn for the finger', () => {
    const { card, floating } = mount();
    card.warm(target, details);
    card.show(target, details, { focus: false, mode: 'touch' });
    expect(floating.hasAttribute('data-touch')).toBe(true);
    expect(floating.hasAttribute('data-warm')).toBe(false);
    expect(floating.inert).toBe(false);
  });

  it('a finger touching and lifting off the card is not the pointer entering and leaving it', () => {
    const { card, floating, onEnter, onLeave } = mount();
    card.show(target, details, { focus: false, mode: 'sheet' });
    floating.dispatchEvent(new PointerEvent('pointerenter', { pointerType: 'touch' }));
    floating.dispatchEvent(new PointerEvent('pointerleave', { pointerType: 'touch' }));
    expect(onEnter).not.toHaveBeenCalled();
    expect(onLeave).not.toHaveBeenCalled();
    floating.dispatchEvent(new PointerEvent('pointerenter', { pointerType: 'mouse' }));
    floating.dispatchEvent(new PointerEvent('pointerleave', { pointerType: 'mouse' }));
    expect(onEnter).toHaveBeenCalledTimes(1);
    expect(onLeave).toHaveBeenCalledTimes(1);
  });
});
