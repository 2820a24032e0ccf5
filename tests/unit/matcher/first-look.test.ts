/**
 * core/matcher/first-look.ts: the first look says no only where the matcher finds no one. Checked on the labelled
 * corpus (every line, and lines glued together as `textContent` glues blocks), on the real knowledge with every
 * name written the ways pages write it, on random texts made of names, their parts and near misses, and for the
 * near misses the matcher documents. And it says no to what pages are full of: names inside longer words,
 * acronyms inside capitalised words, scripts' identifiers.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseKnowledge } from '@/core/knowledge/schema';
import { compileMatcher, type MatcherSource } from '@/core/matcher';
import {
  AFTER,
  BEFORE,
  edgeAfter,
  edgeBefore,
  FirstLook,
  PART,
  PLAIN_WORD,
  readLook,
  WORDISH,
} from '@/core/matcher/first-look';
import { LOOK_LIMITS, lookData } from '@/core/matcher/first-look-data';
import { compactText, FIRST_PART } from '@/core/matcher/look-text';

const corpusDir = join(import.meta.dirname, '../../fixtures/matcher');
const corpus = JSON.parse(readFileSync(join(corpusDir, 'entities.json'), 'utf8')) as MatcherSource;
const real: MatcherSource = {
  entities: parseKnowledge(
    JSON.parse(readFileSync(join(import.meta.dirname, '../../../data/knowledge.json'), 'utf8')),
  ).entities,
};

function both(source: MatcherSource) {
  const data = lookData(source);
  if (!data) throw new Error('no first look');
  return { matcher: compileMatcher(source), look: new FirstLook(data) };
}

const corpusLines = readdirSync(corpusDir)
  .filter((f) => f.endsWith('.txt'))
  .flatMap((f) => readFileSync(join(corpusDir, f), 'utf8').split('\n'));

describe('the first look never misses what the matcher finds', () => {
  for (const [label, source] of [
    ['labelled corpus entities', corpus],
    ['real knowledge', real],
  ] as const) {
    const { matcher, look } = both(source);

    it(`${label}: every line of the labelled corpus, alone and glued to its neighbours`, () => {
      let named = 0;
      corpusLines.forEach((line, i) => {
        if (matcher.match(line).length === 0) return;
        named++;
        expect(look.mayName(line), line).toBe(true);
        const glued = `${corpusLines[i - 1] ?? ''}${line}${corpusLines[i + 1] ?? ''}`;
        expect(look.mayName(glued), glued).toBe(true);
      });
      expect(named).toBeGreaterThan(10);
    });

    it(`${label}: every name, suffixed, in the ways pages write it`, () => {
      const ways = (n: string) => [
        n,
        n.toUpperCase(),
        `${n}’s`,
        n.normalize('NFD'),
        n.replace(/ /g, '\u00a0'),
        n.replace(/ /g, '\n   '),
        n.replace(/(.)(.)/, '$1\u00ad$2'),
      ];
      let checked = 0;
      for (const e of source.entities)
        for (const spec of e.names) {
          const forms = [spec.text, ...(spec.suffixes ?? []).map((s) => spec.text + s)];
          for (const form of forms)
            for (const w of ways(form))
              for (const text of [
                `Yesterday ${w} said.`,
                `yesterday, ${w}.`,
                `The news${w} says`,
                `NEWS${w} says`,
                `${w}Said so`,
              ]) {
                if (matcher.match(text).length === 0) continue;
                checked++;
                expect(look.mayName(text), text).toBe(true);
              }
        }
      expect(checked).toBeGreaterThan(100);
    });

    it(`${label}: random texts of names, their parts, near misses and filler`, () => {
      const words = [
        ...new Set(source.entities.flatMap((e) => e.names.flatMap((n) => [n.text, ...n.text.split(' ')]))),
      ];
      const piece = fc.oneof(
        fc.constantFrom(...words),
        fc.constantFrom(...words).map((w) => w.toUpperCase()),
        // A near miss: one letter changed, dropped, doubled, or two swapped.
        fc
          .tuple(fc.constantFrom(...words), fc.nat(), fc.constantFrom('x', 'a', 'e', '', 'swap', 'double'))
          .map(([w, at, op]) => {
            const i = 1 + (at % Math.max(1, w.length - 1));
            if (op === 'swap') return w.slice(0, i - 1) + w.charAt(i) + w.charAt(i - 1) + w.slice(i + 1);
            if (op === 'double') return w.slice(0, i) + w.charAt(i) + w.slice(i);
            return w.slice(0, i) + op + w.slice(i + 1);
          }),
        fc.constantFrom(' ', ', ', '. ', ' the ', 'said', 'Mr ', '\n', "'s ", '-', 'The', 'com'),
        // Signs a word ends at that the near-miss pattern reads on (see WORDISH): a mark, an emoji, a sign.
        fc.constantFrom('™', '🙂', '×', '¬', '∞', '※'),
      );
      fc.assert(
        fc.property(fc.array(piece, { minLength: 1, maxLength: 8 }), (pieces) => {
          const text = pieces.join('');
          if (matcher.match(text).length > 0) expect(look.mayName(text), text).toBe(true);
        }),
        { numRuns: 3000, seed: 7 },
      );
    });

    it(`${label}: the same answer for a text and its compacted form, as the background is sent it`, () => {
      const words = [...new Set(source.entities.flatMap((e) => e.names.map((n) => n.text)))];
      const piece = fc.oneof(
        fc.constantFrom(...words),
        fc.constantFrom(...words).map((w) => w.replaceAll(' ', '\n   ')),
        fc.constantFrom(...words).map((w) => `${w.slice(0, 2)}\ufeff${w.slice(2)}`),
        fc.constantFrom('said', 'The', 'x', '.', '-'),
        // White space, in runs of every kind: the markup's indentation, a no-break space, a zero-width one.
        fc.constantFrom(
          ' ',
          '  ',
          '\n',
          '\n\t\t',
          ' \r\n ',
          '\f',
          '\u00a0',
          '\u00a0 \u00a0',
          '\ufeff',
          ' \ufeff ',
        ),
      );
      fc.assert(
        fc.property(fc.array(piece, { minLength: 1, maxLength: 10 }), (pieces) => {
          const text = pieces.join('');
          const compact = compactText(text);
          expect(compact.length).toBeLessThanOrEqual(text.length);
          expect(look.mayName(compact), JSON.stringify(text)).toBe(look.mayName(text));
          if (matcher.match(text).length > 0) expect(look.mayName(compact), JSON.stringify(text)).toBe(true);
        }),
        { numRuns: 2000, seed: 11 },
      );
    });
  }

  it('compacts runs of ASCII white space only', () => {
    expect(compactText('a \n\t b\nc  d\u00a0\u00a0e\ufeff\ufefff')).toBe(
      'a b\nc d\u00a0\u00a0e\ufeff\ufefff',
    );
  });

  it('finds a name across the cut between two parts of a long text, and says no to a long text naming no one', () => {
    const { look } = both(corpus);
    const name = corpus.entities[0]?.names[0]?.text as string;
    // The name straddles the first cut, then the second, where neither side of it is a name or near one: each
    // part reaches past its cut by the look's reach.
    for (const cut of [FIRST_PART, FIRST_PART + PART]) {
      const text = `${'f'.repeat(cut - 2)} ${name} said${' more'.repeat(100)}`;
      expect(text.slice(cut - 1, cut + 1)).toBe(name.slice(0, 2));
      expect(look.mayName(text.slice(0, cut)), 'a part alone').toBe(false);
      expect(look.mayNameInParts(text)).toBe(true);
    }
    expect(look.mayNameInParts('filler '.repeat(100_000))).toBe(false);
  });

  it('reads every letter and digit as part of a word, and cuts only at what is neither', () => {
    const letterOrDigit = /[\p{L}\p{N}]/u;
    const wordish = new RegExp(`^${WORDISH}$`, 'u');
    for (let u = 0; u <= 0xffff; u++) {
      const ch = String.fromCharCode(u);
      if (letterOrDigit.test(ch)) expect(wordish.test(ch), `U+${u.toString(16)}`).toBe(true);
      if (PLAIN_WORD.test(ch)) expect(letterOrDigit.test(ch), `U+${u.toString(16)}`).toBe(true);
    }
    // Astral letters are pairs of surrogates, which WORDISH takes.
    expect(new RegExp(`^${WORDISH}+$`, 'u').test('𝐀')).toBe(true);
  });

  it('finds a near miss with a sign glued to it', () => {
    const { matcher, look } = both(real);
    for (const text of [
      'Lukaschenko™ said',
      'Mr Lukaschenko🙂',
      'Alexandr Lukaschenko× said',
      'Tikhanovskaia∞',
    ]) {
      expect(matcher.match(text).length, text).toBeGreaterThan(0);
      expect(look.mayName(text), text).toBe(true);
    }
  });

  it("finds the near misses the matcher's documentation lists", () => {
    const { matcher, look } = both(corpus);
    for (const text of [
      'Mr Lukaschenko said',
      'Loukachenko a dit',
      'Svetlana Tikhanovskaia left',
      'Maria Kolesnikowa was',
      'Tichanovskaya spoke',
      'Sviatlana Tsikhanouskaja spoke',
    ]) {
      expect(
        matcher.match(text).some((m) => m.fuzzy),
        text,
      ).toBe(true);
      expect(look.mayName(text), text).toBe(true);
      // Glued to the text before and after it, as the end and start of two other blocks.
      expect(look.mayName(`Latest newsXYZ${text}more`), text).toBe(true);
    }
  });
});

describe("a name's edges", () => {
  // The patterns the look falls back on, which the ASCII shortcut must agree with everywhere.
  const before = new RegExp(BEFORE, 'uy');
  const after = new RegExp(AFTER, 'uy');
  const at = (re: RegExp, c: string, i: number) => {
    re.lastIndex = i;
    return re.test(c);
  };

  it('are where the patterns put them, ASCII or not, at every place of any text', () => {
    const unit = fc.constantFrom(
      'a',
      'z',
      'A',
      'Z',
      '0',
      '9',
      ' ',
      '-',
      '.',
      "'",
      'é',
      'É',
      'ж',
      'Ж',
      '中',
      '\u0301',
      '🙂',
      '𝐀',
      'ǅ',
      'ª',
      '٣',
    );
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 6 }), (units) => {
        const c = units.join('');
        for (let i = 0; i <= c.length; i++) {
          expect(edgeBefore(c, i), `before ${i} of ${JSON.stringify(c)}`).toBe(at(before, c, i));
          if (i > 0) expect(edgeAfter(c, i), `after ${i} of ${JSON.stringify(c)}`).toBe(at(after, c, i));
        }
      }),
      { numRuns: 20000, seed: 11 },
    );
  });
});

describe('what the first look is not fooled by', () => {
  const { matcher, look } = both(real);
  it.each([
    'Cloud computing, and the rest',
    'Russian hackers and Prussian kings',
    'UNDER THE FORTUNA BANNER, SUNDAY',
    'Os EUA e a Europa',
    'window.NREUM||(NREUM={});var FRAMERESIZE_LOADED',
    'a black cat by the sea',
  ])('%s', (text) => {
    expect(matcher.match(text)).toEqual([]);
    expect(look.mayName(text)).toBe(false);
  });
});

describe('the build side', () => {
  it('writes no first look for a knowledge base too large for one', () => {
    expect(lookData(real, { ...LOOK_LIMITS, patternChars: 100 })).toBeNull();
    expect(lookData(real, { ...LOOK_LIMITS, nearTargets: 3 })).toBeNull();
  });

  it('finds a name with an astral character', () => {
    const { matcher, look } = both({
      entities: [{ id: 'x', type: 'organisation', names: [{ text: 'Rocket 𝐀 Lab', kind: 'full' }] }],
    });
    const text = 'Yesterday Rocket 𝐀 Lab said so.';
    expect(matcher.match(text)).not.toEqual([]);
    expect(look.mayName(text)).toBe(true);
    expect(look.mayName('Yesterday Rocket A Lab said so.')).toBe(false);
  });

  it('takes a shorter name only where the longer one starts, not one further on', () => {
    const { matcher, look } = both({
      entities: [
        { id: 'a', type: 'place', names: [{ text: 'Alto Bremen', kind: 'full' }] },
        { id: 'b', type: 'place', names: [{ text: 'Brem', kind: 'full' }] },
      ],
    });
    // "Alto Bremen" ends inside a word; "Brem" is inside one too, though a name of its length from "Alto" would
    // end at the space.
    for (const text of ['Alto Bremenx said so.', 'Alto Bremens']) {
      expect(matcher.match(text)).toEqual([]);
      expect(look.mayName(text), text).toBe(false);
    }
    expect(look.mayName('Alto Brem said so.')).toBe(true);
  });

  it('reads back what it wrote, and refuses what it did not', () => {
    const data = lookData(real);
    expect(readLook(JSON.stringify(data))?.mayName('Putin')).toBe(true);
    expect(readLook('null')).toBeNull();
    expect(() => readLook('{"names":1}')).toThrow(/malformed/);
    expect(() => readLook(JSON.stringify({ ...data, near: [['', 1]] }))).toThrow(/malformed/);
    expect(() => readLook('not json')).toThrow();
  });
});
