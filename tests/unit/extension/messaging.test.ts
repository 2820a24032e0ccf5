import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { PageSummary, ToContent } from '@/core/messages';
import {
  isFromExtensionPage,
  isFromOwnContentScript,
  type MessageSender,
  onContentMessage,
  sendToBackground,
  sendToTab,
} from '@/extension/messaging';

beforeEach(() => {
  fakeBrowser.reset();
});

const OURS = 'ourextensionidaaaaaaaaaaaaaaaaaa';
const runtime = { id: OURS, getURL: (p: string) => `chrome-extension://${OURS}/${p.replace(/^\//, '')}` };
const firefoxRuntime = {
  id: 'reader-context@reader-context.app',
  getURL: (p: string) => `moz-extension://0f1e2d3c/${p.replace(/^\//, '')}`,
};

const popup: MessageSender = { id: OURS, url: `chrome-extension://${OURS}/popup.html` };
const backgroundWorker: MessageSender = { id: OURS, url: `chrome-extension://${OURS}/background.js` };
const searchTab: MessageSender = {
  id: OURS,
  url: `chrome-extension://${OURS}/popup.html?q=Lukashenko`,
  tab: { id: 9 } as MessageSender['tab'],
};
const ourContentScript: MessageSender = {
  id: OURS,
  url: 'https://www.dailymail.co.uk/news/article.html',
  tab: { id: 4, url: 'https://www.dailymail.co.uk/news/article.html' } as MessageSender['tab'],
};
const otherExtension: MessageSender = {
  id: 'someoneelseaaaaaaaaaaaaaaaaaaaaa',
  url: 'chrome-extension://someoneelseaaaaaaaaaaaaaaaaaaaaa/bg.js',
};

describe('isFromExtensionPage: only our own pages and background', () => {
  it('accepts the popup, the options page, the background and the search tab', () => {
    expect(isFromExtensionPage(popup, runtime)).toBe(true);
    expect(isFromExtensionPage({ id: OURS, url: `chrome-extension://${OURS}/options.html` }, runtime)).toBe(
      true,
    );
    expect(isFromExtensionPage(backgroundWorker, runtime)).toBe(true);
    expect(isFromExtensionPage({ id: OURS }, runtime)).toBe(true);
    expect(isFromExtensionPage(searchTab, runtime)).toBe(true);
  });

  it('accepts Firefox pages, whose origin is a per-profile UUID rather than the id', () => {
    const sender = { id: firefoxRuntime.id, url: 'moz-extension://0f1e2d3c/popup.html' };
    expect(isFromExtensionPage(sender, firefoxRuntime)).toBe(true);
    expect(
      isFromExtensionPage({ ...sender, url: 'moz-extension://99999999/popup.html' }, firefoxRuntime),
    ).toBe(false);
  });

  it('rejects other extensions', () => {
    expect(isFromExtensionPage(otherExtension, runtime)).toBe(false);
    expect(isFromExtensionPage({ ...popup, id: 'someoneelse' }, runtime)).toBe(false);
  });

  it('rejects web pages and content scripts, ours included', () => {
    expect(isFromExtensionPage(ourContentScript, runtime)).toBe(false);
    expect(isFromExtensionPage({ id: OURS, url: 'http://127.0.0.1:8080/page.html' }, runtime)).toBe(false);
    // A look-alike prefix is not our origin.
    expect(isFromExtensionPage({ id: OURS, url: `chrome-extension://${OURS}.evil.example/` }, runtime)).toBe(
      false,
    );
    // With no url on the sender, the tab's url decides.
    expect(isFromExtensionPage({ id: OURS, tab: ourContentScript.tab }, runtime)).toBe(false);
  });

  it('rejects a sender without an id', () => {
    expect(isFromExtensionPage({ url: popup.url }, runtime)).toBe(false);
    expect(isFromExtensionPage({}, runtime)).toBe(false);
  });

  it('uses the running extension by default', () => {
    const id = fakeBrowser.runtime.id;
    expect(isFromExtensionPage({ id, url: fakeBrowser.runtime.getURL('/popup.html') })).toBe(true);
    expect(isFromExtensionPage({ id: 'another', url: fakeBrowser.runtime.getURL('/popup.html') })).toBe(
      false,
    );
  });
});

describe('isFromOwnContentScript: only our content scripts', () => {
  it('accepts our content script in a tab', () => {
    expect(isFromOwnContentScript(ourContentScript, runtime)).toBe(true);
  });

  it('rejects other extensions, senders without a tab, and our own pages', () => {
    expect(isFromOwnContentScript({ ...ourContentScript, id: 'someoneelse' }, runtime)).toBe(false);
    expect(isFromOwnContentScript({ id: OURS, url: ourContentScript.url }, runtime)).toBe(false);
    expect(isFromOwnContentScript(popup, runtime)).toBe(false);
    expect(isFromOwnContentScript(searchTab, runtime)).toBe(false);
    expect(
      isFromOwnContentScript({ ...ourContentScript, tab: { id: -1 } as MessageSender['tab'] }, runtime),
    ).toBe(false);
  });
});

describe('sendToTab', () => {
  const summary: PageSummary = {
    url: 'https://www.bbc.co.uk/news',
    site: 'bbc.co.uk',
    state: 'active',
    scanning: false,
    entities: [{ id: 'alexander-lukashenko', count: 3 }],
    totalMentions: 3,
  };

  it('returns the content script answer', async () => {
    const send = vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockResolvedValue(summary as never);
    expect(await sendToTab(5, { type: 'page:summary' })).toEqual(summary);
    expect(send).toHaveBeenCalledWith(5, { type: 'page:summary' });
  });

  it('keeps null ("not on this page") apart from undefined ("nobody answered")', async () => {
    vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockResolvedValue(null as never);
    expect(await sendToTab(5, { type: 'page:lookup', text: 'Nobody' })).toBeNull();
  });

  it('resolves undefined when no content script listens, quietly', async () => {
    vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockRejectedValue(
      new Error('Could not establish connection. Receiving end does not exist.'),
    );
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(await sendToTab(5, { type: 'page:summary' })).toBeUndefined();
    expect(warn).not.toHaveBeenCalled();
  });

  it('resolves undefined on any other failure too, but logs it', async () => {
    vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockRejectedValue(new Error('handler exploded'));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(await sendToTab(5, { type: 'page:step', direction: 1 })).toBeUndefined();
    expect(warn).toHaveBeenCalled();
  });
});

describe('sendToBackground', () => {
  it('sends the message', async () => {
    const send = vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockResolvedValue(undefined);
    await sendToBackground({ type: 'badge:set', count: 4 });
    expect(send).toHaveBeenCalledWith({ type: 'badge:set', count: 4 });
  });

  it('never throws, even from an invalidated context', async () => {
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(() => {
      throw new Error('Extension context invalidated.');
    });
    await expect(sendToBackground({ type: 'badge:set', count: 1 })).resolves.toBeUndefined();
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockRejectedValue(new Error('No listeners available'));
    await expect(sendToBackground({ type: 'badge:set', count: 1 })).resolves.toBeUndefined();
  });
});

describe('onContentMessage', () => {
  const fromPopup: MessageSender = {
    id: fakeBrowser.runtime.id,
    url: fakeBrowser.runtime.getURL('/popup.html'),
  };

  /** The answer sent back: through sendResponse when the listener keeps the channel open, else none. */
  function deliver(message: unknown, sender: MessageSender): Promise<unknown> {
    return new Promise((resolve) => {
      void fakeBrowser.runtime.onMessage.trigger(message, sender, resolve).then(([kept]) => {
        if ((kept as unknown) !== true) resolve(undefined);
      });
    });
  }

  it('answers valid messages from our pages through the handler', async () => {
    const handler = vi.fn(async (msg: ToContent) => (msg.type === 'page:lookup' ? { entity: 'x' } : null));
    onContentMessage(handler as Parameters<typeof onContentMessage>[0]);
    expect(await deliver({ type: 'page:lookup', text: 'X' }, fromPopup)).toEqual({ entity: 'x' });
    expect(handler).toHaveBeenCalledWith({ type: 'page:lookup', text: 'X' });
  });

  it('turns a handler that answers nothing into null, so the sender does not wait for ever', async () => {
    onContentMessage((() => undefined) as unknown as Parameters<typeof onContentMessage>[0]);
    expect(await deliver({ type: 'page:summary' }, fromPopup)).toBeNull();
  });

  it('ignores malformed messages and foreign senders without calling the handler', async () => {
    const handler = vi.fn(() => null);
    onContentMessage(handler as unknown as Parameters<typeof onContentMessage>[0]);
    expect(await deliver({ type: 'page:step', direction: 3 }, fromPopup)).toBeUndefined();
    expect(
      await deliver(
        { type: 'page:summary' },
        { id: 'another-extension', url: 'chrome-extension://another/' },
      ),
    ).toBeUndefined();
    expect(
      await deliver({ type: 'page:summary' }, { id: fakeBrowser.runtime.id, url: 'https://evil.example/' }),
    ).toBeUndefined();
    expect(handler).not.toHaveBeenCalled();
  });

  it('stops listening when removed', async () => {
    const handler = vi.fn(() => null);
    const remove = onContentMessage(handler as unknown as Parameters<typeof onContentMessage>[0]);
    expect(fakeBrowser.runtime.onMessage.hasListeners()).toBe(true);
    remove();
    expect(fakeBrowser.runtime.onMessage.hasListeners()).toBe(false);
  });
});
