import { describe, expect, it } from 'vitest';
import { PackedTexts } from '@/core/matcher/names/packed-texts';

describe('PackedTexts', () => {
  it('reads each of the texts joined by U+0001, empty ones included, and nothing past them', () => {
    const list = new PackedTexts('a\u0001\u0001[1,"b"]\u0001', 4);
    expect(list.length).toBe(4);
    expect([0, 1, 2, 3].map((i) => list.at(i))).toEqual(['a', '', '[1,"b"]', '']);
    for (const i of [-1, 4, 0.5, Number.NaN]) expect(list.at(i)).toBeUndefined();
    expect(new PackedTexts('only', 1).at(0)).toBe('only');
    expect(new PackedTexts('', 0).length).toBe(0);
  });

  it('finds a text whole, the first of equal ones, never a part of one or a span across the separator', () => {
    const list = new PackedTexts('ab\u0001b\u0001\u0001a\u0001b', 5);
    expect(['ab', 'b', '', 'a', 'x', 'a\u0001b', 'b\u0001'].map((t) => list.find(t))).toEqual([
      0, 1, 2, 3, -1, -1, -1,
    ]);
    expect(new PackedTexts('a\u0001b', 2).find('')).toBe(-1);
    expect(new PackedTexts('a\u0001', 2).find('')).toBe(1);
    expect(new PackedTexts('', 0).find('')).toBe(-1);
    const spaced = new PackedTexts('minsk-agreements minsk', 2, ' ');
    expect([spaced.find('minsk'), spaced.find('agreements'), spaced.indexAt(16), spaced.indexAt(17)]).toEqual(
      [1, -1, 0, 1],
    );
  });

  it('refuses a text that holds more or fewer texts than expected', () => {
    expect(() => new PackedTexts('a\u0001b', 1)).toThrow('1 texts expected, more found');
    expect(() => new PackedTexts('a\u0001b', 3)).toThrow('3 texts expected, 2 found');
    expect(() => new PackedTexts('a', 0)).toThrow('0 texts expected, more found');
    expect(() => new PackedTexts('', 1)).toThrow('1 texts expected, 0 found');
    expect(() => new PackedTexts('a--b', 2, '--')).toThrow('the separator must be one UTF-16 unit');
  });
});
