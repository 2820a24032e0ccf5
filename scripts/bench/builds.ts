/**
 * The extension builds the benchmark loads, made into .bench/ (gitignored) with READER_CONTEXT_OUT_DIR, never into
 * .output/ (other people test from there). A build is reused while a stamp (a hash of every source file that goes
 * into it, plus the knowledge file) still matches; otherwise it is rebuilt.
 *
 * Which sources: by default the committed HEAD, exported with `git archive` into .bench/src/<commit>/ (with a
 * symlink to node_modules), so figures belong to a commit and nobody's half-saved edit ends up in them.
 * BENCH_SOURCE=worktree builds the working tree as it is instead.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join, relative, resolve } from 'node:path';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');
export const BENCH_DIR = join(REPO_ROOT, '.bench');

export interface SourceTree {
  /** Where the sources are: the repository itself, or an export of a commit. */
  root: string;
  /** 'worktree' or the commit's hash. */
  label: string;
  commit: string;
  /** Whether the working tree had uncommitted changes (only relevant with BENCH_SOURCE=worktree). */
  dirty: boolean;
}

const git = (...args: string[]) => execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8' }).trim();

/** The sources to build and to annotate with: HEAD exported to .bench/src/<commit>, or the working tree. */
export function sourceTree(mode = process.env.BENCH_SOURCE ?? 'head'): SourceTree {
  const commit = git('rev-parse', 'HEAD');
  if (mode === 'worktree') {
    const dirty = git('status', '--porcelain', '--untracked-files=no').length > 0;
    return { root: REPO_ROOT, label: 'worktree', commit, dirty };
  }
  if (mode !== 'head') throw new Error(`BENCH_SOURCE must be "head" or "worktree", not "${mode}"`);
  const root = join(BENCH_DIR, 'src', commit.slice(0, 12));
  if (!existsSync(join(root, 'package.json'))) {
    const tmp = `${root}.tmp`;
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    execFileSync('sh', ['-c', `git archive --format=tar HEAD | tar -x -C "${tmp}"`], { cwd: REPO_ROOT });
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(tmp, 'node_modules'));
    // WXT's generated tsconfig (the `@/` alias): the annotator runs from this tree under tsx, which needs it.
    if (existsSync(join(REPO_ROOT, '.wxt')))
      cpSync(join(REPO_ROOT, '.wxt'), join(tmp, '.wxt'), { recursive: true });
    renameSync(tmp, root);
  }
  return { root, label: commit.slice(0, 12), commit, dirty: false };
}

/** What the build reads: sources, assets, data and configuration. */
const INPUTS = [
  'entrypoints',
  'content',
  'background',
  'popup',
  'options',
  'extension',
  'components',
  'core',
  'dom',
  'scripts/build',
  'scripts/knowledge',
  'public',
  'assets',
  'locales',
  'wxt.config.ts',
  'package.json',
  'tsconfig.json',
];

function* files(path: string): Generator<string> {
  if (!existsSync(path)) return;
  const st = statSync(path);
  if (st.isFile()) {
    yield path;
    return;
  }
  for (const entry of readdirSync(path).sort()) yield* files(join(path, entry));
}

/** A hash of the sources and the knowledge file: same hash, same build. */
export function sourceStamp(src: SourceTree, knowledgeFile: string): string {
  const h = createHash('sha256');
  for (const input of INPUTS) {
    for (const file of files(join(src.root, input))) {
      h.update(relative(src.root, file));
      h.update(readFileSync(file));
    }
  }
  h.update(readFileSync(knowledgeFile));
  return h.digest('hex').slice(0, 16);
}

export interface BuildSpec {
  /** Directory name under .bench/ (the build lands in .bench/<name>/<browser>). */
  name: string;
  knowledgeFile: string;
  /** wxt build arguments: [] for chrome-mv3, ['-b', 'firefox'] or ['-b', 'firefox', '--mv3']. */
  browsers: { dir: string; args: string[] }[];
}

export const CHROME_ONLY: BuildSpec['browsers'] = [{ dir: 'chrome-mv3', args: [] }];

/**
 * Builds `spec` into `.bench/<name>/` unless its stamp is current. Returns the output directory. `log` gets one
 * line per decision.
 */
export function ensureBuild(
  src: SourceTree,
  spec: BuildSpec,
  outRoot: string,
  log: (line: string) => void,
): string {
  const stampFile = join(outRoot, '.stamp');
  const stamp = sourceStamp(src, spec.knowledgeFile);
  const current =
    existsSync(stampFile) &&
    readFileSync(stampFile, 'utf8').trim() === stamp &&
    spec.browsers.every((b) => existsSync(join(outRoot, b.dir, 'manifest.json')));
  if (current) {
    log(`build ${spec.name}: up to date (${relative(REPO_ROOT, outRoot)}, stamp ${stamp})`);
    return outRoot;
  }
  for (const b of spec.browsers) {
    log(
      `build ${spec.name}/${b.dir} from ${src.label}: wxt build ${b.args.join(' ')} → ${relative(REPO_ROOT, outRoot)}`,
    );
    const started = Date.now();
    const result = spawnSync(join(REPO_ROOT, 'node_modules/.bin/wxt'), ['build', ...b.args], {
      cwd: src.root,
      encoding: 'utf8',
      env: {
        ...process.env,
        READER_CONTEXT_OUT_DIR: outRoot,
        READER_CONTEXT_KNOWLEDGE: spec.knowledgeFile,
        // Test hooks without a storage read (extension/test-hooks.ts): what a reader's browser does not pay,
        // the bench does not count.
        READER_CONTEXT_BENCH: '1',
      },
    });
    if (result.status !== 0) {
      throw new Error(`wxt build ${b.args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
    }
    log(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  writeFileSync(stampFile, `${stamp}\n`);
  return outRoot;
}
