/** The entities as the knowledge ships them, every claim in them checked, and the rules over a whole entity. */
import type { ContextAsOf, Entity, Relation } from '@/core/knowledge/types';
import type { NameSpec } from '@/core/matcher/types';
import type { Checks } from './checks';
import { cmp } from './order';
import type { ArticleSource, EntityFile } from './sources';
import { type CompileError, errorAt } from './yaml-source';

/** People and places the articles mention need at least this many facts with evidence. */
export const MIN_EVIDENCED_FACTS = 2;

/** Every entity file's content, checked; sorted by id, appearances still empty. */
export function buildEntities(
  entityFiles: readonly EntityFile[],
  articles: ReadonlyMap<string, ArticleSource>,
  { checkClaim, checkEntityRef, checkEvidence, checkOwnVoice }: Checks,
  errors: CompileError[],
): Entity[] {
  const entities: Entity[] = [];
  /** Each pair of entities has one relation sentence, in either one's file: "a b" (ids sorted) → that file. */
  const pairs = new Map<string, string>();
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
      checkOwnVoice(source, ['relations', i, 'text'], r.text);
      checkEntityRef(source, ['relations', i, 'object'], r.object);
      if (r.object === data.id)
        errors.push(errorAt(source, ['relations', i, 'object'], 'relation to itself'));
      const pair = [data.id, r.object].sort().join(' ');
      const first = pairs.get(pair);
      if (first !== undefined) {
        errors.push(
          errorAt(
            source,
            ['relations', i, 'object'],
            `the pair ${data.id}, ${r.object} already has a relation (in ${first}); write it once`,
          ),
        );
      } else pairs.set(pair, `${data.id}.yaml`);
      if (r.evidence.length === 0)
        errors.push(errorAt(source, ['relations', i], 'a relation needs evidence'));
      checkEvidence(source, ['relations', i, 'evidence'], r.evidence);
      return { entity: r.object, subject: data.id, object: r.object, text: r.text, evidence: r.evidence };
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
  shareRelations(entities);
  return entities;
}

/**
 * Gives each relation to its object too, after the object's own relations, ordered by subject: a relation is
 * written once, in its subject's file, and both cards show it.
 */
function shareRelations(entities: Entity[]): void {
  const byId = new Map(entities.map((e) => [e.id, e]));
  const incoming = new Map<string, Relation[]>();
  for (const e of entities) {
    for (const r of e.relations) {
      if (!byId.has(r.object)) continue;
      const list = incoming.get(r.object) ?? [];
      list.push({ ...r, entity: r.subject });
      incoming.set(r.object, list);
    }
  }
  for (const e of entities) e.relations = [...e.relations, ...(incoming.get(e.id) ?? [])];
}

/** People and places the articles mention (known once appearances are counted) need evidenced facts. */
export function checkEvidencedFacts(
  entityFiles: readonly EntityFile[],
  byId: ReadonlyMap<string, Entity>,
  errors: CompileError[],
): void {
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
}
