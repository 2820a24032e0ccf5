/**
 * Finds the Chromium and Firefox binaries the end-to-end tests drive, installing Debian's packages when they are
 * missing and we are allowed to (Debian, root). Playwright and Puppeteer cannot download their own browsers here,
 * so the tests use the system ones.
 *
 * Order: the environment variable (CHROMIUM_PATH, FIREFOX_PATH), then the standard paths, then apt-get.
 *
 * As a command: `tsx scripts/find-browsers.ts [--no-install] [--versions]` prints `chromium=PATH` and
 * `firefox=PATH` (and the versions), exiting 1 with the message of what to install when it cannot find them.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export type BrowserName = 'chromium' | 'firefox';

interface BrowserSpec {
  name: BrowserName;
  label: string;
  envVar: string;
  paths: readonly string[];
  debianPackage: string;
}

export const BROWSERS: Record<BrowserName, BrowserSpec> = {
  chromium: {
    name: 'chromium',
    label: 'Chromium',
    envVar: 'CHROMIUM_PATH',
    paths: ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'],
    debianPackage: 'chromium',
  },
  firefox: {
    name: 'firefox',
    label: 'Firefox',
    envVar: 'FIREFOX_PATH',
    paths: ['/usr/bin/firefox-esr', '/usr/bin/firefox'],
    debianPackage: 'firefox-esr',
  },
};

export interface FoundBrowsers {
  chromium: string;
  firefox: string;
}

export class BrowserNotFoundError extends Error {
  override name = 'BrowserNotFoundError';
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The binary for one browser, or undefined. A set but broken environment variable is an error, not a fallback. */
export function locate(spec: BrowserSpec, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const fromEnv = env[spec.envVar];
  if (fromEnv) {
    if (!isExecutable(fromEnv)) {
      throw new BrowserNotFoundError(
        `${spec.envVar}=${fromEnv} is not an executable file. Point ${spec.envVar} at a ${spec.label} binary or unset it.`,
      );
    }
    return fromEnv;
  }
  return spec.paths.find(isExecutable);
}

function log(line: string): void {
  process.stderr.write(`[find-browsers] ${line}\n`);
}

function canApt(): boolean {
  return existsSync('/etc/debian_version') && typeof process.getuid === 'function' && process.getuid() === 0;
}

function installWithApt(packages: string[]): void {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const steps: string[][] = [
    ['apt-get', 'update'],
    ['apt-get', 'install', '-y', ...packages],
  ];
  for (const argv of steps) {
    log(`running: DEBIAN_FRONTEND=noninteractive ${argv.join(' ')}`);
    const started = Date.now();
    const [cmd, ...args] = argv as [string, ...string[]];
    const result = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], env });
    if (result.error || result.status !== 0) {
      throw new BrowserNotFoundError(
        `\`${argv.join(' ')}\` failed (${result.error?.message ?? `exit code ${result.status}`}). ` +
          `Install ${packages.join(' and ')} yourself, or set ${packages.map(envVarForPackage).join(' / ')}.`,
      );
    }
    log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}

function envVarForPackage(pkg: string): string {
  return Object.values(BROWSERS).find((b) => b.debianPackage === pkg)?.envVar ?? pkg;
}

function missingMessage(missing: BrowserSpec[]): string {
  const lines = missing.map(
    (b) =>
      `  - ${b.label}: set ${b.envVar}=/path/to/binary, or install it so that one of these exists: ${b.paths.join(', ')}`,
  );
  const pkgs = missing.map((b) => b.debianPackage).join(' ');
  return [
    `End-to-end tests need ${missing.map((b) => b.label).join(' and ')}, which ${missing.length > 1 ? 'were' : 'was'} not found:`,
    ...lines,
    `On Debian or Ubuntu, as root: apt-get update && apt-get install -y ${pkgs}`,
    `(this script installs them itself when it runs as root on Debian).`,
  ].join('\n');
}

/**
 * Both browsers' paths. With `install` (the default) a Debian machine run as root gets the missing packages
 * from apt-get; anywhere else a missing browser throws a BrowserNotFoundError whose message says what to do.
 */
export function findBrowsers(options: { install?: boolean } = {}): FoundBrowsers {
  const install = options.install ?? true;
  const specs = [BROWSERS.chromium, BROWSERS.firefox];
  let missing = specs.filter((s) => !locate(s));
  if (missing.length > 0 && install && canApt()) {
    log(`${missing.map((b) => b.label).join(' and ')} not found; installing Debian packages.`);
    installWithApt(missing.map((b) => b.debianPackage));
    missing = specs.filter((s) => !locate(s));
  }
  if (missing.length > 0) throw new BrowserNotFoundError(missingMessage(missing));
  return { chromium: locate(BROWSERS.chromium) as string, firefox: locate(BROWSERS.firefox) as string };
}

/** `Chromium 156.0.…` / `Mozilla Firefox 153.…`, or the error in brackets. */
export function browserVersion(path: string): string {
  try {
    // Debian's chromium wrapper script prints shell noise to stderr; only stdout matters.
    return execFileSync(path, ['--version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 30_000,
    })
      .trim()
      .split('\n')
      .pop() as string;
  } catch (error) {
    return `(could not read version: ${(error as Error).message})`;
  }
}

function main(argv: string[]): void {
  try {
    const found = findBrowsers({ install: !argv.includes('--no-install') });
    const withVersions = argv.includes('--versions');
    for (const [name, path] of Object.entries(found)) {
      console.log(withVersions ? `${name}=${path}  ${browserVersion(path)}` : `${name}=${path}`);
    }
  } catch (error) {
    if (error instanceof BrowserNotFoundError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main(process.argv.slice(2));
