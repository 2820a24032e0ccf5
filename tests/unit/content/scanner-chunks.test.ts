import { describe, expect, it } from 'vitest';
import { nextChunkEnd } from '@/content/scanner';

describe('long text chunks (the content script matches a multi-megabyte block a chunk per step)', () => {
  it('cuts after a sentence end, never inside a name', () => {
    const sentence = 'President Alexander Lukashenko met Vladimir Putin in Sochi. ';
    const text = sentence.repeat(5000); // ~300 kB
    const cuts: number[] = [];
    for (let from = 0; from < text.length; ) {
      const end = nextChunkEnd(text, from);
      expect(end).toBeGreaterThan(from);
      cuts.push(end);
      from = end;
    }
    expect(cuts.at(-1)).toBe(text.length);
    expect(cuts.length).toBeGreaterThan(3);
    // Every cut but the last falls right after a sentence's full stop: the names on either side stay whole.
    for (const c of cuts.slice(0, -1)) expect(text.slice(c - 1, c + 1)).toBe('. ');
  });

  it('falls back to white space, then to a hard cut, when a text has no sentence ends', () => {
    const words = 'Lukashenko '.repeat(20_000);
    const end = nextChunkEnd(words, 0);
    // Cut at the space between two names, not inside one.
    expect(words.slice(end - 10, end + 1)).toBe('Lukashenko ');
    const blob = 'x'.repeat(200_000);
    expect(nextChunkEnd(blob, 0)).toBe(64 * 1024);
  });

  it('returns the end of a short text at once', () => {
    expect(nextChunkEnd('Putin in Sochi.', 0)).toBe(15);
  });
});
