/**
 * Command-line annotator: finds the knowledge's entities in text and HTML files with THE matcher and, for HTML,
 * THE DOM scanner the content script uses (dom/text-blocks.ts), so its output is what the extension would
 * highlight on that page.
 *
 *   npm run --silent annotate -- [--entities FILE] [--why] FILE...
 *
 * --entities FILE   JSON with an `entities` array of MatcherEntity (data/knowledge.json by default, or a bare
 *                   MatcherSource).
 * --why             Also list, per file, every name found but not reported (`excluded`), with the rule that
 *                   dropped it: case, list, address, other-person, longer-name (docs/MATCHER.md).
 *
 * Output (stdout): a JSON array, one entry per file that could be read, in argument order:
 *   [{ "file": "page.html", "mentions": [{ "entity": "lukashenko", "text": "Alexander Lukashenko",
 *      "start": 10, "end": 30 }] }]
 * `fuzzy: true` is added to a mention found by near-miss matching. With --why, each entry also has
 *   "excluded": [{ "entity": "lukashenko", "text": "Lukashenko", "start": 7, "end": 17, "rule": "other-person" }]
 *
 * Offsets are UTF-16 code unit offsets (JavaScript string indices), `end` exclusive:
 * - .txt (and any other extension): into the file's text, decoded as UTF-8 (a leading byte-order mark is not
 *   part of the text).
 * - .html/.htm/.xhtml: into the page's visible text as `documentText()` returns it: the blocks the content
 *   script scans, joined with "\n\n". Matching runs per block, exactly like the content script, so a name never
 *   spans two blocks. Scripts are not run and nothing is fetched (no external CSS, images, frames).
 *
 * Errors: a missing or unreadable file, a directory, a binary file (NUL bytes or invalid UTF-8) or one larger
 * than MAX_FILE_BYTES (20 MiB) is reported on stderr as `annotate: FILE: reason`, left out of the output, and
 * the other files are still annotated; the exit code is then 1. Bad usage or an unloadable entity file: 2.
 */

import { Console } from 'node:console';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Window } from 'happy-dom';
import type { CompiledMatcher, ExclusionRule, MatcherSource, Mention } from '@/core/matcher/types';
import { documentText } from '@/dom/text-blocks';

/** Files larger than this are refused (the extension never sees a 20 MB page; a corpus file that big is a mistake). */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

export const DEFAULT_ENTITIES = fileURLToPath(new URL('../data/knowledge.json', import.meta.url));

export interface AnnotatedMention {
  entity: string;
  /** Exactly the annotated text's slice [start, end). */
  text: string;
  start: number;
  end: number;
  fuzzy?: true;
}

/** A name found but not reported, and why (`--why`). */
export interface AnnotatedExclusion {
  entity: string;
  text: string;
  start: number;
  end: number;
  rule: ExclusionRule;
}

export interface FileAnnotation {
  file: string;
  mentions: AnnotatedMention[];
  /** Only with `why`. */
  excluded?: AnnotatedExclusion[];
}

export interface FileError {
  file: string;
  message: string;
}

export interface AnnotateResult {
  results: FileAnnotation[];
  errors: FileError[];
}

export interface AnnotateOptions {
  /** Size limit in bytes; MAX_FILE_BYTES by default. */
  maxBytes?: number;
  /** Also collect the names found but not reported, with their rule. */
  why?: boolean;
}

type Matcher = Pick<CompiledMatcher, 'match'>;

const discard = new Writable({
  write(_chunk, _encoding, callback) {
    callback();
  },
});

const HTML_EXTENSIONS = new Set(['.html', '.htm', '.xhtml']);

function toAnnotated(text: string, m: Mention, shift: number): AnnotatedMention {
  const out: AnnotatedMention = {
    entity: m.entity,
    text: text.slice(m.start, m.end),
    start: m.start + shift,
    end: m.end + shift,
  };
  if (m.fuzzy) out.fuzzy = true;
  return out;
}

/** Collects a matcher's exclusions of one text, shifted by `shift`, into `into` (undefined: not asked for). */
function collector(text: string, shift: number, into: AnnotatedExclusion[] | undefined) {
  if (into === undefined) return undefined;
  return (x: { entity: string; start: number; end: number; rule: ExclusionRule }) =>
    into.push({ ...x, text: text.slice(x.start, x.end), start: x.start + shift, end: x.end + shift });
}

/** Mentions in plain text; offsets index into `text`. `excluded`: receives the names found but not reported. */
export function annotateText(
  text: string,
  matcher: Matcher,
  excluded?: AnnotatedExclusion[],
): AnnotatedMention[] {
  return matcher.match(text, collector(text, 0, excluded)).map((m) => toAnnotated(text, m, 0));
}

/**
 * Mentions in an HTML page, offsets into `documentText(document).text` (returned as `text`). The page is parsed
 * by happy-dom with scripts and every resource load disabled.
 */
export async function annotateHtml(
  html: string,
  matcher: Matcher,
  excluded?: AnnotatedExclusion[],
): Promise<{ text: string; mentions: AnnotatedMention[] }> {
  const window = new Window({
    url: 'http://localhost/',
    // happy-dom reports every resource it was told not to load (iframes, scripts); none of that is about the
    // annotation, and nothing may reach the JSON on stdout: discard it.
    console: new Console({ stdout: discard, stderr: discard }) as unknown as Window['console'],
    settings: {
      enableJavaScriptEvaluation: false,
      disableJavaScriptFileLoading: true,
      enableCSSFileLoading: false,
      enableImageFileLoading: false,
      enableIframePageLoading: false,
      handleDisabledFileLoadingAsSuccess: true,
      navigation: {
        disableMainFrameNavigation: true,
        disableChildFrameNavigation: true,
        disableChildPageNavigation: true,
        disableFallbackToSetURL: true,
      },
    },
  });
  try {
    const document = window.document;
    // document.write parses into the window's own document (a DOMParser document has no window, hence no
    // computed style for the page's <style> rules).
    document.open();
    document.write(html);
    document.close();
    const { text, blocks } = documentText(document as unknown as Document);
    const mentions: AnnotatedMention[] = [];
    for (const { block, offset } of blocks) {
      for (const m of matcher.match(block.text, collector(block.text, offset, excluded)))
        mentions.push(toAnnotated(block.text, m, offset));
    }
    return { text, mentions };
  } finally {
    await window.happyDOM.close();
  }
}

/** Reads a file as UTF-8 text, or throws an Error whose message says why it cannot be annotated. */
export async function readTextFile(file: string, maxBytes = MAX_FILE_BYTES): Promise<string> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? String(err)})`);
  }
  if (info.isDirectory()) throw new Error('is a directory');
  if (!info.isFile()) throw new Error('not a regular file');
  if (info.size > maxBytes) {
    throw new Error(`too large: ${info.size} bytes, the limit is ${maxBytes} bytes`);
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    throw new Error(`cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  // Checked again after reading: the file may have grown since stat.
  if (bytes.length > maxBytes) throw new Error(`too large: more than ${maxBytes} bytes`);
  const nul = bytes.indexOf(0);
  if (nul >= 0) throw new Error(`binary file (NUL byte at offset ${nul})`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new Error('binary file (not valid UTF-8)');
  }
}

/** Annotates each file in order; unreadable files go to `errors` and do not stop the others. */
export async function annotateFiles(
  files: readonly string[],
  matcher: Matcher,
  options: AnnotateOptions = {},
): Promise<AnnotateResult> {
  const results: FileAnnotation[] = [];
  const errors: FileError[] = [];
  for (const file of files) {
    try {
      const text = await readTextFile(file, options.maxBytes ?? MAX_FILE_BYTES);
      const html = HTML_EXTENSIONS.has(path.extname(file).toLowerCase());
      const excluded: AnnotatedExclusion[] | undefined = options.why === true ? [] : undefined;
      const mentions = html
        ? (await annotateHtml(text, matcher, excluded)).mentions
        : annotateText(text, matcher, excluded);
      // The matcher reports scan-time exclusions (case, list) before the context rules: sort by place.
      excluded?.sort((a, b) => a.start - b.start);
      results.push(excluded === undefined ? { file, mentions } : { file, mentions, excluded });
    } catch (err) {
      errors.push({ file, message: err instanceof Error ? err.message : String(err) });
    }
  }
  return { results, errors };
}

/** Reads `entities` from a knowledge file or a bare MatcherSource. */
export async function loadMatcherSource(file: string): Promise<MatcherSource> {
  const data: unknown = JSON.parse(await readFile(file, 'utf8'));
  const entities = (data as { entities?: unknown } | null)?.entities;
  if (!Array.isArray(entities)) throw new Error(`${file}: no "entities" array`);
  return { entities: entities as MatcherSource['entities'] };
}

export interface CliIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  /** Builds the matcher; the real compileMatcher by default (tests inject their own). */
  compile?: (source: MatcherSource) => Matcher | Promise<Matcher>;
}

const USAGE = 'usage: annotate [--entities FILE] [--why] FILE...\n';

/** The CLI; returns the exit code (0 ok, 1 some file failed, 2 usage or entity-file error). */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let entitiesFile = DEFAULT_ENTITIES;
  let why = false;
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      files.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-h' || arg === '--help') {
      io.stdout.write(USAGE);
      return 0;
    }
    if (arg === '--why') {
      why = true;
      continue;
    }
    if (arg === '--entities' || arg.startsWith('--entities=')) {
      const value = arg === '--entities' ? argv[++i] : arg.slice('--entities='.length);
      if (!value) {
        io.stderr.write(`annotate: --entities needs a file\n${USAGE}`);
        return 2;
      }
      entitiesFile = value;
      continue;
    }
    if (arg.startsWith('-') && arg !== '-') {
      io.stderr.write(`annotate: unknown option ${arg}\n${USAGE}`);
      return 2;
    }
    files.push(arg);
  }
  if (files.length === 0) {
    io.stderr.write(USAGE);
    return 2;
  }

  let matcher: Matcher;
  try {
    const source = await loadMatcherSource(entitiesFile);
    const compile = io.compile ?? (await import('@/core/matcher/index')).compileMatcher;
    matcher = await compile(source);
  } catch (err) {
    io.stderr.write(
      `annotate: cannot load entities from ${entitiesFile}: ${(err as Error).message ?? err}\n`,
    );
    return 2;
  }

  const { results, errors } = await annotateFiles(files, matcher, { why });
  io.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  for (const e of errors) io.stderr.write(`annotate: ${e.file}: ${e.message}\n`);
  return errors.length > 0 ? 1 : 0;
}

const invokedDirectly =
  process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`annotate: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
