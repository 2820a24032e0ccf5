import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    include: ['tests/unit/**/*.test.{ts,tsx}', 'tests/dom/**/*.test.{ts,tsx}'],
    // The real-browser suites run under their own runner script, not inside vitest's workers.
    exclude: ['tests/e2e/**', 'node_modules/**'],
    restoreMocks: true,
  },
});
