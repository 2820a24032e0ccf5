/**
 * What a page sends the first look (core/matcher/first-look.ts) in the background: its text, compacted, up to a
 * limit. Apart from the look itself, which content.js does not carry.
 */

/**
 * The longest text a page may send the background to look at, in all: 4 Mi units, the text of a very long page.
 * A page with more, or one that keeps adding text past it, goes to the content app, whose scan reads it in the
 * page a step at a time: a page must not be able to keep the background busy for every other tab.
 */
export const MAX_LOOK_TEXT = 4 * 1024 * 1024;

/**
 * The first part of a text that the look reads on its own (core/matcher/first-look.ts), and the head of a long
 * text that a page asks about first (content/first-look.ts): a page that names someone mostly does so before its
 * article is far under way (menus and a headline, then the first paragraphs), and is answered then, without the
 * rest of a long text copied into a message or put in its coarse form. The saved news pages that name someone all
 * do within their first 28,000 characters.
 */
export const FIRST_PART = 32 * 1024;

/**
 * A text this long or shorter goes whole in one question. A second question costs the page about as much as
 * copying a few hundred thousand characters into the first, so asking about the head first pays only where the
 * rest is longer than that; and a page that names no one asks twice.
 */
export const ONE_QUESTION_MAX = 256 * 1024;

/**
 * The head of a compacted `text` to ask about before the whole of it, cut at a space, or null where the text goes
 * whole (`ONE_QUESTION_MAX`): a name is not cut in two there, so the head's answer is the answer for its words.
 */
export function headOf(text: string): string | null {
  return text.length <= ONE_QUESTION_MAX ? null : cutAtSpace(text, FIRST_PART);
}

/** The first `length` units of `text` at most, cut at its last space there if it has one. */
export function cutAtSpace(text: string, length: number): string {
  const cut = text.lastIndexOf(' ', length);
  return text.slice(0, cut > 0 ? cut : length);
}

/**
 * `text` with each run of ASCII white space longer than one character made one space. The look reads any run of
 * white space as it reads one (its patterns take `\s*` or `\s+` between words, and white space of any length is
 * no part of a word), and most of a page's text is the indentation of its markup, which a question to the background
 * would otherwise copy. Other white space is left as it is: U+FEFF, white space to a regular expression, is no
 * character at all in the coarse form.
 */
export function compactText(text: string): string {
  return text.replace(/[\t\n\f\r ]{2,}/g, ' ');
}
