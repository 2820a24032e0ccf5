import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileMatcher, type MatcherSource, type Mention } from '@/core/matcher';
import fixture from '@/tests/fixtures/matcher/entities.json' with { type: 'json' };

const source = fixture as MatcherSource;
const matcher = compileMatcher(source);

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** The code point just before `at` and the one at `at` (surrogate pairs read whole). */
function around(text: string, at: number): [string, string] {
  const before = at > 0 ? (Array.from(text.slice(Math.max(0, at - 2), at)).pop() ?? '') : '';
  const after = at < text.length ? String.fromCodePoint(text.codePointAt(at) as number) : '';
  return [before, after];
}

function checkShape(text: string, ms: Mention[]): void {
  let last = 0;
  for (const m of ms) {
    expect(m.start).toBeGreaterThanOrEqual(last);
    expect(m.end).toBeGreaterThan(m.start);
    expect(m.end).toBeLessThanOrEqual(text.length);
    const [before] = around(text, m.start);
    const [, after] = around(text, m.end);
    expect(LETTER_OR_DIGIT.test(before), `letter before ${JSON.stringify(text.slice(m.start, m.end))}`).toBe(
      false,
    );
    expect(LETTER_OR_DIGIT.test(after), `letter after ${JSON.stringify(text.slice(m.start, m.end))}`).toBe(
      false,
    );
    last = m.end;
  }
}

const plainNames = source.entities.flatMap((e) =>
  e.names.filter((n) => n.kind !== 'acronym' && !n.caseSensitive).map((n) => n.text),
);
const exactCaseNames = source.entities.flatMap((e) =>
  e.names.filter((n) => n.kind === 'acronym' || n.caseSensitive).map((n) => n.text),
);
const fillers = [
  'the',
  'said',
  'on',
  'monday',
  'talks',
  'in',
  'и',
  'встреча',
  'заявил',
  'der',
  'la',
  'réunion',
  'élection',
  'protest',
];
const separators = [' ', '  ', '\n', ', ', '. ', ' — ', "'s ", '’s ', ' (', ') ', ' "', '" '];

type Token = { text: string; name: boolean };
const token: fc.Arbitrary<Token> = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...plainNames).map((text) => ({ text, name: true })) },
  { weight: 1, arbitrary: fc.constantFrom(...exactCaseNames).map((text) => ({ text, name: false })) },
  { weight: 3, arbitrary: fc.constantFrom(...fillers).map((text) => ({ text, name: false })) },
);
const doc = fc.array(fc.tuple(token, fc.constantFrom(...separators)), { minLength: 1, maxLength: 25 });
const render = (parts: [Token, string][], f: (t: Token) => string = (t) => t.text): string =>
  parts.map(([t, sep]) => f(t) + sep).join('');

/** What a mention says, independent of how the text was typeset. */
const meaning = (text: string, ms: Mention[]) =>
  ms.map((m) => ({
    entity: m.entity,
    fuzzy: m.fuzzy ?? false,
    span: text
      .slice(m.start, m.end)
      .normalize('NFC')
      .replace(/[\u00AD\u200B]/g, '')
      .replace(/\s+/gu, ' ')
      .toLowerCase(),
  }));

describe('matcher properties', () => {
  it('never throws, and returns sorted, in-range, non-overlapping mentions on word boundaries', () => {
    const anyText = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.string({ unit: 'grapheme-composite', maxLength: 200 }),
      doc.map((d) => render(d)),
    );
    fc.assert(
      fc.property(anyText, (text) => {
        checkShape(text, matcher.match(text));
      }),
      { numRuns: 500 },
    );
  });

  it('finds every declared name standing alone, as its own entity', () => {
    for (const e of source.entities) {
      for (const n of e.names) {
        const text = `Yesterday ${n.text} said.`;
        expect(matcher.match(text), n.text).toEqual([{ entity: e.id, start: 10, end: 10 + n.text.length }]);
      }
    }
  });

  it('is unchanged when spaces become non-breaking spaces', () => {
    fc.assert(
      fc.property(doc, (d) => {
        const a = render(d);
        const b = a.replace(/ /g, '\u00A0');
        expect(matcher.match(b)).toEqual(matcher.match(a));
      }),
    );
  });

  it('is unchanged when soft hyphens and zero-width spaces are inserted inside words', () => {
    fc.assert(
      fc.property(doc, fc.nat(), (d, seed) => {
        const a = render(d);
        let s = seed;
        const b = a.replace(/(\p{L})(?=\p{L})/gu, (ch) => {
          s = (s * 1103515245 + 12345) >>> 0;
          return s % 3 === 0 ? ch + (s % 2 ? '\u00AD' : '\u200B') : ch;
        });
        expect(meaning(b, matcher.match(b))).toEqual(meaning(a, matcher.match(a)));
        checkShape(b, matcher.match(b));
      }),
    );
  });

  it('gives the same mentions for NFC and NFD text', () => {
    fc.assert(
      fc.property(doc, (d) => {
        const a = render(d).normalize('NFC');
        const b = a.normalize('NFD');
        expect(meaning(b, matcher.match(b))).toEqual(meaning(a, matcher.match(a)));
      }),
    );
  });

  it('ignores the case of non-acronym names, and acronyms lose their match in another case', () => {
    fc.assert(
      fc.property(doc, fc.constantFrom('upper', 'lower'), (d, mode) => {
        const a = render(d);
        const b = render(d, (t) =>
          t.name ? (mode === 'upper' ? t.text.toUpperCase() : t.text.toLowerCase()) : t.text,
        );
        expect(b.length).toBe(a.length);
        expect(matcher.match(b)).toEqual(matcher.match(a));
      }),
    );
  });

  it('lower-cased acronyms are not mentions', () => {
    for (const name of exactCaseNames) {
      const lower = name.toLowerCase();
      expect(matcher.match(`Yesterday ${lower} said.`), lower).toEqual([]);
    }
  });
});
