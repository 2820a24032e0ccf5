/**
 * The folding rules both text forms share: the matcher's normalisation (./normalize.ts) and the first look's
 * coarse form (./coarse.ts), which must never be finer than it. Declared once, here.
 */

/** Letters that NFD does not decompose but readers treat as their base letter (keys: lower case). */
export const EXTRA_FOLD: Readonly<Record<string, string>> = {
  ß: 'ss',
  ẞ: 'ss',
  ł: 'l',
  ø: 'o',
  đ: 'd',
  ħ: 'h',
  ı: 'i',
  æ: 'ae',
  œ: 'oe',
  ё: 'е',
};
/** Written for an apostrophe: "'" stands for all of them. */
export const APOSTROPHES: ReadonlySet<number> = new Set([
  0x2019, 0x2018, 0x02bc, 0x02bb, 0x2032, 0x00b4, 0x0060, 0xff07,
]);
/** Written for a hyphen: "-" stands for both. */
export const HYPHENS: ReadonlySet<number> = new Set([0x2010, 0x2011]);
/** Characters that vanish: soft hyphens and zero-width ones. */
export const IGNORABLE: ReadonlySet<number> = new Set([
  0x00ad, 0x200b, 0x200c, 0x200d, 0x2060, 0xfeff, 0x180e,
]);
