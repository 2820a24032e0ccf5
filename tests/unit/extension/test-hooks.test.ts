/** extension/test-hooks.ts: the switch is read only in a browser under automation, and only the stored `true` turns it on. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { readTestHooks, TEST_HOOKS_KEY } from '@/extension/test-hooks';

beforeEach(() => {
  fakeBrowser.reset();
});

describe('the test hooks switch', () => {
  it('is on under automation when the harness stored it', async () => {
    const automated = { webdriver: true };
    expect(await readTestHooks(automated)).toBe(false);
    await fakeBrowser.storage.local.set({ [TEST_HOOKS_KEY]: true });
    expect(await readTestHooks(automated)).toBe(true);
    await fakeBrowser.storage.local.set({ [TEST_HOOKS_KEY]: 'true' });
    expect(await readTestHooks(automated)).toBe(false);
  });

  it("is off in a reader's browser without asking storage, whatever is stored", async () => {
    await fakeBrowser.storage.local.set({ [TEST_HOOKS_KEY]: true });
    const get = vi.spyOn(fakeBrowser.storage.local, 'get');
    expect(await readTestHooks({ webdriver: false })).toBe(false);
    expect(await readTestHooks({})).toBe(false);
    expect(await readTestHooks(undefined)).toBe(false);
    expect(get).not.toHaveBeenCalled();
  });

  it('is off when storage cannot be read', async () => {
    vi.spyOn(fakeBrowser.storage.local, 'get').mockRejectedValue(new Error('gone'));
    expect(await readTestHooks({ webdriver: true })).toBe(false);
  });
});
