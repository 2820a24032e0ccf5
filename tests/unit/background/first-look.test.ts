/**
 * The first look, answered by the background (background/first-look.ts) to content.js's `look:text`: whether a
 * page's text may name anyone. Only the extension's own content scripts are answered.
 */
import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { firstLookFrom } from '@/background/first-look';
import { MAX_LOOK_TEXT } from '@/core/matcher/look-text';
import type { MessageSender } from '@/extension/messaging';
import { freshBrowserEachTest, setup } from './fake-api';

const stopAfter = freshBrowserEachTest();

const fromPage: MessageSender = {
  id: fakeBrowser.runtime.id,
  url: 'https://www.bbc.co.uk/news/world',
  tab: { id: 4 } as MessageSender['tab'],
};

const ask = async (message: unknown, sender: MessageSender = fromPage) =>
  (await fakeBrowser.runtime.onMessage.trigger(message, sender, () => {}))[0];

describe('look:text', () => {
  it('answers whether the text may name anyone the knowledge has', async () => {
    stopAfter(setup().stop);
    expect(await ask({ type: 'look:text', text: 'In Minsk, Lukashenko spoke.' })).toBe(true);
    // A near miss, as the matcher finds it.
    expect(await ask({ type: 'look:text', text: 'Then Lukashanko left.' })).toBe(true);
    expect(await ask({ type: 'look:text', text: 'Nothing here names anyone.' })).toBe(false);
    expect(await ask({ type: 'look:text', text: '' })).toBe(false);
  });

  it('finds a name past the first part of a long text', async () => {
    stopAfter(setup().stop);
    const long = `${'filler '.repeat(100_000)}Lukashenko`;
    expect(await ask({ type: 'look:text', text: long })).toBe(true);
  });

  it('answers no one but its own content scripts, and no text longer than a page may send', async () => {
    stopAfter(setup().stop);
    const text = 'Lukashenko';
    expect(await ask({ type: 'look:text', text }, { ...fromPage, id: 'another-extension' })).toBeUndefined();
    // The extension's own pages are not content scripts.
    expect(
      await ask(
        { type: 'look:text', text },
        { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') },
      ),
    ).toBeUndefined();
    expect(await ask({ type: 'look:text', text: 'x'.repeat(MAX_LOOK_TEXT + 1) })).toBeUndefined();
    expect(await ask({ type: 'look:text', text: 5 })).toBeUndefined();
  });
});

describe('firstLookFrom', () => {
  it('answers null where the build wrote no first look, or one it cannot read', () => {
    expect(firstLookFrom('null')('Lukashenko')).toBeNull();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(firstLookFrom('{"exact":1}')('Lukashenko')).toBeNull();
    expect(warn).toHaveBeenCalledTimes(1);
  });
});
