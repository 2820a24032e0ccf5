/**
 * Build time: the first look's patterns (./first-look.ts) for a knowledge base, from the very items the matcher
 * compiles (./items.ts), so the two cannot drift apart.
 */
import { coarse } from '../text/coarse';
import { normalizeName } from '../text/normalize';
import type { LookData, NearTarget } from './first-look';
import { targetDistance } from './fuzzy';
import {
  forEachItem,
  fuzzyEligible,
  ITEM_NAME,
  ITEM_NAME_EXACT,
  ITEM_NOT_IN,
  ITEM_SUFFIX,
  ITEM_SUFFIX_EXACT,
} from './items';
import type { MatcherSource } from './types';

/**
 * Above these sizes the first look would cost a page more than it saves (a pattern compiled on every page, every
 * capitalised word compared with every target): the build writes no first look, and the content script goes
 * straight to the matcher.
 */
export const LOOK_LIMITS = { patternChars: 64 * 1024, nearTargets: 512 };

const SPECIAL = /[\\^$.*+?()[\]{}|/]/;
/** Astral characters: the matcher has one placeholder unit for each (core/text/normalize.ts). */
const ASTRAL_UNITS = new Set([0xe000, 0xe001]);

let upperOf: Map<string, string[]> | null = null;
/** The BMP characters whose lower case is `lower` (one unit) and that are not it: "k" → "K", "K" (Kelvin). */
function capitals(lower: string): string[] {
  if (!upperOf) {
    upperOf = new Map();
    for (let u = 0; u < 0x10000; u++) {
      if (u >= 0xd800 && u < 0xe000) continue;
      const c = String.fromCharCode(u);
      const l = c.toLowerCase();
      if (l.length !== 1 || l === c) continue;
      const list = upperOf.get(l);
      if (list) list.push(c);
      else upperOf.set(l, [c]);
    }
  }
  return upperOf.get(lower) ?? [];
}

const literal = (c: string) =>
  SPECIAL.test(c)
    ? `\\${c}`
    : c.charCodeAt(0) < 0x7f
      ? c
      : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** A coarse key as the tokens of a pattern: its characters, any white space or none for a space, any astral
 * character for the matcher's placeholder. */
function tokens(key: string): string[] {
  const out: string[] = [];
  for (const c of key) {
    const u = c.charCodeAt(0);
    if (c === ' ') out.push('\\s*');
    else if (ASTRAL_UNITS.has(u)) out.push('[\\u{10000}-\\u{10FFFF}]');
    else out.push(literal(c));
  }
  return out;
}

type Trie = Map<string, Trie> & { end?: true };

/**
 * The keys as one alternation factored by their common starts ("putin(?:a|u)?|…"): the regular expression engine
 * then chooses among a few branches at each place in the text, not among every name; and at one place it tries
 * the longest key first.
 */
function alternation(keys: string[][]): string {
  const root: Trie = new Map();
  for (const key of keys) {
    let node = root;
    for (const t of key) {
      let next = node.get(t);
      if (!next) {
        next = new Map();
        node.set(t, next);
      }
      node = next;
    }
    node.end = true;
  }
  const emit = (node: Trie): string => {
    const branches = [...node].map(([t, next]) => t + emit(next));
    if (branches.length === 0) return '';
    const body = branches.length === 1 && !node.end ? (branches[0] as string) : `(?:${branches.join('|')})`;
    return node.end ? `${body}?` : body;
  };
  return emit(root);
}

/**
 * The first look for `source`, or null when it would be too large to be worth it (`LOOK_LIMITS`): then every page
 * goes to the matcher.
 */
export function lookData(source: MatcherSource, limits = LOOK_LIMITS): LookData | null {
  const exact = new Set<string>();
  const cased = new Set<string>();
  const near = new Map<string, NearTarget>();
  let reach = 0;
  for (const entity of source.entities) {
    const fuzzy = fuzzyEligible(entity);
    forEachItem(entity, (op, text, suffix) => {
      if (op === ITEM_NOT_IN) return;
      const inCase = op === ITEM_NAME_EXACT || op === ITEM_SUFFIX_EXACT;
      const withSuffix = op === ITEM_SUFFIX || op === ITEM_SUFFIX_EXACT;
      const name = normalizeName(text);
      const ending = withSuffix ? normalizeName(suffix) : { folded: '', cased: '' };
      const folded = name.folded + ending.folded;
      if (folded.length === 0) return;
      // The page's side of a key is the coarse form of the text; the key's, the coarse form of the folded name
      // (or of its declared case).
      const key = coarse(inCase ? name.cased + ending.cased : folded);
      (inCase ? cased : exact).add(key);
      // A space may stand for a run of white space; a run is at most this long in any sensible text.
      reach = Math.max(reach, key.length + 64 * (key.split(' ').length - 1));
      if (!fuzzy || op !== ITEM_NAME) return;
      const edits = targetDistance(folded.length);
      if (edits === 0 || folded.split(' ').length > 2) return;
      const target: NearTarget = [coarse(folded), edits];
      near.set(target.join(' '), target);
    });
  }
  if (near.size > limits.nearTargets) return null;
  const pattern = (keys: Set<string>) => (keys.size ? alternation([...keys].map(tokens)) : '');
  const targets = [...near.values()];
  // The capitals a near miss can start with: the matcher's near misses keep the first letter.
  const starts = (two: boolean) => {
    const firsts = new Set(
      targets.filter(([t]) => t.includes(' ') === two).flatMap(([t]) => capitals(t.charAt(0))),
    );
    return firsts.size ? `[${[...firsts].map(literal).join('')}]` : '';
  };
  const data: LookData = {
    exact: pattern(exact),
    cased: pattern(cased),
    near: targets,
    starts: [starts(false), starts(true)],
    reach,
  };
  return data.exact.length + data.cased.length > limits.patternChars ? null : data;
}
