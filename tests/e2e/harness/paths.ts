import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
/** E2E_OUTPUT_DIR points the suites at another build (benchmarks and parallel work build elsewhere). */
export const OUTPUT_DIR = process.env.E2E_OUTPUT_DIR
  ? resolve(process.env.E2E_OUTPUT_DIR)
  : join(REPO_ROOT, '.output');
export const PAGES_DIR = join(REPO_ROOT, 'tests/e2e/pages');

/** The built extensions the tests load (`npm run build` makes all three). */
export const BUILDS = {
  'chrome-mv3': join(OUTPUT_DIR, 'chrome-mv3'),
  'firefox-mv2': join(OUTPUT_DIR, 'firefox-mv2'),
  'firefox-mv3': join(OUTPUT_DIR, 'firefox-mv3'),
} as const;
export type BuildName = keyof typeof BUILDS;
