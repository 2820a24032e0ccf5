/** Where each entity appears: the project's matcher over each article, repeated paragraphs dropped. */
import type { Entity } from '@/core/knowledge/types';
import { compileMatcher } from '@/core/matcher/index';
import type { MatcherEntity } from '@/core/matcher/types';
import { cmp } from './order';
import type { ArticleSource } from './sources';
import { countedParagraphs } from './text';

/** Fills each entity's `appearances` (entities by id in `byId`); near misses and dropped repeats go to `notes`. */
export function countAppearances(
  entities: readonly Entity[],
  byId: ReadonlyMap<string, Entity>,
  articles: ReadonlyMap<string, ArticleSource>,
  notes: string[],
): void {
  const matcherEntities: MatcherEntity[] = entities.map((e) => {
    const m: MatcherEntity = { id: e.id, type: e.type, names: e.names };
    if (e.notIn) m.notIn = e.notIn;
    if (e.fuzzy) m.fuzzy = e.fuzzy;
    return m;
  });
  const matcher = compileMatcher({ entities: matcherEntities });
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
}
