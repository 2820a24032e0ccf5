/** The lines of "Also on this page": one sentence per pair of entities, both of them named in it. */
import type { Entity } from '@/core/knowledge/types';

export interface RelationLine {
  /** The other entity of the pair. */
  other: string;
  otherName: string;
  text: string;
}

/**
 * The relations of `entity` to others on the page, one line per other entity (the first relation of a pair wins:
 * the knowledge writes each pair once, and a card never repeats a name). Relations to itself, to entities not on
 * the page, or to ones without a name are left out.
 */
export function relationLines(
  entity: Entity,
  onPage: ReadonlySet<string>,
  nameOf: (id: string) => string | undefined,
): RelationLine[] {
  const lines: RelationLine[] = [];
  const seen = new Set<string>();
  for (const r of entity.relations) {
    const other = r.subject === entity.id ? r.object : r.subject;
    if (other === entity.id || r.entity !== other || seen.has(other) || !onPage.has(other)) continue;
    const otherName = nameOf(other);
    if (otherName === undefined) continue;
    seen.add(other);
    lines.push({ other, otherName, text: r.text });
  }
  return lines;
}
