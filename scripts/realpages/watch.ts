/** What a tab does while a page loads: its requests, and the errors that name the extension. */
import type { Page as PwPage } from 'playwright-core';
import type { Page as PptrPage } from 'puppeteer-core';
import type { E2EPage, Target } from '@/tests/e2e/harness';

export function watch(page: E2EPage, target: Target, extensionId: string | null) {
  const requests: string[] = [];
  const errors: string[] = [];
  const ours = (s: string) =>
    s.includes('[reader-context]') ||
    (extensionId !== null &&
      (s.includes(`chrome-extension://${extensionId}`) || s.includes(`moz-extension://${extensionId}`)));
  if (target === 'chromium') {
    const p = page.raw as PwPage;
    p.on('request', (r) => requests.push(r.url()));
    p.on('console', (m) => {
      const text = `${m.text()} @ ${m.location().url}`;
      if ((m.type() === 'error' || m.type() === 'warning') && ours(text))
        errors.push(`console.${m.type()}: ${text}`);
    });
    p.on('pageerror', (e) => {
      if (ours(`${e.message}\n${e.stack ?? ''}`)) errors.push(`pageerror: ${e.message}`);
    });
  } else {
    const p = page.raw as PptrPage;
    p.on('request', (r) => {
      requests.push(r.url());
      // Puppeteer over BiDi may hold requests when interception is on; it is not, but continue defensively.
    });
    p.on('console', (m) => {
      const text = `${m.text()} @ ${m.location()?.url ?? ''}`;
      if ((m.type() === 'error' || m.type() === 'warn') && ours(text))
        errors.push(`console.${m.type()}: ${text}`);
    });
    p.on('pageerror', (e) => {
      const err = e as Error;
      if (ours(`${err.message}\n${err.stack ?? ''}`)) errors.push(`pageerror: ${err.message}`);
    });
  }
  return { requests, errors };
}
