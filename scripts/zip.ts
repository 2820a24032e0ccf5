/**
 * `npm run zip`: builds and zips the extension for each store target (`wxt zip`, which also writes the sources zip
 * addons.mozilla.org asks for), and prints one line per zip.
 *
 * wxt prints a table of every file it zipped (hundreds of lines for the sources zip) and spinner frames
 * that a log file keeps as escape codes; that output is kept back and shown only when a run fails.
 * Zips left by an earlier run are removed first, so the output folder holds exactly this run's zips.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
// The same output folder as wxt.config.ts.
const OUT_DIR = resolve(ROOT, process.env.READER_CONTEXT_OUT_DIR ?? '.output');
const WXT = join(ROOT, 'node_modules', '.bin', 'wxt');

/** Each store target, as wxt's command-line arguments. */
const ZIP_TARGETS: { name: string; args: string[] }[] = [
  { name: 'chrome-mv3', args: [] },
  { name: 'firefox-mv2', args: ['-b', 'firefox'] },
  { name: 'firefox-mv3', args: ['-b', 'firefox', '--mv3'] },
];

const zipsIn = (dir: string): string[] => {
  try {
    return readdirSync(dir).filter((f) => f.endsWith('.zip'));
  } catch {
    return [];
  }
};

function main(): void {
  for (const zip of zipsIn(OUT_DIR)) rmSync(join(OUT_DIR, zip));
  const start = Date.now();
  for (const target of ZIP_TARGETS) {
    const run = spawnSync(WXT, ['zip', ...target.args], { cwd: ROOT, encoding: 'utf8' });
    if (run.status !== 0) {
      process.stdout.write(run.stdout ?? '');
      process.stderr.write(run.stderr ?? '');
      if (run.error) console.error(run.error.message);
      console.error(`npm run zip: wxt zip for ${target.name} failed (exit ${run.status ?? run.signal})`);
      process.exit(run.status ?? 1);
    }
    // Warnings stay visible; wxt writes them to stderr.
    if (run.stderr?.trim()) process.stderr.write(run.stderr);
  }
  for (const zip of zipsIn(OUT_DIR).sort()) {
    const size = statSync(join(OUT_DIR, zip)).size;
    console.log(`  ${relative(process.cwd(), join(OUT_DIR, zip))}  ${(size / 1024).toFixed(0)} KiB`);
  }
  console.log(`built and zipped in ${((Date.now() - start) / 1000).toFixed(1)} s`);
}

main();
