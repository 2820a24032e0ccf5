/**
 * Every browser the harness starts runs with a profile in a fresh directory under one run root,
 * `os.tmpdir()/reader-context-e2e-*`. Cleanup finds the browser processes by that directory in their command line
 * (`--user-data-dir=…` for Chromium, `-profile …` for Firefox), kills their process groups (both launchers start
 * the browser detached, in a group of its own) and deletes the directory. It runs on close, in afterAll, on
 * process exit and on SIGINT/SIGTERM/SIGHUP, and the runner (scripts/e2e-run.ts) sweeps the run root once more
 * after the test process has gone, so a crashed worker leaves nothing behind either.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const TMP_PREFIX = 'reader-context-e2e-';

let runRoot: string | undefined;
const liveDirs = new Set<string>();

/** The directory this run's profiles live in: E2E_TMP_ROOT from the runner, or one of our own. */
export function getRunRoot(): string {
  if (runRoot) return runRoot;
  const fromRunner = process.env.E2E_TMP_ROOT;
  if (fromRunner) {
    mkdirSync(fromRunner, { recursive: true });
    runRoot = fromRunner;
  } else {
    runRoot = mkdtempSync(join(tmpdir(), TMP_PREFIX));
    liveDirs.add(runRoot);
  }
  installExitHandlers();
  return runRoot;
}

/** A fresh, empty profile directory, registered for cleanup. */
export function makeProfileDir(label: string): string {
  const dir = mkdtempSync(join(getRunRoot(), `${label}-`));
  liveDirs.add(dir);
  return dir;
}

/** Processes (pid, process group) whose command line mentions `dir`. Linux /proc only; elsewhere empty. */
export function processesUsing(dir: string): { pid: number; pgid: number }[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const found: { pid: number; pgid: number }[] = [];
  for (const entry of entries) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmdline.includes(dir)) continue;
      // /proc/PID/stat: "pid (comm) state ppid pgrp …"; comm may hold spaces, so split after the last ')'.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      found.push({ pid, pgid: Number(fields[2]) });
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

/** SIGKILLs every process (and its group, unless it is ours) that uses `dir`. Returns how many it found. */
export function killProcessesUsing(dir: string): number {
  const procs = processesUsing(dir);
  const ownGroup = getOwnProcessGroup();
  for (const { pid, pgid } of procs) {
    try {
      if (pgid > 1 && pgid !== ownGroup) process.kill(-pgid, 'SIGKILL');
      else process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  return procs.length;
}

function getOwnProcessGroup(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
  } catch {
    return -1;
  }
}

/** Kills what uses `dir` and deletes it. Synchronous, so it can run inside an 'exit' handler. */
export function destroyDir(dir: string): void {
  killProcessesUsing(dir);
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  } catch {
    // A process that was still writing may have recreated a file; one more pass after a kill.
    killProcessesUsing(dir);
    rmSync(dir, { recursive: true, force: true });
  }
  liveDirs.delete(dir);
}

/** Tears down every directory this process registered (profiles, then its own run root). */
export function cleanupAll(): void {
  for (const dir of [...liveDirs].reverse()) destroyDir(dir);
}

let handlersInstalled = false;
function installExitHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', cleanupAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      cleanupAll();
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  }
}
