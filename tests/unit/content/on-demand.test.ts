/**
 * content/on-demand.ts: a script loaded on demand is imported once, retried after a failed load, and not asked for
 * at all once the extension is gone (Chromium would request `chrome-extension://invalid/…` and log it in the
 * page's console). The "script" here is a data: URL module, which Node imports as the browser would a file.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { onDemand, provide } from '@/content/on-demand';

const KEY = Symbol.for('reader-context.test-on-demand');
const g = globalThis as unknown as Record<string | symbol, unknown>;

/** A `chrome.runtime` whose getURL serves `body` as a module, counting the requests. */
function fakeRuntime(id: string | undefined, body: () => string) {
  const asked: string[] = [];
  g.chrome = {
    runtime: {
      id,
      getURL: (path: string) => {
        asked.push(path);
        return `data:text/javascript,${encodeURIComponent(body())}`;
      },
    },
  };
  return asked;
}

afterEach(() => {
  delete g.chrome;
  delete g[KEY];
});

describe('onDemand', () => {
  it('imports the script once and returns what it left under its key', async () => {
    const asked = fakeRuntime(
      'ext',
      () => `globalThis[Symbol.for('reader-context.test-on-demand')] = { n: 1 };`,
    );
    const load = onDemand<{ n: number }>('part.js', KEY);
    const [a, b] = await Promise.all([load(), load()]);
    expect(a).toEqual({ n: 1 });
    expect(b).toBe(a);
    expect(await load()).toBe(a);
    expect(asked).toEqual(['/part.js']);
  });

  it('forgets a failed load, so the next call tries again', async () => {
    let body = 'throw new Error("broken");';
    const asked = fakeRuntime('ext', () => body);
    const load = onDemand<{ n: number }>('part.js', KEY);
    await expect(load()).rejects.toThrow();
    // A script that runs but leaves nothing is a failed load too.
    body = '';
    await expect(load()).rejects.toThrow('part.js did not load');
    body = `globalThis[Symbol.for('reader-context.test-on-demand')] = { n: 2 };`;
    expect(await load()).toEqual({ n: 2 });
    expect(asked).toHaveLength(3);
  });

  it('asks for nothing once the extension is gone', async () => {
    const asked = fakeRuntime(undefined, () => '');
    await expect(onDemand('part.js', KEY)()).rejects.toThrow('the extension is gone');
    expect(asked).toEqual([]);
  });

  it('provide leaves the API where onDemand looks', () => {
    provide(KEY, { n: 3 });
    expect(g[KEY]).toEqual({ n: 3 });
  });
});
