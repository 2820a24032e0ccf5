import { defineConfig } from 'vitest/config';

// Vitest 5 formats failed-test reports with Map.groupBy, which Node 20 lacks (Node >= 21): without this, any
// failure crashes the reporter with "Map.groupBy is not a function" instead of showing the failure.
if (typeof (Map as { groupBy?: unknown }).groupBy !== 'function') {
  Object.defineProperty(Map, 'groupBy', {
    configurable: true,
    writable: true,
    value<K, T>(items: Iterable<T>, key: (item: T, index: number) => K): Map<K, T[]> {
      const groups = new Map<K, T[]>();
      let i = 0;
      for (const item of items) {
        const k = key(item, i++);
        const group = groups.get(k);
        if (group) group.push(item);
        else groups.set(k, [item]);
      }
      return groups;
    },
  });
}

// End-to-end tests: real Chromium and Firefox with the built extension (see tests/e2e/README.md).
// Run through `npm run test:e2e` (scripts/e2e-run.ts), which finds or installs the browsers first and sweeps
// leftover processes and profiles afterwards.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    exclude: ['tests/e2e/.tmp/**', 'node_modules/**'],
    pool: 'forks',
    // One browser at a time on a 2-core machine: files run one after another in one worker process.
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
    reporters: ['default'],
  },
});
