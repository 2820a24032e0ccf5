/**
 * The knowledge compiler: data/articles + data/entities (+ data/loaded-terms.yaml) → Knowledge.
 *
 * Pure apart from reading the source directories: no writes, no process exit, so tests call it directly.
 * Every problem is collected as `file:line: message`; the caller decides what to do when there are any.
 * Formats and rules: docs/KNOWLEDGE.md.
 */
import { join } from 'node:path';
import * as v from 'valibot';
import { KnowledgeSchema } from '@/core/knowledge/schema';
import type { Knowledge } from '@/core/knowledge/types';
import { buildSearchIndex } from '@/core/search';
import { countAppearances } from './appearances';
import { buildArticleMetas } from './article-metas';
import { makeChecks } from './checks';
import { buildEntities, checkEvidencedFacts } from './entities';
import { checkNameOwners } from './name-owners';
import { sortErrors } from './order';
import { readArticles, readEntityFiles, readLoadedTerms } from './sources';
import type { CompileError } from './yaml-source';

export { MIN_EVIDENCED_FACTS } from './entities';
export type { CompileError } from './yaml-source';

export interface CompileOptions {
  articlesDir: string;
  entitiesDir: string;
  /** Defaults to loaded-terms.yaml beside the entities directory. */
  loadedTermsFile?: string;
}

export interface CompileResult {
  /** The compiled knowledge; present only when there are no errors. */
  knowledge?: Knowledge;
  /** The prebuilt fuse.js index (core/search.ts), with the knowledge. */
  searchIndex?: ReturnType<typeof buildSearchIndex>;
  errors: CompileError[];
  /** Information for the person running the build: dropped repeats, fuzzy near misses. */
  notes: string[];
}

export function compileKnowledge(options: CompileOptions): CompileResult {
  const errors: CompileError[] = [];
  const notes: string[] = [];
  const loadedTermsFile = options.loadedTermsFile ?? join(options.entitiesDir, '..', 'loaded-terms.yaml');

  const articles = readArticles(options.articlesDir, errors);
  const loadedTerms = readLoadedTerms(loadedTermsFile, errors);
  const entityFiles = readEntityFiles(options.entitiesDir, errors);
  const entityIds = new Set(entityFiles.map((e) => e.data.id));
  const checks = makeChecks(errors, articles, loadedTerms, entityIds);

  const articleMetas = buildArticleMetas(articles, checks, errors);
  checkNameOwners(entityFiles, entityIds, checks, errors);
  const entities = buildEntities(entityFiles, articles, checks, errors);
  const byId = new Map(entities.map((e) => [e.id, e]));
  countAppearances(entities, byId, articles, notes);
  checkEvidencedFacts(entityFiles, byId, errors);

  if (errors.length > 0) return { errors: sortErrors(errors), notes };

  const knowledge: Knowledge = { version: 1, articles: articleMetas, entities };
  const check = v.safeParse(KnowledgeSchema, knowledge);
  if (!check.success) {
    return {
      errors: check.issues.map((i) => ({
        file: '(compiled knowledge)',
        line: 1,
        message: `${v.getDotPath(i) ?? ''}: ${i.message}`,
      })),
      notes,
    };
  }
  return { knowledge, searchIndex: buildSearchIndex(entities), errors: [], notes };
}
