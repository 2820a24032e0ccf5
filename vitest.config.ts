import './tests/setup/node20.ts';
import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    include: ['tests/unit/**/*.test.{ts,tsx}', 'tests/dom/**/*.test.{ts,tsx}'],
    // The real-browser suites run under their own config (vitest.e2e.config.ts), not in these workers.
    exclude: ['tests/e2e/**', 'node_modules/**'],
    setupFiles: ['tests/setup/node20.ts'],
    restoreMocks: true,
  },
});
