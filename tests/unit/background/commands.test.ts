import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { freshBrowserEachTest, pageTab, setup } from './fake-api';

const stopAfter = freshBrowserEachTest();

describe('keyboard commands', () => {
  it('forward next and previous mention to the tab they were pressed in', async () => {
    const env = setup({ answer: () => ({ entity: 'x', index: 0, count: 1 }) });
    stopAfter(env.stop);
    env.commands.onCommand.trigger('next-mention', pageTab);
    env.commands.onCommand.trigger('previous-mention', pageTab);
    await vi.waitFor(() => expect(env.send).toHaveBeenCalledTimes(2));
    expect(env.send).toHaveBeenCalledWith(4, { type: 'page:step', direction: 1 });
    expect(env.send).toHaveBeenCalledWith(4, { type: 'page:step', direction: -1 });
  });

  it('find the active tab when the browser does not say which', async () => {
    const env = setup();
    stopAfter(env.stop);
    // The fake browser has no focused window after a reset, so the query itself is stubbed.
    const query = vi.spyOn(fakeBrowser.tabs, 'query').mockResolvedValue([{ id: 12, index: 0 }] as never);
    env.commands.onCommand.trigger('next-mention', undefined);
    await vi.waitFor(() => expect(env.send).toHaveBeenCalledWith(12, { type: 'page:step', direction: 1 }));
    expect(query).toHaveBeenCalledWith({ active: true, lastFocusedWindow: true });
  });

  it('ignore commands they do not know', async () => {
    const env = setup();
    stopAfter(env.stop);
    env.commands.onCommand.trigger('_execute_action', pageTab);
    await new Promise((r) => setTimeout(r, 10));
    expect(env.send).not.toHaveBeenCalled();
  });
});
