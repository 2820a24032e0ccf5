/** Text helpers for the knowledge compiler: paragraphs, repeated captions, loaded terms, stable JSON. */

export interface Paragraph {
  /** Offset of the paragraph's first character in the article text. */
  start: number;
  text: string;
}

/**
 * Shorter paragraphs are never treated as repeats: a short line said twice ("Let them run away.") can be
 * real repetition, while a long paragraph that recurs word for word is a republished photo caption.
 */
export const MIN_REPEAT_LENGTH = 40;

/**
 * The comparison key for "is this paragraph a repeat": quote marks unified (' ‘ ’ ‛ ′ ʼ → ', “ ” „ ″ → "),
 * every run of whitespace (non-breaking spaces included) one space, ends trimmed. The second article prints
 * several captions twice, once with straight and once with curly quotes; both copies get the same key.
 */
export function repeatKey(text: string): string {
  return text
    .replace(/[\u2018\u2019\u201A\u201B\u2032\u02BC`\u00B4]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u2033]/g, '"')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** Splits an article into its lines (each line is a paragraph; blank lines are skipped). */
export function paragraphs(text: string): Paragraph[] {
  const out: Paragraph[] = [];
  let start = 0;
  for (const line of text.split('\n')) {
    if (line.trim().length > 0) out.push({ start, text: line });
    start += line.length + 1;
  }
  return out;
}

/**
 * The paragraphs mentions are counted in: each paragraph whose repeat key equals an earlier paragraph's
 * (and is at least MIN_REPEAT_LENGTH long) is dropped. The article text itself is never changed.
 */
export function countedParagraphs(text: string): { kept: Paragraph[]; dropped: Paragraph[] } {
  const seen = new Set<string>();
  const kept: Paragraph[] = [];
  const dropped: Paragraph[] = [];
  for (const p of paragraphs(text)) {
    const key = repeatKey(p.text);
    if (key.length >= MIN_REPEAT_LENGTH && seen.has(key)) dropped.push(p);
    else {
      seen.add(key);
      kept.push(p);
    }
  }
  return { kept, dropped };
}

/** A whole-word, case-insensitive matcher for a loaded term (Unicode letters, so Cyrillic works too). */
export function termPattern(term: string): RegExp {
  const escaped = term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
  return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'iu');
}

/** Why a quote is not in the article, when it nearly is: different spaces or quote marks. */
export function nearMissHint(article: string, quote: string): string | undefined {
  const loose = (s: string) => repeatKey(s).replace(/"/g, "'");
  if (!loose(article).includes(loose(quote))) return undefined;
  return 'it differs from the article only in spaces or quote marks (write a non-breaking space as \\u00A0, and copy the article’s own quote marks)';
}

/** JSON with object keys sorted at every level, two-space indent and a final newline: same input, same bytes. */
export function stableStringify(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}
