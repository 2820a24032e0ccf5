// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { createAppContext } from '@/content/context';
import { createHost, isHtmlDocument } from '@/content/host';

const EVENT = 'test-id:content:wxt:content-script-started';

afterEach(() => {
  document.documentElement.querySelectorAll('[data-reader-context-ui]').forEach((n) => {
    n.remove();
  });
});

describe('the content app context', () => {
  it('a "newer copy started" event ends it only when the extension is gone', () => {
    let gone = false;
    const ctx = createAppContext(EVENT, document, () => gone);
    let ended = 0;
    ctx.onInvalidated(() => ended++);
    document.dispatchEvent(
      new CustomEvent(EVENT, { detail: { contentScriptName: 'content', messageId: 'x' } }),
    );
    expect([ctx.isValid, ended]).toEqual([true, 0]);
    gone = true;
    document.dispatchEvent(new CustomEvent(EVENT));
    expect([ctx.isValid, ended]).toEqual([false, 1]);
  });

  it('notices the extension is gone when asked, and removes its listeners then', () => {
    let gone = false;
    const ctx = createAppContext(EVENT, document, () => gone);
    let clicks = 0;
    ctx.addEventListener(document, 'click', () => clicks++);
    document.dispatchEvent(new Event('click'));
    gone = true;
    expect(ctx.isInvalid).toBe(true);
    document.dispatchEvent(new Event('click'));
    expect(clicks).toBe(1);
  });
});

describe('the host element', () => {
  it('has a closed shadow root, and comes back when the page removes it', async () => {
    const ctx = createAppContext(EVENT, document, () => false);
    const { element, container } = createHost(ctx, document, ':host { display: block }');
    expect(element.isConnected).toBe(true);
    expect(element.shadowRoot).toBeNull();
    expect(container.getRootNode()).not.toBe(document);
    element.remove();
    await new Promise((r) => setTimeout(r, 0));
    expect(element.isConnected).toBe(true);
    ctx.invalidate();
    expect(element.isConnected).toBe(false);
  });

  it('is a plain div, whatever custom elements the page defines', () => {
    customElements.define(
      'reader-context-ui',
      class extends HTMLElement {
        constructor() {
          super();
          this.attachShadow({ mode: 'open' });
        }
      },
    );
    const ctx = createAppContext(EVENT, document, () => false);
    const { element } = createHost(ctx, document, '');
    expect(element.localName).toBe('div');
    expect(element.hasAttribute('data-reader-context-ui')).toBe(true);
    expect(element.shadowRoot).toBeNull();
    ctx.invalidate();
  });

  it('works only in HTML documents', () => {
    expect(isHtmlDocument(document)).toBe(true);
    const doc = (contentType: string, namespaceURI: string | null) =>
      ({ contentType, documentElement: { namespaceURI } }) as unknown as Document;
    // Chromium shows an XML file in an XHTML viewer of its own: the content type still says what it is.
    expect(isHtmlDocument(doc('application/xml', 'http://www.w3.org/1999/xhtml'))).toBe(false);
    expect(isHtmlDocument(doc('image/svg+xml', 'http://www.w3.org/2000/svg'))).toBe(false);
    expect(isHtmlDocument(doc('application/xhtml+xml', 'http://www.w3.org/1999/xhtml'))).toBe(true);
  });
});
