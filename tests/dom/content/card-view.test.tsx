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
    onEnter: vi.fn(),
    onLeave: vi.fn(),
    later: (fn) => later.push(fn),
  });
  const floating = container.querySelector('.rc-floating') as HTMLElement;
  const runLater = () => {
    for (const fn of later.splice(0)) fn();
  };
  return { card, floating, container, runLater };
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
