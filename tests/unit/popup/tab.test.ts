import { describe, expect, it, vi } from 'vitest';
import { resolveTab } from '@/popup/tab';

type Tabs = Parameters<typeof resolveTab>[1];

function tabs(found: { id?: number; url?: string }, fail = false): Tabs & { get: ReturnType<typeof vi.fn> } {
  const answer = () => (fail ? Promise.reject(new Error('No tab with id')) : Promise.resolve(found));
  return {
    get: vi.fn(answer),
    query: vi.fn(async () => (fail ? Promise.reject(new Error('x')) : [found])),
  } as never;
}

describe('resolveTab', () => {
  it('takes the tab named by ?tabId=, with its address', async () => {
    const api = tabs({ id: 7, url: 'https://a.example/' });
    expect(await resolveTab(new URLSearchParams('tabId=7'), api)).toEqual({
      id: 7,
      url: 'https://a.example/',
    });
    expect(api.get).toHaveBeenCalledWith(7);
  });

  it('takes the active tab of the current window when no tab is named', async () => {
    const api = tabs({ id: 3, url: 'https://b.example/' });
    expect(await resolveTab(new URLSearchParams(''), api)).toEqual({ id: 3, url: 'https://b.example/' });
    expect(api.query).toHaveBeenCalledWith({ active: true, currentWindow: true });
  });

  it('keeps the named id without an address when the browser refuses, and no id for a bad one', async () => {
    expect(await resolveTab(new URLSearchParams('tabId=7'), tabs({}, true))).toEqual({
      id: 7,
      url: undefined,
    });
    expect(await resolveTab(new URLSearchParams('tabId=x'), tabs({}, true))).toEqual({
      id: undefined,
      url: undefined,
    });
  });

  it('is about no tab for a lookup’s own tab (?q= without ?tabId=): the active tab is that tab itself', async () => {
    const api = tabs({ id: 3, url: 'chrome-extension://x/popup.html?q=weather' });
    expect(await resolveTab(new URLSearchParams('q=weather'), api)).toEqual({
      id: undefined,
      url: undefined,
    });
    expect(api.query).not.toHaveBeenCalled();
    // A query with a named tab is still about that tab.
    expect(await resolveTab(new URLSearchParams('q=weather&tabId=3'), api)).toMatchObject({ id: 3 });
  });
});
