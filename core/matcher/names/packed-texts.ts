import type { TextList } from '../types';
import { SEP } from './format';

/**
 * Texts joined by one separator, kept as the one string they came in; a text is sliced out when it is read.
 * Splitting a large knowledge base's buckets at once makes a string per bucket, most never read, all kept alive
 * while the page loads, where every young-generation collection of the start-up copies them. The table of where
 * each text ends is one typed array, outside the collected heap.
 */
export class PackedTexts implements TextList {
  private readonly ends: Int32Array;
  private readonly sepCode: number;

  /** Throws unless `text` holds exactly `count` texts ('' holds none); `sep` is one UTF-16 unit. */
  constructor(
    private readonly text: string,
    count: number,
    private readonly sep = SEP,
  ) {
    if (sep.length !== 1) throw new Error('PackedTexts: the separator must be one UTF-16 unit');
    this.sepCode = sep.charCodeAt(0);
    const ends = new Int32Array(count);
    let k = 0;
    if (text !== '') {
      for (let at = text.indexOf(sep); at !== -1 && k < count; at = text.indexOf(sep, at + 1)) ends[k++] = at;
      if (k < count) ends[k++] = text.length;
      else k++; // a text more than `count`
    }
    if (k !== count) throw new Error(`${count} texts expected, ${k < count ? k : 'more'} found`);
    this.ends = ends;
  }

  get length(): number {
    return this.ends.length;
  }

  at(i: number): string | undefined {
    if (!Number.isInteger(i) || i < 0 || i >= this.ends.length) return undefined;
    return this.text.slice(this.startOf(i), this.ends[i]);
  }

  /** The first i with `at(i) === t`, or -1: a native search of the whole text, no string made per text. */
  find(t: string): number {
    if (t.includes(this.sep) || this.ends.length === 0) return -1;
    const { text, sepCode } = this;
    // Not `at = indexOf(t, at + 1)` in the loop's head: for '' that stops moving at the end of the text.
    for (let from = 0; from <= text.length; ) {
      const at = text.indexOf(t, from);
      if (at === -1) break;
      const end = at + t.length;
      const starts = at === 0 || text.charCodeAt(at - 1) === sepCode;
      if (starts && (end === text.length || text.charCodeAt(end) === sepCode)) return this.indexAt(at);
      from = at + 1;
    }
    return -1;
  }

  /** The text that holds the character at `offset` (or the separator after it). */
  indexAt(offset: number): number {
    let lo = 0;
    let hi = this.ends.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.ends[mid] as number) < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private startOf(i: number): number {
    return i === 0 ? 0 : (this.ends[i - 1] as number) + 1;
  }
}
