import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileMatcher, type MatcherSource, type Mention } from '@/core/matcher';

const dir = join(import.meta.dirname, '../../fixtures/matcher');
const source = JSON.parse(readFileSync(join(dir, 'entities.json'), 'utf8')) as MatcherSource;
const matcher = compileMatcher(source);

interface Expected {
  entity: string;
  text: string;
  occurrence: number;
  fuzzy?: boolean;
  /** A labelled not-entity: a near miss that must not be reported as `entity` (no mention of it may overlap). */
  not?: boolean;
}

/** Offset of the nth (1-based) occurrence of `needle` in `hay`. */
function nth(hay: string, needle: string, n: number): number {
  let at = -1;
  for (let k = 0; k < n; k++) {
    at = hay.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" occurs fewer than ${n} times`);
  }
  return at;
}

const texts = readdirSync(dir)
  .filter((f) => f.endsWith('.txt'))
  .sort();

const key = (m: Mention): string => `${m.entity}@${m.start}-${m.end}`;

describe('labelled corpus', () => {
  it('has texts with expectations', () => {
    expect(texts.length).toBeGreaterThanOrEqual(5);
  });

  it('scores precision and recall per entity', () => {
    const stats = new Map<string, { tp: number; fp: number; fn: number }>();
    const row = (e: string) => {
      let s = stats.get(e);
      if (s === undefined) {
        s = { tp: 0, fp: 0, fn: 0 };
        stats.set(e, s);
      }
      return s;
    };
    const errors: string[] = [];
    let notHits = 0;
    let nots = 0;
    for (const file of texts) {
      const text = readFileSync(join(dir, file), 'utf8');
      const expected = JSON.parse(
        readFileSync(join(dir, file.replace(/\.txt$/, '.json')), 'utf8'),
      ) as Expected[];
      const want = new Map<string, Expected>();
      const got = matcher.match(text);
      for (const e of expected) {
        const start = nth(text, e.text, e.occurrence);
        const end = start + e.text.length;
        if (e.not === true) {
          nots++;
          if (got.some((m) => m.entity === e.entity && m.start < end && m.end > start)) {
            notHits++;
            errors.push(`${file}: not-entity "${e.text}" #${e.occurrence} reported as ${e.entity}`);
          }
          continue;
        }
        want.set(key({ entity: e.entity, start, end }), e);
      }
      for (const m of got) {
        const w = want.get(key(m));
        if (w === undefined) {
          row(m.entity).fp++;
          errors.push(`${file}: unexpected ${m.entity} "${text.slice(m.start, m.end)}" at ${m.start}`);
        } else {
          row(m.entity).tp++;
          if ((w.fuzzy ?? false) !== (m.fuzzy ?? false))
            errors.push(`${file}: fuzzy flag differs at ${m.start}`);
          want.delete(key(m));
        }
      }
      for (const w of want.values()) {
        row(w.entity).fn++;
        errors.push(`${file}: missed ${w.entity} "${w.text}" #${w.occurrence}`);
      }
    }
    const table = [...stats]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([entity, s]) => ({
        entity,
        tp: s.tp,
        fp: s.fp,
        fn: s.fn,
        precision: s.tp + s.fp === 0 ? 1 : +(s.tp / (s.tp + s.fp)).toFixed(3),
        recall: s.tp + s.fn === 0 ? 1 : +(s.tp / (s.tp + s.fn)).toFixed(3),
      }));
    const tp = table.reduce((a, r) => a + r.tp, 0);
    const fp = table.reduce((a, r) => a + r.fp, 0);
    const fn = table.reduce((a, r) => a + r.fn, 0);
    const precision = tp / (tp + fp);
    const recall = tp / (tp + fn);
    console.log(`Matcher corpus: ${texts.length} texts, ${tp + fn} expected mentions`);
    console.table(table);
    console.log(
      `overall precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}, not-entities hit ${notHits} of ${nots}`,
    );
    // The corpus was written to encode the rules (every trap has a rule that handles it), so anything below
    // 1.0 is a regression, not noise; the error list says which mention broke.
    expect(errors).toEqual([]);
    expect(precision).toBe(1);
    expect(recall).toBe(1);
    expect(notHits).toBe(0);
  });

  it('covers every fixture entity at least once', () => {
    const seen = new Set<string>();
    for (const file of texts) {
      const expected = JSON.parse(
        readFileSync(join(dir, file.replace(/\.txt$/, '.json')), 'utf8'),
      ) as Expected[];
      for (const e of expected) if (e.not !== true) seen.add(e.entity);
    }
    expect([...seen].sort()).toEqual(source.entities.map((e) => e.id).sort());
  });
});
