/**
 * YAML sources with line numbers: every error the knowledge compiler reports names `file:line`.
 * Parsing keeps the document (with node ranges) and a LineCounter so a path into the data
 * (["facts", 2, "evidence", 0, "quote"]) can be turned back into the line it was written on.
 */
import { readFileSync } from 'node:fs';
import * as v from 'valibot';
import { type Document, isNode, LineCounter, parseDocument } from 'yaml';

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

/** Parses one YAML file; a malformed file yields errors (with their lines) and no source. */
export function loadYaml(path: string, file: string): { source?: YamlSource; errors: CompileError[] } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    return { errors: [{ file, line: 1, message: `cannot read file: ${(err as Error).message}` }] };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      errors: doc.errors.map((e) => ({
        file,
        line: lineCounter.linePos(e.pos[0]).line,
        message: `malformed YAML: ${e.message.split('\n')[0]}`,
      })),
    };
  }
  return { source: { file, doc, lineCounter, data: doc.toJS() }, errors: [] };
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
