// Vitest 5's reporter needs Map.groupBy, which Node 20 lacks: see the shim.
import './tests/setup/node20.ts';
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

// Checks on the builds and zips in .output/, run by `npm run test:build` after `npm test` has made them
// (`npm run zip` builds, then zips); kept out of the unit suite so that one passes on a fresh clone.
export default defineConfig({
  resolve: { alias: { '@': resolve(import.meta.dirname) } },
  test: {
    include: ['tests/build/**/*.test.ts'],
    setupFiles: ['tests/setup/node20.ts'],
  },
});
