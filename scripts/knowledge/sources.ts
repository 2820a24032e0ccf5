/**
 * Reading the knowledge's sources: article texts with their metadata, the loaded-terms list and the entity
 * files. Each problem is added to `errors`; what cannot be read is left out.
 */
import { readdirSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import {
  ARTICLE_ID,
  ARTICLE_ID_RULE,
  ArticleMetaSource,
  EntitySource,
  LoadedTermsSource,
} from '@/core/knowledge/schema';
import { termPattern } from './text';
import {
  type CompileError,
  errorAt,
  loadYaml,
  readSourceText,
  validate,
  type YamlSource,
} from './yaml-source';

export interface ArticleSource {
  id: string;
  text: string;
  /** Text file, for errors about the article itself. */
  textFile: string;
  meta?: { source: YamlSource; data: ArticleMetaSource };
}

export interface EntityFile {
  source: YamlSource;
  data: EntitySource;
}

/** A term the knowledge must not use in its own voice, with the pattern that finds it. */
export interface LoadedTerm {
  term: string;
  re: RegExp;
}

function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') ? resolve(path) : rel;
}

function listFiles(dir: string, ext: string, errors: CompileError[]): string[] {
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith(ext) && !f.startsWith('.'))
      .sort();
  } catch (err) {
    errors.push({
      file: displayPath(dir),
      line: 1,
      message: `cannot read directory: ${(err as Error).message}`,
    });
    return [];
  }
}

/** The articles by id: each `.txt` with the `.yaml` of the same name beside it. */
export function readArticles(dir: string, errors: CompileError[]): Map<string, ArticleSource> {
  const articles = new Map<string, ArticleSource>();
  // Articles already reported (a bad id, a file that is not text): their metadata is not reported again.
  const reported = new Set<string>();
  for (const f of listFiles(dir, '.txt', errors)) {
    const id = basename(f, '.txt');
    const path = join(dir, f);
    const textFile = displayPath(path);
    reported.add(id);
    // The id reaches the cards and the popup (an article's key, its evidence references): the same kind of
    // rule as entity ids, so no file name can put markup or control characters there.
    if (!ARTICLE_ID.test(id)) {
      errors.push({
        file: textFile,
        line: 1,
        message: `bad article id ${JSON.stringify(id)}: ${ARTICLE_ID_RULE}`,
      });
      continue;
    }
    const read = readSourceText(path, textFile);
    if ('error' in read) {
      errors.push(read.error);
      continue;
    }
    reported.delete(id);
    articles.set(id, { id, text: read.text, textFile });
  }
  for (const f of listFiles(dir, '.yaml', errors)) {
    const id = basename(f, '.yaml');
    const file = displayPath(join(dir, f));
    const article = articles.get(id);
    if (reported.has(id)) continue;
    if (!article) {
      errors.push({ file, line: 1, message: `metadata for unknown article '${id}': no ${id}.txt beside it` });
      continue;
    }
    const { source, errors: parseErrors } = loadYaml(join(dir, f), file);
    errors.push(...parseErrors);
    if (!source) continue;
    const { output, errors: schemaErrors } = validate(source, ArticleMetaSource);
    errors.push(...schemaErrors);
    if (output) article.meta = { source, data: output };
  }
  for (const article of articles.values()) {
    if (!article.meta && !errors.some((e) => e.file.endsWith(`${article.id}.yaml`))) {
      errors.push({
        file: article.textFile,
        line: 1,
        message: `missing metadata file ${article.id}.yaml (headline, publication, date)`,
      });
    }
  }
  return articles;
}

export function readLoadedTerms(loadedTermsFile: string, errors: CompileError[]): LoadedTerm[] {
  let loadedTerms: LoadedTerm[] = [];
  const file = displayPath(loadedTermsFile);
  const { source, errors: parseErrors } = loadYaml(loadedTermsFile, file);
  errors.push(...parseErrors);
  if (source) {
    const { output, errors: schemaErrors } = validate(source, LoadedTermsSource);
    errors.push(...schemaErrors);
    if (output) loadedTerms = output.terms.map((term) => ({ term, re: termPattern(term) }));
  }
  return loadedTerms;
}

/** The entity files that parse and validate, each id once and matching its file name. */
export function readEntityFiles(dir: string, errors: CompileError[]): EntityFile[] {
  const entityFiles: EntityFile[] = [];
  const fileOfId = new Map<string, string>();
  for (const f of listFiles(dir, '.yaml', errors)) {
    const file = displayPath(join(dir, f));
    const { source, errors: parseErrors } = loadYaml(join(dir, f), file);
    errors.push(...parseErrors);
    if (!source) continue;
    const { output, errors: schemaErrors } = validate(source, EntitySource);
    errors.push(...schemaErrors);
    if (!output) continue;
    const stem = basename(f, '.yaml');
    if (output.id !== stem) {
      errors.push(errorAt(source, ['id'], `id '${output.id}' must match the file name '${stem}.yaml'`));
      continue;
    }
    const other = fileOfId.get(output.id);
    if (other) {
      errors.push(errorAt(source, ['id'], `duplicate entity id '${output.id}' (also in ${other})`));
      continue;
    }
    fileOfId.set(output.id, file);
    entityFiles.push({ source, data: output });
  }
  return entityFiles;
}
