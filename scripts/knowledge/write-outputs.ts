/**
 * Writing the compiler's output files all or none: the knowledge and its prebuilt search index must always
 * come from the same compile, or search would offer entities the knowledge no longer has (and miss new ones).
 */
import * as nodeFs from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** The file operations used, so a test can make one of them fail. */
export interface OutputFs {
  readFileSync(path: string, encoding: 'utf8'): string;
  writeFileSync(path: string, text: string): void;
  renameSync(from: string, to: string): void;
  rmSync(path: string, options: { force: boolean }): void;
}

function readOrNull(fs: OutputFs, path: string): string | null {
  try {
    return fs.readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/**
 * Writes every file, or leaves every file as it was and throws. Each file is first written in full to a temporary
 * file beside it (a rename is atomic only within one file system); only when all of them are written are they
 * renamed into place. Should a rename fail part way, the files already replaced get their old contents back.
 */
export function writeOutputs(outputs: readonly (readonly [string, string])[], fs: OutputFs = nodeFs): void {
  const files = outputs.map(([path, text]) => ({
    path,
    text,
    temp: join(dirname(path), `.${basename(path)}.${process.pid}.tmp`),
  }));
  const removeTemps = () => {
    for (const { temp } of files) fs.rmSync(temp, { force: true });
  };
  try {
    for (const { temp, text } of files) fs.writeFileSync(temp, text);
  } catch (err) {
    removeTemps();
    throw err;
  }
  const old = files.map(({ path }) => readOrNull(fs, path));
  const replaced: number[] = [];
  try {
    files.forEach(({ temp, path }, i) => {
      fs.renameSync(temp, path);
      replaced.push(i);
    });
  } catch (err) {
    for (const i of replaced) {
      const { path } = files[i] as (typeof files)[number];
      const before = old[i] ?? null;
      if (before === null) fs.rmSync(path, { force: true });
      else fs.writeFileSync(path, before);
    }
    removeTemps();
    throw err;
  }
}
