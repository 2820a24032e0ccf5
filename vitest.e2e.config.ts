// Vitest 5's reporter needs Map.groupBy, which Node 20 lacks: see the shim.
import './tests/setup/node20.ts';
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

// End-to-end tests: real Chromium and Firefox with the built extension (see tests/e2e/README.md).
// Run through `npm run test:e2e` (scripts/e2e-run.ts), which finds or installs the browsers first and sweeps
// leftover processes and profiles afterwards.
export default defineConfig({
  // The project's one import style: `@/` is the repository root, as in tsconfig.json.
  resolve: { alias: { '@/': `${resolve('.')}/` } },
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    setupFiles: ['tests/setup/node20.ts'],
    exclude: ['tests/e2e/.tmp/**', 'node_modules/**'],
    pool: 'forks',
    // One browser at a time on a 2-core machine: files run one after another in one worker process.
    fileParallelism: false,
    maxWorkers: 1,
    // …which also keeps each build's browser from one file to the next (harness launch(), E2E_KEEP_BROWSERS):
    // the files share the harness's modules, and each file's own module state stays its own.
    isolate: false,
    env: { E2E_KEEP_BROWSERS: process.env.E2E_KEEP_BROWSERS ?? '1' },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
    reporters: ['default'],
  },
});
