/**
 * YAML sources with line numbers: every error the knowledge compiler reports names `file:line`.
 * Parsing keeps the document (with node ranges) and a LineCounter so a path into the data
 * (["facts", 2, "evidence", 0, "quote"]) can be turned back into the line it was written on.
 */
import { readFileSync } from 'node:fs';
import * as v from 'valibot';
import { type Document, isNode, LineCounter, parseDocument, visit } from 'yaml';

export interface CompileError {
  /** The file as given to the compiler (relative to the working directory when inside it). */
  file: string;
  /** 1-based line. */
  line: number;
  message: string;
}

export function formatError(e: CompileError): string {
  return `${e.file}:${e.line}: ${e.message}`;
}

export type Path = readonly (string | number)[];

export interface YamlSource {
  file: string;
  doc: Document;
  lineCounter: LineCounter;
  data: unknown;
}

/**
 * Aliases a source may expand: the yaml package's own default, stated here because it is what stops an alias
 * bomb (a few lines that expand to millions of nodes) from running the compiler out of memory.
 */
const MAX_ALIAS_COUNT = 100;

// fatal: bytes that are not UTF-8 are an error, not U+FFFD; ignoreBOM: a BOM stays in the text, as
// readFileSync(path, 'utf8') keeps it, so the article offsets the knowledge stores do not move.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * A source file's text, or one line saying why it has none. A binary file is refused here, before a parser
 * quotes kilobytes of it back in an error message.
 */
export function readSourceText(path: string, file: string): { text: string } | { error: CompileError } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    return { error: { file, line: 1, message: `cannot read file: ${(err as Error).message}` } };
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    const line = lineAtByte(bytes, nul);
    return { error: { file, line, message: 'binary file (it holds a NUL byte), not UTF-8 text' } };
  }
  try {
    return { text: utf8.decode(bytes) };
  } catch {
    return { error: { file, line: 1, message: 'not UTF-8 text (a binary file, or another encoding)' } };
  }
}

function lineAtByte(bytes: Buffer, at: number): number {
  let line = 1;
  for (let i = bytes.indexOf(10); i >= 0 && i < at; i = bytes.indexOf(10, i + 1)) line++;
  return line;
}

/** The yaml package quotes the offending token, which can be a whole long line. */
function clip(message: string): string {
  return message.length > 200 ? `${message.slice(0, 200)}…` : message;
}

/** The line of the document's first alias (`*name`), where an expansion problem starts; 1 if none. */
function firstAliasLine(doc: Document, lineCounter: LineCounter): number {
  let line = 1;
  visit(doc, {
    Alias(_, node) {
      if (node.range) line = lineCounter.linePos(node.range[0]).line;
      return visit.BREAK;
    },
  });
  return line;
}

/** Parses one YAML file; a malformed file yields errors (with their lines) and no source. */
export function loadYaml(path: string, file: string): { source?: YamlSource; errors: CompileError[] } {
  const read = readSourceText(path, file);
  if ('error' in read) return { errors: [read.error] };
  const lineCounter = new LineCounter();
  const doc = parseDocument(read.text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      errors: doc.errors.map((e) => ({
        file,
        line: lineCounter.linePos(e.pos[0]).line,
        message: `malformed YAML: ${clip(e.message.split('\n')[0] ?? '')}`,
      })),
    };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    // The yaml package throws (a ReferenceError for too many aliases) without a position: name the file, and
    // the first alias as the place to look, so the other files' errors are still reported.
    const message = `cannot expand the YAML aliases (at most ${MAX_ALIAS_COUNT}): ${(err as Error).message}`;
    return { errors: [{ file, line: firstAliasLine(doc, lineCounter), message }] };
  }
  return { source: { file, doc, lineCounter, data }, errors: [] };
}

/** The line where `path` is written, or that of its nearest existing parent (for a missing field). */
export function lineOf(source: YamlSource, path: Path): number {
  for (let i = path.length; i >= 0; i--) {
    const node = i === 0 ? source.doc.contents : source.doc.getIn(path.slice(0, i), true);
    if (isNode(node) && node.range) return source.lineCounter.linePos(node.range[0]).line;
  }
  return 1;
}

export function errorAt(source: YamlSource, path: Path, message: string): CompileError {
  return { file: source.file, line: lineOf(source, path), message };
}

/** Validates `source.data` against a valibot schema; each issue becomes an error at its line. */
export function validate<S extends v.GenericSchema>(
  source: YamlSource,
  schema: S,
): { output?: v.InferOutput<S>; errors: CompileError[] } {
  const result = v.safeParse(schema, source.data);
  if (result.success) return { output: result.output, errors: [] };
  const errors = result.issues.map((issue) => {
    const path: (string | number)[] = (issue.path ?? []).map((p) => p.key as string | number);
    const where = path.length > 0 ? path.join('.') : 'file';
    return errorAt(source, path, describeIssue(issue, where));
  });
  return { errors };
}

function describeIssue(issue: v.BaseIssue<unknown>, where: string): string {
  const last = issue.path?.[issue.path.length - 1];
  if (issue.kind === 'schema' && issue.input === undefined && last !== undefined) {
    return `missing required field '${String(last.key)}'${issue.path && issue.path.length > 1 ? ` (in ${where})` : ''}`;
  }
  if (issue.type === 'strict_object' && last !== undefined) {
    return `unknown field '${String(last.key)}' (in ${where}); see docs/KNOWLEDGE.md for the fields`;
  }
  if (issue.kind === 'schema' && issue.expected) {
    return `${where}: expected ${issue.expected}, got ${issue.received}`;
  }
  return `${where}: ${issue.message}`;
}
