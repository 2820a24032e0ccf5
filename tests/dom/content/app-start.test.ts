// @vitest-environment happy-dom
/**
 * content/app.ts: started by the first look, it answers the extension's messages through the handler it resolves
 * to; a start-up that fails ends the app's lifetime, so whatever it had set up goes with it, and rejects.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startContentApp } from '@/content/app';
import { createAppContext } from '@/content/context';
import * as load from '@/core/matcher/names/load';

afterEach(() => {
  document.body.innerHTML = '';
});

const context = () => createAppContext('test:started', document, () => false);

describe('the content app', () => {
  it("resolves to what answers the extension's messages", async () => {
    document.body.innerHTML = '<p>Vladimir Putin met Alexander Lukashenko in Sochi.</p>';
    const ctx = context();
    const handler = await startContentApp(ctx);
    const summary = (await handler({ type: 'page:summary' })) as { url?: string } | null;
    expect(summary).toHaveProperty('url');
    ctx.invalidate();
  });

  it('ends its lifetime and rejects when it cannot start', async () => {
    vi.spyOn(load, 'loadNames').mockRejectedValue(new Error('names malformed'));
    const ctx = context();
    const ended: string[] = [];
    ctx.onInvalidated(() => ended.push('ended'));
    await expect(startContentApp(ctx)).rejects.toThrow(/names malformed/);
    expect(ctx.isValid).toBe(false);
    expect(ended).toEqual(['ended']);
  });
});
