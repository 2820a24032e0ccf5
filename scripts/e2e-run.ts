/**
 * `npm run test:e2e`: finds (or, on Debian as root, installs) Chromium and Firefox, makes sure the extension is
 * built, then runs the end-to-end suite (vitest.e2e.config.ts) in Chromium and Firefox (MV2 and MV3 builds).
 *
 * All browser profiles of the run live under one directory, os.tmpdir()/reader-context-e2e-*; after the tests,
 * however they ended (pass, fail, crash, Ctrl-C), this script kills any process still using it and deletes it.
 *
 * Extra arguments go to vitest: `npm run test:e2e -- tests/e2e/smoke.e2e.ts -t popup`.
 * E2E_TARGETS=chromium (or firefox-mv2, firefox-mv3, comma-separated) narrows the browsers.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { killProcessesUsing, processesUsing, TMP_PREFIX } from '@/tests/e2e/harness/cleanup';
import { BUILDS, REPO_ROOT } from '@/tests/e2e/harness/paths';
import { BrowserNotFoundError, browserVersion, findBrowsers } from './find-browsers';

function log(line: string): void {
  console.log(`[e2e] ${line}`);
}

function ensureBuilt(): void {
  const missing = Object.entries(BUILDS).filter(([, dir]) => !existsSync(join(dir, 'manifest.json')));
  if (missing.length === 0) return;
  log(`no build in ${missing.map(([name]) => `.output/${name}`).join(', ')}: running npm run build`);
  const result = spawnSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('[e2e] npm run build failed');
    process.exit(result.status ?? 1);
  }
}

/** 'e2e: N passed, N failed[, N skipped]' from vitest's JSON report, or undefined when there is none. */
function readSummary(file: string): string | undefined {
  try {
    const r = JSON.parse(readFileSync(file, 'utf8')) as {
      numPassedTests: number;
      numFailedTests: number;
      numPendingTests?: number;
      numTodoTests?: number;
    };
    const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
    return `e2e: ${r.numPassedTests} passed, ${r.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`;
  } catch {
    return undefined;
  }
}

function main(): void {
  let browsers: ReturnType<typeof findBrowsers>;
  try {
    browsers = findBrowsers({ install: true });
  } catch (error) {
    if (error instanceof BrowserNotFoundError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  log(`chromium: ${browsers.chromium} (${browserVersion(browsers.chromium)})`);
  log(`firefox:  ${browsers.firefox} (${browserVersion(browsers.firefox)})`);
  ensureBuilt();

  const runRoot = mkdtempSync(join(tmpdir(), TMP_PREFIX));
  const sweep = (): void => {
    const left = processesUsing(runRoot).length;
    killProcessesUsing(runRoot);
    rmSync(runRoot, { recursive: true, force: true });
    log(
      left > 0
        ? `cleanup: killed ${left} leftover browser process(es), removed ${runRoot}`
        : `cleanup: no browser process left, removed ${runRoot}`,
    );
  };

  const vitest = resolve(REPO_ROOT, 'node_modules/vitest/vitest.mjs');
  const resultsFile = join(runRoot, 'results.json');
  const args = [
    vitest,
    'run',
    '--config',
    'vitest.e2e.config.ts',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${resultsFile}`,
    ...process.argv.slice(2),
  ];
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    stdio: 'inherit',
    env: {
      ...process.env,
      E2E_TMP_ROOT: runRoot,
      CHROMIUM_PATH: browsers.chromium,
      FIREFOX_PATH: browsers.firefox,
    },
  });
  // Ctrl-C reaches the whole foreground process group (vitest too); SIGTERM/SIGHUP from a CI runner do not.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      if (signal !== 'SIGINT') child.kill(signal);
    });
  }
  child.on('exit', (code, signal) => {
    const summary = readSummary(resultsFile);
    sweep();
    // A plain closing line that any CI log reader understands.
    if (summary) console.log(summary);
    process.exit(code ?? (signal === 'SIGINT' ? 130 : 1));
  });
}

main();
