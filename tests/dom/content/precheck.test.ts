// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { namesNoOne } from '@/content/precheck';
import type { CompiledMatcher, Mention } from '@/core/matcher/types';

const putin: CompiledMatcher = {
  match(text: string): Mention[] {
    return [...text.matchAll(/Putin/g)].map((m) => ({ entity: 'putin', start: m.index, end: m.index + 5 }));
  },
  size: 1,
};

afterEach(() => {
  document.body.innerHTML = '';
});

describe('the pre-check of a page', () => {
  it('says a page names no one only when its text has no name', () => {
    document.body.innerHTML = '<p>The weather was fine.</p><p>Nothing else happened.</p>';
    expect(namesNoOne(document.body, putin)).toBe(true);
    document.body.insertAdjacentHTML('beforeend', '<p hidden>Later, <b>Putin</b> spoke.</p>');
    expect(namesNoOne(document.body, putin)).toBe(false);
  });

  it('is in doubt (and the page is walked) with a shadow root or a very long text', () => {
    document.body.innerHTML = '<p>The weather was fine.</p><div id="w"></div>';
    (document.getElementById('w') as HTMLElement).attachShadow({ mode: 'open' }).innerHTML = '<p>Putin</p>';
    expect(namesNoOne(document.body, putin)).toBe(false);
    document.body.innerHTML = `<p>${'The weather was fine. '.repeat(30_000)}</p>`;
    expect(namesNoOne(document.body, putin)).toBe(false);
  });
});
