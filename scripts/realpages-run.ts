/**
 * `npm run test:realpages`: every saved real page in ../shared/pages (REALPAGES_DIR overrides it) with the built
 * extension, in Chromium and Firefox (REALPAGES_TARGETS, default chromium,firefox-mv2,firefox-mv3), served from
 * 127.0.0.1 with `Content-Security-Policy: script-src 'none'` so every run is the same and every script on the page
 * is the extension's. The builds are the end-to-end suite's (.output/, or E2E_OUTPUT_DIR); when missing they are
 * built there (`npm run build` with READER_CONTEXT_OUT_DIR).
 *
 * Per page and browser, compared with a session that has only an empty extension loaded:
 *   1. no error from the extension (console errors and uncaught exceptions mentioning its URL or "[reader-context]");
 *   2. the page's DOM and text identical, apart from the extension's host element;
 *   3. extension tasks over 50 ms, REPORTED per page and as a maximum but not failed: a timed assertion fails on a
 *      loaded machine while the code is fine (Chromium: a CDP trace of the page's main thread, every JavaScript
 *      entry counted as the extension's since page scripts are blocked; both browsers: the scan measure's
 *      longestSliceMs). `npm run bench` holds the speed figures;
 *   4. zero requests made by the extension (the server's log and the tab's requests are the same as without it);
 *   5. every highlighted range lies in visible text (non-empty, a non-zero client rect inside the document, its
 *      parent passes checkVisibility());
 *   6. hovering the first visible highlight opens a card naming its entity (data/knowledge.json).
 * Prints one line per page and browser, then `realpages: N passed, N failed`. Exit code 1 on any failure.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BrowserNotFoundError, findBrowsers } from '@/scripts/find-browsers';
import { blankExtension, blankExtensionMv3 } from '@/scripts/realpages/blank-extension';
import { checkPage, nameIndex, type PageResult } from '@/scripts/realpages/check-page';
import {
  BUILDS,
  cleanupAll,
  getRunRoot,
  launch,
  REPO_ROOT,
  startServer,
  type Target,
} from '@/tests/e2e/harness';
import { OUTPUT_DIR } from '@/tests/e2e/harness/paths';

const log = (line: string) => console.log(line);

function ensureBuilt(targets: Target[]): void {
  const need = targets.map((t) => (t === 'chromium' ? 'chrome-mv3' : t) as keyof typeof BUILDS);
  const missing = need.filter((b) => !existsSync(join(BUILDS[b], 'manifest.json')));
  if (missing.length === 0) return;
  log(
    `[realpages] no build in ${missing.map((m) => BUILDS[m]).join(', ')}: running npm run build into ${OUTPUT_DIR}`,
  );
  const r = spawnSync('npm', ['run', 'build'], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
    env: { ...process.env, READER_CONTEXT_OUT_DIR: OUTPUT_DIR },
  });
  if (r.status !== 0) {
    console.error('[realpages] npm run build failed');
    process.exit(1);
  }
}

async function main(): Promise<number> {
  const dir = resolve(process.env.REALPAGES_DIR ?? join(REPO_ROOT, '../shared/pages'));
  if (!existsSync(dir)) {
    console.error(
      `[realpages] no pages: ${dir} does not exist. Put the saved pages in ../shared/pages beside the repository, or point REALPAGES_DIR at a folder of .html files.`,
    );
    return 1;
  }
  const only = process.env.REALPAGES_ONLY?.split(',').map((s) => s.trim());
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.html'))
    .filter((f) => !only || only.includes(f.replace(/\.html$/, '')))
    .sort();
  if (files.length === 0) {
    console.error(`[realpages] no .html files in ${dir}`);
    return 1;
  }
  const targets = (process.env.REALPAGES_TARGETS ?? 'chromium,firefox-mv2,firefox-mv3')
    .split(',')
    .map((t) => t.trim()) as Target[];
  try {
    const b = findBrowsers({ install: true });
    process.env.CHROMIUM_PATH ??= b.chromium;
    process.env.FIREFOX_PATH ??= b.firefox;
  } catch (error) {
    if (error instanceof BrowserNotFoundError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
  ensureBuilt(targets);
  log(
    `[realpages] ${files.length} pages from ${dir}; targets ${targets.join(', ')}; builds in ${OUTPUT_DIR}`,
  );

  const server = await startServer(dir);
  // script-src 'none': the page's scripts stay off (the issue's rule). default-src 'self': its images, fonts and
  // frames on other hosts fail at once instead of waiting on DNS (there is no network to reach them anyway).
  // Content scripts are not bound by the page's CSP, so neither directive hides anything the extension does.
  for (const f of files)
    server.headers(`/${f}`, {
      'content-security-policy': "script-src 'none'; default-src 'self' 'unsafe-inline' data:",
    });
  const names = nameIndex();
  let passed = 0;
  let failed = 0;
  const worst = { task: 0, slice: 0 };
  const started = Date.now();
  for (const target of targets) {
    const session = await launch(target);
    const blank = await launch(target, {
      extensionDir: target === 'chromium' ? blankExtensionMv3() : blankExtension(),
    });
    log(`[realpages] ${target}: ${session.version}`);
    try {
      for (const f of files) {
        let r: PageResult;
        const t0 = Date.now();
        try {
          r = await checkPage(session, blank, server, f, names, readFileSync(join(dir, f), 'utf8'));
        } catch (error) {
          r = {
            ok: false,
            line: `FAIL ${target.padEnd(11)} ${f}: ${(error as Error).message.split('\n')[0]}`,
            longestTask: null,
            longestSlice: null,
          };
        }
        log(`${r.line}${process.env.REALPAGES_TIMES ? ` (${((Date.now() - t0) / 1000).toFixed(1)} s)` : ''}`);
        if (r.ok) passed++;
        else failed++;
        worst.task = Math.max(worst.task, r.longestTask ?? 0);
        worst.slice = Math.max(worst.slice, r.longestSlice ?? 0);
      }
    } finally {
      await session.close();
      await blank.close();
    }
  }
  await server.close();
  log(
    `[realpages] measured maxima: longest extension task ${worst.task.toFixed(1)} ms (Chromium trace), longest scan slice ${worst.slice.toFixed(1)} ms; ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
  log(`realpages: ${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

main()
  .then((code) => {
    cleanupAll();
    rmSync(join(getRunRoot(), 'blank-extension'), { recursive: true, force: true });
    process.exit(code);
  })
  .catch((error) => {
    console.error(error);
    cleanupAll();
    process.exit(1);
  });
