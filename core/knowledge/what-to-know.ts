/**
 * "What to know" about a page, from the knowledge: the entities the page is most about (by how often it names
 * them), each with what the sources said of it, and the dated events that tie the page's entities together.
 * When the page states its publication date, everything is as of that date: context from sources published on
 * or before it, no event that had not happened yet. Pure; the popup's summary renders it.
 */
import type { ArticleMeta, Entity, Knowledge } from './types';

/** An entity on the page and how many times the page names it. */
export interface Found {
  entity: Entity;
  count: number;
}

export interface KnowItem {
  entity: Entity;
  text: string;
  /** The source that said it; undefined for the entity's description (true whatever the date). */
  source: ArticleMeta | undefined;
}

export interface KnowEvent {
  entity: Entity & { when: { start: string; end?: string } };
  /** The source that reports it, from those the page could have known; undefined when none. */
  source: ArticleMeta | undefined;
}

export interface WhatToKnow {
  /** The page's own date (yyyy-mm-dd) everything is as of; undefined when the page states none. */
  asOf: string | undefined;
  items: KnowItem[];
  events: KnowEvent[];
}

/** How many entities get a line: the page's leading names, not a second copy of the list. */
export const WHAT_TO_KNOW_TOP = 3;

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Entities of the summary that the knowledge has, most-mentioned first (ties by name). */
export function foundEntities(counts: { id: string; count: number }[], knowledge: Knowledge): Found[] {
  const byId = new Map(knowledge.entities.map((e) => [e.id, e]));
  const found: Found[] = [];
  for (const { id, count } of counts) {
    const entity = byId.get(id);
    if (entity && count > 0) found.push({ entity, count });
  }
  return found.sort((a, b) => b.count - a.count || a.entity.name.localeCompare(b.entity.name));
}

/** Sources the page could have drawn on: all of them, or those published on or before its date. */
function knownBy(asOf: string | undefined) {
  return (a: ArticleMeta | undefined): a is ArticleMeta => a !== undefined && (!asOf || a.date <= asOf);
}

/** The latest context a usable source gives for the entity, else its description. */
function itemFor(entity: Entity, articles: Map<string, ArticleMeta>, asOf: string | undefined): KnowItem {
  const usable = knownBy(asOf);
  let best: KnowItem | undefined;
  for (const c of entity.context) {
    const article = articles.get(c.article);
    if (usable(article) && (!best?.source || article.date > best.source.date)) {
      best = { entity, text: c.text, source: article };
    }
  }
  return best ?? { entity, text: entity.description.text, source: undefined };
}

/** The source an event is reported in (its description's evidence, else its context, else where it appears). */
function eventSource(
  entity: Entity,
  articles: Map<string, ArticleMeta>,
  asOf: string | undefined,
): ArticleMeta | undefined {
  const usable = knownBy(asOf);
  const ids = [
    ...entity.description.evidence.map((e) => e.article),
    ...entity.context.map((c) => c.article),
    ...entity.appearances.map((a) => a.article),
  ];
  for (const id of ids) {
    const a = articles.get(id);
    if (usable(a)) return a;
  }
  return undefined;
}

function isDated(e: Entity): e is KnowEvent['entity'] {
  return e.type === 'event' && e.when !== undefined;
}

/**
 * Events that tie the page together: named on the page, or linked (by a relation, either way) to at least two
 * entities the page names. An event linked to one name only is about that name, not about this page. With a page
 * date, events the page names stay; others must have begun by that date.
 */
export function datedEvents(found: Found[], knowledge: Knowledge, asOf?: string): KnowEvent['entity'][] {
  const onPage = new Set(found.map((f) => f.entity.id));
  const links = new Map<string, Set<string>>();
  const link = (event: string, other: string) => {
    if (!onPage.has(other) || event === other) return;
    const set = links.get(event) ?? new Set<string>();
    set.add(other);
    links.set(event, set);
  };
  for (const e of knowledge.entities) {
    for (const r of e.relations) {
      link(e.id, r.entity);
      link(r.entity, e.id);
    }
  }
  return knowledge.entities
    .filter(isDated)
    .filter((e) =>
      onPage.has(e.id) ? true : (links.get(e.id)?.size ?? 0) >= 2 && (!asOf || e.when.start <= asOf),
    )
    .sort((a, b) => a.when.start.localeCompare(b.when.start) || a.name.localeCompare(b.name));
}

export function whatToKnow(
  found: Found[],
  knowledge: Knowledge,
  pageDate?: string | undefined,
  top = WHAT_TO_KNOW_TOP,
): WhatToKnow {
  const asOf = pageDate && ISO_DAY.test(pageDate) ? pageDate : undefined;
  const articles = new Map(knowledge.articles.map((a) => [a.id, a]));
  return {
    asOf,
    items: found.slice(0, top).map((f) => itemFor(f.entity, articles, asOf)),
    events: datedEvents(found, knowledge, asOf).map((entity) => ({
      entity,
      source: eventSource(entity, articles, asOf),
    })),
  };
}
