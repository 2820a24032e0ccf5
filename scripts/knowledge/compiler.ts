/**
 * The knowledge compiler: data/articles + data/entities (+ data/loaded-terms.yaml) → Knowledge.
 *
 * Pure apart from reading the source directories: no writes, no process exit, so tests call it directly.
 * Every problem is collected as `file:line: message`; the caller decides what to do when there are any.
 * Formats and rules: docs/KNOWLEDGE.md.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import * as v from 'valibot';
import {
  ArticleMetaSource,
  EntitySource,
  KnowledgeSchema,
  LoadedTermsSource,
} from '../../core/knowledge/schema';
import type {
  ArticleMeta,
  Claim,
  ContextAsOf,
  Entity,
  Evidence,
  Knowledge,
  Relation,
} from '../../core/knowledge/types';
import { compileMatcher } from '../../core/matcher/index';
import type { MatcherEntity, NameSpec } from '../../core/matcher/types';
import { buildSearchIndex } from '../../core/search';
import { normalizeName } from '../../core/text/normalize';
import { countedParagraphs, nearMissHint, termPattern } from './text';
import { type CompileError, errorAt, loadYaml, type Path, validate, type YamlSource } from './yaml-source';

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

interface ArticleSource {
  id: string;
  text: string;
  /** Text file, for errors about the article itself. */
  textFile: string;
  meta?: { source: YamlSource; data: ArticleMetaSource };
}

interface EntityFile {
  source: YamlSource;
  data: EntitySource;
}

/** People and places the articles mention need at least this many facts with evidence. */
export const MIN_EVIDENCED_FACTS = 2;

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

export function compileKnowledge(options: CompileOptions): CompileResult {
  const errors: CompileError[] = [];
  const notes: string[] = [];
  const loadedTermsFile = options.loadedTermsFile ?? join(options.entitiesDir, '..', 'loaded-terms.yaml');

  // ---- articles -------------------------------------------------------------------------------------
  const articles = new Map<string, ArticleSource>();
  const txtFiles = listFiles(options.articlesDir, '.txt', errors);
  for (const f of txtFiles) {
    const id = basename(f, '.txt');
    const path = join(options.articlesDir, f);
    const article: ArticleSource = { id, text: readFileSync(path, 'utf8'), textFile: displayPath(path) };
    articles.set(id, article);
  }
  for (const f of listFiles(options.articlesDir, '.yaml', errors)) {
    const id = basename(f, '.yaml');
    const file = displayPath(join(options.articlesDir, f));
    const article = articles.get(id);
    if (!article) {
      errors.push({ file, line: 1, message: `metadata for unknown article '${id}': no ${id}.txt beside it` });
      continue;
    }
    const { source, errors: parseErrors } = loadYaml(join(options.articlesDir, f), file);
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

  // ---- loaded terms ---------------------------------------------------------------------------------
  let loadedTerms: { term: string; re: RegExp }[] = [];
  {
    const file = displayPath(loadedTermsFile);
    const { source, errors: parseErrors } = loadYaml(loadedTermsFile, file);
    errors.push(...parseErrors);
    if (source) {
      const { output, errors: schemaErrors } = validate(source, LoadedTermsSource);
      errors.push(...schemaErrors);
      if (output) loadedTerms = output.terms.map((term) => ({ term, re: termPattern(term) }));
    }
  }

  // ---- entities -------------------------------------------------------------------------------------
  const entityFiles: EntityFile[] = [];
  const fileOfId = new Map<string, string>();
  for (const f of listFiles(options.entitiesDir, '.yaml', errors)) {
    const file = displayPath(join(options.entitiesDir, f));
    const { source, errors: parseErrors } = loadYaml(join(options.entitiesDir, f), file);
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
  const entityIds = new Set(entityFiles.map((e) => e.data.id));

  // ---- checks shared by articles and entities ---------------------------------------------------------
  const checkEvidence = (source: YamlSource, path: Path, evidence: readonly Evidence[]): void => {
    evidence.forEach((ev, i) => {
      const article = articles.get(ev.article);
      if (!article) {
        errors.push(errorAt(source, [...path, i, 'article'], `unknown article id '${ev.article}'`));
        return;
      }
      if (!article.text.includes(ev.quote)) {
        const hint = nearMissHint(article.text, ev.quote);
        errors.push(
          errorAt(
            source,
            [...path, i, 'quote'],
            `quote not found verbatim in article '${ev.article}': "${ev.quote}"${hint ? `; ${hint}` : ''}`,
          ),
        );
      }
    });
  };

  const checkClaim = (
    source: YamlSource,
    path: Path,
    claim: { text: string; basis?: 'article' | 'background' | undefined; evidence?: Evidence[] | undefined },
  ): Claim => {
    const basis = claim.basis ?? 'article';
    const evidence = claim.evidence ?? [];
    if (basis === 'article' && evidence.length === 0) {
      errors.push(
        errorAt(source, path, `a claim from the articles needs evidence (or mark it 'basis: background')`),
      );
    }
    if (basis === 'background' && evidence.length > 0) {
      errors.push(
        errorAt(
          source,
          [...path, 'evidence'],
          `a background claim carries no evidence; use 'basis: article'`,
        ),
      );
    }
    checkEvidence(source, [...path, 'evidence'], evidence);
    return { text: claim.text, basis, evidence };
  };

  const checkOwnVoice = (source: YamlSource, path: Path, text: string): void => {
    for (const { term, re } of loadedTerms) {
      if (re.test(text)) {
        errors.push(
          errorAt(
            source,
            path,
            `loaded term '${term}' in the knowledge's own voice; quote it in 'saidAbout' with who said it`,
          ),
        );
      }
    }
  };

  const checkEntityRef = (source: YamlSource, path: Path, id: string | undefined): void => {
    if (id !== undefined && !entityIds.has(id))
      errors.push(errorAt(source, path, `unknown entity id '${id}'`));
  };

  // ---- article metadata ---------------------------------------------------------------------------------
  const articleMetas: ArticleMeta[] = [];
  for (const article of [...articles.values()].sort((a, b) => cmp(a.id, b.id))) {
    if (!article.meta) continue;
    const { source, data } = article.meta;
    const firstLine = article.text.split('\n')[0]?.trim() ?? '';
    if (data.headline.stated && data.headline.value !== firstLine) {
      errors.push(
        errorAt(source, ['headline', 'value'], `headline must be the article's first line: "${firstLine}"`),
      );
    }
    const keyPoints = data.keyPoints.map((kp, i) => {
      checkOwnVoice(source, ['keyPoints', i, 'text'], kp.text);
      const evidence = (kp.evidence ?? []).map((e) => ({ article: e.article ?? article.id, quote: e.quote }));
      return checkClaim(source, ['keyPoints', i], { text: kp.text, basis: kp.basis, evidence });
    });
    articleMetas.push({
      id: article.id,
      headline: data.headline.value,
      publication: data.publication.value,
      date: data.date.value,
      provenance: {
        headline: { stated: data.headline.stated, basis: data.headline.basis },
        publication: { stated: data.publication.stated, basis: data.publication.basis },
        date: { stated: data.date.stated, basis: data.date.basis },
      },
      keyPoints,
    });
  }

  // ---- names: who owns each normalised name -----------------------------------------------------------
  interface Declaration {
    entity: string;
    source: YamlSource;
    index: number;
    exactCase: boolean;
    cased: string;
    yieldTo?: string | undefined;
  }
  const byName = new Map<string, Declaration[]>();
  for (const { source, data } of entityFiles) {
    data.names.forEach((n, index) => {
      const { folded, cased } = normalizeName(n.text);
      const exactCase = n.kind === 'acronym' || n.caseSensitive === true;
      const list = byName.get(folded) ?? [];
      list.push({ entity: data.id, source, index, exactCase, cased, yieldTo: n.yieldTo });
      byName.set(folded, list);
      checkEntityRef(source, ['names', index, 'yieldTo'], n.yieldTo);
      if (n.yieldTo === data.id)
        errors.push(errorAt(source, ['names', index, 'yieldTo'], 'yieldTo names itself'));
    });
  }
  for (const [folded, decls] of [...byName].sort((a, b) => cmp(a[0], b[0]))) {
    const entities = new Set(decls.map((d) => d.entity));
    const owners = decls.filter((d) => d.yieldTo === undefined);
    const ownerIds = new Set(owners.map((d) => d.entity));
    for (const d of decls) {
      if (d.yieldTo !== undefined && entityIds.has(d.yieldTo) && !ownerIds.has(d.yieldTo)) {
        errors.push(
          errorAt(
            d.source,
            ['names', d.index, 'yieldTo'],
            `yieldTo '${d.yieldTo}', but ${d.yieldTo} does not declare the name '${folded}' (or yields it too)`,
          ),
        );
      }
    }
    if (entities.size < 2) continue;
    // Exact-case names of different case ("Nato" / "NATO") never meet in the matcher.
    const distinctCases =
      owners.every((d) => d.exactCase) && new Set(owners.map((d) => d.cased)).size === owners.length;
    const where = (d: Declaration) => `${d.source.file}:${errorAt(d.source, ['names', d.index], '').line}`;
    if (ownerIds.size > 1 && !distinctCases) {
      const [first, ...rest] = owners as [Declaration, ...Declaration[]];
      errors.push(
        errorAt(
          first.source,
          ['names', first.index, 'text'],
          `name '${folded}' is claimed by ${[...ownerIds].join(' and ')} (also at ${rest.map(where).join(', ')}) with no rule deciding: add 'yieldTo: <id>' to all but one`,
        ),
      );
    } else if (ownerIds.size === 0) {
      const d = decls[0] as Declaration;
      errors.push(
        errorAt(
          d.source,
          ['names', d.index, 'yieldTo'],
          `name '${folded}' yields everywhere: one entity must own it`,
        ),
      );
    }
  }

  // ---- entity content -----------------------------------------------------------------------------------
  const entities: Entity[] = [];
  for (const { source, data } of entityFiles) {
    checkOwnVoice(source, ['description', 'text'], data.description.text);
    const description = checkClaim(source, ['description'], data.description);
    const facts = (data.facts ?? []).map((f, i) => {
      checkOwnVoice(source, ['facts', i, 'text'], f.text);
      return checkClaim(source, ['facts', i], f);
    });
    const context: ContextAsOf[] = (data.context ?? []).map((c, i) => {
      checkOwnVoice(source, ['context', i, 'text'], c.text);
      if (!articles.has(c.article)) {
        errors.push(errorAt(source, ['context', i, 'article'], `unknown article id '${c.article}'`));
      }
      if (c.evidence.length === 0) errors.push(errorAt(source, ['context', i], 'context needs evidence'));
      checkEvidence(source, ['context', i, 'evidence'], c.evidence);
      return { article: c.article, text: c.text, evidence: c.evidence };
    });
    const quotes = (data.quotes ?? []).map((q, i) => {
      if (q.evidence.length === 0) errors.push(errorAt(source, ['quotes', i], 'a quote needs evidence'));
      checkEvidence(source, ['quotes', i, 'evidence'], q.evidence);
      if (!q.evidence.some((e) => articles.get(e.article)?.text.includes(q.text))) {
        errors.push(
          errorAt(
            source,
            ['quotes', i, 'text'],
            `quote text is not verbatim in any of its evidence articles`,
          ),
        );
      }
      checkEntityRef(source, ['quotes', i, 'toEntity'], q.toEntity);
      return q;
    });
    const saidAbout = (data.saidAbout ?? []).map((s, i) => {
      if (s.evidence.length === 0)
        errors.push(errorAt(source, ['saidAbout', i], "'saidAbout' needs evidence"));
      checkEvidence(source, ['saidAbout', i, 'evidence'], s.evidence);
      checkEntityRef(source, ['saidAbout', i, 'byEntity'], s.byEntity);
      return s;
    });
    const relations: Relation[] = (data.relations ?? []).map((r, i) => {
      checkOwnVoice(source, ['relations', i, 'relation'], r.relation);
      checkEntityRef(source, ['relations', i, 'entity'], r.entity);
      if (r.entity === data.id)
        errors.push(errorAt(source, ['relations', i, 'entity'], 'relation to itself'));
      if (r.evidence.length === 0)
        errors.push(errorAt(source, ['relations', i], 'a relation needs evidence'));
      checkEvidence(source, ['relations', i, 'evidence'], r.evidence);
      return r;
    });
    const disputes = (data.disputes ?? []).map((d, i) => {
      checkOwnVoice(source, ['disputes', i, 'topic'], d.topic);
      d.positions.forEach((p, j) => {
        if (p.evidence.length === 0) {
          errors.push(errorAt(source, ['disputes', i, 'positions', j], 'a position needs evidence'));
        }
        checkEvidence(source, ['disputes', i, 'positions', j, 'evidence'], p.evidence);
      });
      return d;
    });
    if (data.when?.end !== undefined && data.when.end < data.when.start) {
      errors.push(errorAt(source, ['when', 'end'], 'ends before it starts'));
    }
    if (data.when !== undefined && data.type !== 'event') {
      errors.push(errorAt(source, ['when'], "'when' is for events only"));
    }

    const names: NameSpec[] = [];
    const alsoSpelled: string[] = [];
    for (const n of data.names) {
      if (n.yieldTo === undefined) {
        const spec: NameSpec = { text: n.text, kind: n.kind };
        if (n.caseSensitive !== undefined) spec.caseSensitive = n.caseSensitive;
        if (n.suffixes !== undefined) spec.suffixes = n.suffixes;
        names.push(spec);
      }
      const spelling = n.yieldTo !== undefined || n.kind === 'full' || n.kind === 'variant';
      if (spelling && n.text !== data.name && !alsoSpelled.includes(n.text)) alsoSpelled.push(n.text);
    }

    const entity: Entity = {
      id: data.id,
      type: data.type,
      name: data.name,
      names,
      alsoSpelled,
      description,
      context,
      facts,
      quotes,
      saidAbout,
      relations,
      disputes,
      appearances: [],
    };
    if (data.notIn !== undefined) entity.notIn = data.notIn;
    if (data.fuzzy !== undefined) entity.fuzzy = data.fuzzy;
    if (data.when !== undefined) entity.when = data.when;
    entities.push(entity);
  }
  entities.sort((a, b) => cmp(a.id, b.id));

  // ---- appearances: the project's matcher over each article, repeated paragraphs dropped ---------------
  const matcherEntities: MatcherEntity[] = entities.map((e) => {
    const m: MatcherEntity = { id: e.id, type: e.type, names: e.names };
    if (e.notIn) m.notIn = e.notIn;
    if (e.fuzzy) m.fuzzy = e.fuzzy;
    return m;
  });
  const matcher = compileMatcher({ entities: matcherEntities });
  const byId = new Map(entities.map((e) => [e.id, e]));
  for (const article of [...articles.values()].sort((a, b) => cmp(a.id, b.id))) {
    const { kept, dropped } = countedParagraphs(article.text);
    if (dropped.length > 0) {
      notes.push(`${article.id}: ${dropped.length} repeated paragraph(s) not counted`);
    }
    const spans = new Map<string, [number, number][]>();
    for (const p of kept) {
      for (const m of matcher.match(p.text)) {
        if (m.fuzzy) {
          notes.push(
            `${article.id}: near miss '${p.text.slice(m.start, m.end)}' → ${m.entity} not counted (declare it as a name if it is one)`,
          );
          continue;
        }
        const list = spans.get(m.entity) ?? [];
        list.push([p.start + m.start, p.start + m.end]);
        spans.set(m.entity, list);
      }
    }
    for (const [id, list] of [...spans].sort((a, b) => cmp(a[0], b[0]))) {
      byId.get(id)?.appearances.push({ article: article.id, mentions: list.length, spans: list });
    }
  }

  // ---- rules over the whole entity --------------------------------------------------------------------
  for (const { source, data } of entityFiles) {
    const e = byId.get(data.id);
    if (!e || (e.type !== 'person' && e.type !== 'place') || e.appearances.length === 0) continue;
    const evidenced = e.facts.filter((f) => f.basis === 'article' && f.evidence.length > 0).length;
    if (evidenced < MIN_EVIDENCED_FACTS) {
      errors.push(
        errorAt(
          source,
          ['facts'],
          `a ${e.type} the articles mention needs at least ${MIN_EVIDENCED_FACTS} facts with evidence (has ${evidenced})`,
        ),
      );
    }
  }

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

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortErrors(errors: CompileError[]): CompileError[] {
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
