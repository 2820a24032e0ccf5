// Vitest 5's reporter needs Map.groupBy, which Node 20 lacks: see the shim.
import './tests/setup/node20.ts';
import { defineConfig } from 'vitest/config';

// Checks on the builds and zips in .output/, run by `npm run test:build` after `npm test` has made them; kept out
// of the unit suite so that one passes on a fresh clone, before any build.
export default defineConfig({
  test: {
    include: ['tests/build/**/*.test.ts'],
    setupFiles: ['tests/setup/node20.ts'],
  },
});
