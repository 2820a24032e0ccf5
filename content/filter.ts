/**
 * Which mentions the reader gets. A mention opens its card when its entity's type is switched on and the entity is
 * not one they know; it is also marked unless "first mention only" is on and it is not its entity's first in
 * document order (a quiet page: every later mention still opens its card, and is counted and stepped through).
 * Owns the first-mention map.
 */

import type { NameEntry } from '@/core/matcher/names/format';
import type { Mention } from '@/core/matcher/types';
import type { Settings } from '@/core/settings';
import type { Rec, Target } from './mention';
import type { MentionStore } from './store';

export interface FilterDeps {
  names: Pick<ReadonlyMap<string, NameEntry>, 'get'>;
  store: MentionStore;
  /** True while the first walk over the page is under way: no mention is known to be the first yet. */
  firstWalk(): boolean;
  /** True while any pass (the first walk or a rescan) is under way. */
  scanning(): boolean;
  /** The reader's settings, held by the page. */
  settings(): Settings;
}

export class MentionFilter {
  private firstMentions: Map<Rec, Set<number>> | null = null;

  constructor(private readonly deps: FilterDeps) {}

  /** Whether the filter's verdicts differ between two settings. */
  static differs(prev: Settings, next: Settings): boolean {
    return (
      prev.firstMentionOnly !== next.firstMentionOnly ||
      prev.knownEntities.join() !== next.knownEntities.join() ||
      JSON.stringify(prev.types) !== JSON.stringify(next.types)
    );
  }

  /** Forget the first-mention map (the page stopped, or the switch flipped). */
  reset(): void {
    this.firstMentions = null;
  }

  /** Whether resting on a mention opens its card: its type is on and its entity is not one the reader knows. */
  opens(t: Target): boolean {
    const m = t.record.mentions[t.i];
    if (!m) return false;
    const settings = this.deps.settings();
    const e = this.deps.names.get(m.entity);
    return !!e && settings.types[e.type] && !settings.knownEntities.includes(e.id);
  }

  /** Whether a mention is marked (unless the style is "none"): it opens its card, and is a first mention if asked. */
  marks(rec: Rec, i: number): boolean {
    if (!this.opens({ record: rec, i })) return false;
    if (this.deps.settings().firstMentionOnly) {
      // The first walk has not yet seen the whole page, so no mention is known to be the first. A rescan keeps the
      // map it had, a replaced block's first mentions passing to its new record (inherit), and other new blocks
      // wait for the pass's end: the marks already shown stay, and so does a card's dwell.
      if (this.deps.firstWalk()) return false;
      this.firstMentions ??= this.computeFirstMentions();
      return this.firstMentions.get(rec)?.has(i) ?? false;
    }
    return true;
  }

  marksTarget(t: Target): boolean {
    return this.marks(t.record, t.i);
  }

  /** Whether `rec` held a first mention (its removal can move the marks without a rescan). */
  holdsFirst(rec: Rec): boolean {
    return this.firstMentions?.has(rec) ?? false;
  }

  /**
   * With "first mention only", a block the rescan replaces keeps the marks of the first mentions it held, by
   * entity, until the pass ends and the map is computed again: else the name would lose its mark (and resting on
   * it its card) for the whole pass.
   */
  inherit(older: Set<Rec>, rec: Rec): void {
    const map = this.firstMentions;
    if (!map) return;
    const entities = new Set<string>();
    for (const old of older) {
      for (const i of map.get(old) ?? []) {
        const id = old.mentions[i]?.entity;
        if (id) entities.add(id);
      }
      map.delete(old);
    }
    if (entities.size === 0) return;
    const kept = new Set<number>();
    rec.mentions.forEach((m: Mention, i) => {
      if (entities.delete(m.entity)) kept.add(i);
    });
    if (kept.size > 0) map.set(rec, kept);
  }

  /**
   * With "first mention only", bring the map up to date after the page's mentions changed (a pass ended, or the
   * page removed text). Returns the records whose marks must be registered again: all of them ("all") when there
   * was no map yet, else only those whose first mentions moved, since every change of the highlights repaints.
   */
  refresh(): Set<Rec> | 'all' | null {
    // During a pass the store is partly rebuilt (a rescan drops a block's record before it makes the new one); the
    // pass's end comes here.
    if (!this.deps.settings().firstMentionOnly || this.deps.scanning()) return null;
    const before = this.firstMentions;
    if (!before) return 'all';
    const after = this.computeFirstMentions();
    this.firstMentions = after;
    const same = (a: Set<number> | undefined, b: Set<number> | undefined) =>
      a?.size === b?.size && [...(a ?? [])].every((i) => b?.has(i));
    const moved = new Set<Rec>();
    for (const [rec, set] of after) if (!same(set, before.get(rec))) moved.add(rec);
    for (const rec of before.keys()) if (!after.has(rec)) moved.add(rec);
    return moved;
  }

  /** Each entity's first mention in document order, in one pass. */
  private computeFirstMentions(): Map<Rec, Set<number>> {
    const seen = new Set<string>();
    const out = new Map<Rec, Set<number>>();
    for (const p of this.deps.store.ordered()) {
      const id = p.record.mentions[p.i]?.entity;
      if (!id || seen.has(id)) continue;
      seen.add(id);
      const set = out.get(p.record) ?? new Set<number>();
      set.add(p.i);
      out.set(p.record, set);
    }
    return out;
  }
}
