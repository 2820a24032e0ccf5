/**
 * Build time: the names slice of the knowledge (`toNameBundle`) and the script that carries it to every page,
 * content-names.js (`namesScript`); wxt.config.ts writes it. The format is core/matcher/names/format.ts's; the
 * content script reads it back with core/matcher/names/load.ts.
 *
 * Imports are relative: wxt.config.ts loads this file without the '@/' alias.
 */
import type { Knowledge } from '../../core/knowledge/types';
import { lookData } from '../../core/matcher/first-look-data';
import { bucketItems, fuzzyFacts, fuzzyKeys } from '../../core/matcher/lazy';
import {
  type BuiltNames,
  NAMES_KEY,
  type PackedNames,
  SEP,
  TYPE_CODES,
} from '../../core/matcher/names/format';

const LITERAL_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  "'": "\\'",
  '\n': '\\n',
  '\r': '\\r',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/** A JavaScript string literal of `s` in single quotes: JSON's double quotes go in as they are. */
function singleQuoted(s: string): string {
  return `'${s.replace(/[\\'\n\r\u2028\u2029]/g, (c) => LITERAL_ESCAPES[c] as string)}'`;
}

/** (slot, lengths) pairs, each slot after the first written as its distance from the one before. */
function slotDistances(pairs: readonly number[]): number[] {
  return pairs.map((n, i) => (i % 2 === 0 && i > 0 ? n - (pairs[i - 2] as number) : n));
}

/**
 * The whole of content-names.js: one statement that leaves the bundle in the shared global, as seven texts in
 * single-quoted string literals. The script is evaluated on every page, and its form is chosen for what V8 does
 * with it there:
 * - Texts stay strings, parsed by the content script when needed: JSON.parse of a string is faster than the same
 *   data as a JavaScript object literal, and most buckets are never parsed at all.
 * - Few literals, with few escapes: one double-quoted JSON string per bucket (every quote of its JSON escaped)
 *   evaluates far more slowly than the buckets packed into one single-quoted text. The content script reads a
 *   part out of its text when it needs it (`PackedTexts`).
 * - Not a template literal, which V8 scans more slowly than a plain string: a bundler's minifier turns a list of
 *   JSON strings into one. That, and the runtime wrapper and module-level schemas a bundled entrypoint carries,
 *   is why the script is written here, not bundled.
 */
export function namesScript(bundle: BuiltNames): string {
  const packed: PackedNames = {
    ids: bundle.ids,
    types: bundle.types,
    names: bundle.names,
    fuzzy: bundle.fuzzy,
    fuzzyKeys: bundle.fuzzyKeys,
    slots: JSON.stringify({ bits: bundle.slotBits, slots: slotDistances(bundle.slots) }),
    items: bundle.items.join(SEP),
  };
  const fields = Object.entries(packed).map(([k, text]) => `${k}:${singleQuoted(text)}`);
  return `globalThis[Symbol.for(${JSON.stringify(NAMES_KEY)})]={${fields.join(',')}};\n`;
}

/** The bundle for `knowledge`: what the content script matches and highlights with, nothing a card shows. */
export function toNameBundle(knowledge: Knowledge): BuiltNames {
  const list = knowledge.entities;
  const code = (e: (typeof list)[number]) =>
    e.fuzzy ? TYPE_CODES[e.type].toUpperCase() : TYPE_CODES[e.type];
  const source = { entities: knowledge.entities };
  const slots: number[] = [];
  const items: string[] = [];
  const { bits, buckets } = bucketItems(source);
  for (const b of buckets) {
    slots.push(b.slot, b.lengths);
    items.push(JSON.stringify(b.items));
  }
  const facts = fuzzyFacts(source);
  // What the content script relies on without checking (`loadNames`): ids are unique (it remembers an id at the
  // first entity number it reads for it), and no display name holds the separator the list is joined by.
  const seen = new Set<string>();
  for (const e of list) {
    if (seen.has(e.id)) throw new Error(`names bundle: entity ${e.id} is listed twice`);
    seen.add(e.id);
    if (e.name.includes(SEP)) throw new Error(`names bundle: entity ${e.id}: its name holds U+0001`);
  }
  return {
    ids: list.map((e) => e.id).join(' '),
    types: list.map(code).join(''),
    names: list.map((e) => e.name).join(SEP),
    fuzzy: JSON.stringify(facts),
    fuzzyKeys: JSON.stringify(fuzzyKeys(source, facts)),
    slotBits: bits,
    slots,
    items,
  };
}

/**
 * The first look's patterns for `knowledge` (core/matcher/first-look-data.ts), as the JSON the background reads
 * (`#first-look`, background/first-look.ts): 'null' where the knowledge base is too large for a first look.
 */
export function lookJson(knowledge: Pick<Knowledge, 'entities'>): string {
  return JSON.stringify(lookData({ entities: knowledge.entities }));
}
