/** A fixed order for everything the compiler outputs, so a rebuild of the same sources is byte-identical. */
import type { CompileError } from './yaml-source';

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The errors deduplicated, by file, line and message. */
export function sortErrors(errors: CompileError[]): CompileError[] {
  const seen = new Set<string>();
  return errors
    .filter((e) => {
      const k = `${e.file}\u0000${e.line}\u0000${e.message}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .sort((a, b) => cmp(a.file, b.file) || a.line - b.line || cmp(a.message, b.message));
}
