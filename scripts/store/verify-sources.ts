/**
 * `npm run store:verify-sources`: checks what addons.mozilla.org's reviewers will check, that the sources zip
 * builds the extension that was submitted. It unpacks `.output/reader-context-<version>-sources.zip` into a
 * temporary folder, runs the build steps that the zip's own store/listing.md gives reviewers ("Notes to
 * reviewers"), and compares each Firefox build made there with the Firefox zip `npm run zip` made here, file by
 * file and byte for byte. Prints each difference; exits 1 if there is any.
 *
 * Run `npm run zip` first. It installs the dependencies again in the temporary folder (npm ci, from the
 * registry or npm's cache): about a minute. KEEP_SOURCES_DIR=1 keeps the folder for a look afterwards.
 */
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { readZip } from './read-zip';
import { differences, reviewerSteps } from './sources';

const ROOT = resolve(import.meta.dirname, '../..');
const OUT_DIR = resolve(ROOT, process.env.READER_CONTEXT_OUT_DIR ?? '.output');
const { name, version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
};
const FIREFOX_BUILDS = ['firefox-mv2', 'firefox-mv3'] as const;

/** Every file of a folder, relative to it, with `/`. */
function filesOf(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort();
}

function run(command: string, cwd: string): void {
  const started = Date.now();
  // The sources' own commands, as a reviewer types them; none of this checkout's build settings leak in.
  const env = { ...process.env };
  delete env.READER_CONTEXT_OUT_DIR;
  delete env.READER_CONTEXT_KNOWLEDGE;
  const result = spawnSync(command, { cwd, shell: true, encoding: 'utf8', env });
  if (result.status !== 0) {
    process.stdout.write(result.stdout ?? '');
    process.stderr.write(result.stderr ?? '');
    throw new Error(`\`${command}\` failed (exit ${result.status ?? result.signal})`);
  }
  console.log(`  ${command}  (${((Date.now() - started) / 1000).toFixed(0)} s)`);
}

function main(): number {
  const sourcesZip = join(OUT_DIR, `${name}-${version}-sources.zip`);
  const submitted = FIREFOX_BUILDS.map((b) => join(OUT_DIR, `${name}-${version}-${b}.zip`));
  const missing = [sourcesZip, ...submitted].filter((f) => !existsSync(f));
  if (missing.length) {
    console.error(`missing ${missing.map((f) => relative(ROOT, f)).join(', ')}: run \`npm run zip\` first`);
    return 1;
  }
  const dir = mkdtempSync(join(tmpdir(), 'reader-context-sources-'));
  try {
    const sources = readZip(sourcesZip);
    for (const [file, data] of sources) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), data);
    }
    console.log(`unpacked ${relative(ROOT, sourcesZip)} (${sources.size} files) into ${dir}`);
    const steps = reviewerSteps(readFileSync(join(dir, 'store/listing.md'), 'utf8'));
    console.log('building as store/listing.md tells reviewers:');
    for (const step of steps) run(step, dir);

    let problems = 0;
    for (const [i, build] of FIREFOX_BUILDS.entries()) {
      const builtDir = join(dir, '.output', build);
      const built = new Map(
        existsSync(builtDir)
          ? filesOf(builtDir).map((f) => [f, readFileSync(join(builtDir, f))] as const)
          : [],
      );
      const diff = differences(readZip(submitted[i] as string), built);
      problems += diff.length;
      console.log(
        diff.length === 0
          ? `${build}: the ${built.size} files built from the sources are identical to the submitted zip's`
          : `${build}: ${diff.length} difference(s)\n${diff.map((d) => `  ${d}`).join('\n')}`,
      );
    }
    return problems === 0 ? 0 : 1;
  } finally {
    if (process.env.KEEP_SOURCES_DIR) console.log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

try {
  process.exitCode = main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
