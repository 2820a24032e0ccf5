/**
 * The real-pages suite fails a page on any request the extension makes (scripts/realpages/check-page.ts), except the
 * extension reading its own on-demand scripts from its package (content/on-demand.ts). That exception must stay
 * that narrow: another file, another scheme, or the `chrome-extension://invalid/` of an extension that is gone
 * still fails the page.
 */
import { describe, expect, it } from 'vitest';
import { onDemandScript } from '@/scripts/realpages/check-page';

describe('the real-pages request check', () => {
  it("lets through only the extension's own on-demand scripts", () => {
    for (const u of [
      'chrome-extension://fhjagpmealjmhijldhakfgkfpfgnmdli/card-ui.js',
      'chrome-extension://22b9630a-aab3-4fa0-9b6b-570811884cdf/page-facts.js',
      'moz-extension://0b8c7a9e-1234-4cde-9f00-aabbccddeeff/card-ui.js',
      'chrome-extension://fhjagpmealjmhijldhakfgkfpfgnmdli/content-app.js',
      // The names, loaded with the content app.
      'chrome-extension://fhjagpmealjmhijldhakfgkfpfgnmdli/content-names.js',
    ])
      expect(onDemandScript(u), u).toBe(true);
    for (const u of [
      'chrome-extension://invalid/card-ui.js',
      'chrome-extension://invalid/content-app.js',
      'chrome-extension://invalid/content-names.js',
      'chrome-extension://fhjagpmealjmhijldhakfgkfpfgnmdli/content-highlights.css',
      'chrome-extension://fhjagpmealjmhijldhakfgkfpfgnmdli/background.js',
      'chrome-extension://fhjagpmealjmhijldhakfgkfpfgnmdli/card-ui.js?x=1',
      'https://example.com/card-ui.js',
      'http://127.0.0.1:8080/page-facts.js',
    ])
      expect(onDemandScript(u), u).toBe(false);
  });
});
