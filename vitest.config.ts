import './tests/setup/node20.ts';
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  plugins: [WxtVitest()],
  // The same knowledge the build bundles (wxt.config.ts); tests always use the committed file.
  resolve: {
    alias: {
      '#knowledge': resolve('data/knowledge.json'),
      // What `wxt dev` bundles in place of content-names.js (wxt.config.ts), for tests that import the content app.
      '#knowledge-names': resolve('tests/setup/knowledge-names.ts'),
    },
  },
  test: {
    include: ['tests/unit/**/*.test.{ts,tsx}', 'tests/dom/**/*.test.{ts,tsx}'],
    // The real-browser suites run under their own config (vitest.e2e.config.ts), not in these workers.
    exclude: ['tests/e2e/**', 'node_modules/**'],
    setupFiles: ['tests/setup/node20.ts'],
    restoreMocks: true,
  },
});
