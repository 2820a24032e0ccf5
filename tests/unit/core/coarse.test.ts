/**
 * core/text/coarse.ts is never finer than the matcher's normalisation (core/text/normalize.ts): for every
 * character of the BMP, its coarse form is the coarse form of what the matcher makes of it, in any case (the first
 * look's patterns for names found in any case) and in the declared case (its patterns for the others). So a text
 * the matcher folds to a name's key always holds the key's coarse form.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coarse } from '@/core/text/coarse';
import { normalizeText, unitsToString } from '@/core/text/normalize';

function matcherForm(text: string): { folded: string; cased: string } {
  const nt = normalizeText(text);
  return { folded: unitsToString(nt.folded, 0, nt.length), cased: unitsToString(nt.cased, 0, nt.length) };
}

describe('the coarse form', () => {
  it('of every BMP character is the coarse form of its matcher form, folded and cased', () => {
    const wrong: string[] = [];
    for (let u = 0; u < 0x10000; u++) {
      if (u >= 0xd800 && u < 0xe000) continue;
      const c = String.fromCharCode(u);
      const { folded, cased } = matcherForm(c);
      const mine = coarse(c);
      // White space stays itself; the patterns take any white space for a space.
      if (folded === ' ') {
        if (!/^\s$/u.test(mine)) wrong.push(`U+${u.toString(16)} space`);
        continue;
      }
      if (mine.toLowerCase() !== coarse(folded)) wrong.push(`U+${u.toString(16)} folded`);
      if (mine !== coarse(cased)) wrong.push(`U+${u.toString(16)} cased`);
    }
    expect(wrong).toEqual([]);
  });

  it('is the coarse form of each character in turn, however the text mixes scripts, marks and punctuation', () => {
    // The text is read in runs (only those that need NFD get it): the runs must not change the result.
    const alphabet = [
      ...'aZ 9.,-\'"(\n\tÀéŁßẞæÆйЙёЁиЛ’‘\u00ad\u200b\u0301\u0306\u2010\u2019\u00a0\u2001😀中',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 40 }), (chars) => {
        const text = chars.join('');
        const each = [...text].map((c) => coarse(c)).join('');
        expect(coarse(text)).toBe(each);
      }),
      { numRuns: 2000, seed: 11 },
    );
  });

  it('drops every mark, composed or not, and keeps the rest', () => {
    expect(coarse('Lukas\u030Cenka Lukašenka')).toBe('Lukasenka Lukasenka');
    expect(coarse('Тихановскаи\u0306 Тихановский')).toBe('Тихановскаи Тихановскии');
    expect(coarse('Strauß STRAUẞ Łódź Ærø')).toBe('Strauss STRAUss Lodz aero');
    expect(coarse('Putin’s soft\u00adhyphen zero\u200bwidth non\u2011breaking')).toBe(
      "Putin's softhyphen zerowidth non-breaking",
    );
    expect(coarse('UNION İstanbul')).toBe('UNION Istanbul');
  });
});
