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
 * `text` with each run of ASCII white space longer than one character made one space. The look reads any run of
 * white space as it reads one (its patterns take `\s*` or `\s+` between words, and white space of any length is
 * no part of a word), and most of a page's text is the indentation of its markup, which a question to the background
 * would otherwise copy. Other white space is left as it is: U+FEFF, white space to a regular expression, is no
 * character at all in the coarse form.
 */
export function compactText(text: string): string {
  return text.replace(/[\t\n\f\r ]{2,}/g, ' ');
}
