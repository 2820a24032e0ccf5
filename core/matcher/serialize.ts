/**
 * A prebuilt matcher: `serializeMatcher` (at build time, in Node) turns the compiled index into a JSON-safe
 * object, and `loadMatcher` (in the page) rebuilds the same matcher from it without inserting a single name:
 * the trie's typed arrays travel as base64 and are decoded in O(bytes), the fuzzy index stays lazy and is
 * built from the source on the first fuzzy lookup, as `compileMatcher` does.
 *
 * `loadMatcher` checks the format version, every field's shape and length, that the index was made from this
 * very source (entity ids and a fingerprint of the names), and that every link in the trie points forward (so
 * a corrupt index cannot send the scan into a loop). Any mismatch throws a `MatcherFormatError`; the caller
 * falls back to `compileMatcher`.
 */
import {
  addFuzzyKeys,
  buildIndex,
  type CompiledMatcherInfo,
  type IndexTables,
  type MatchOptions,
  matcherFrom,
} from './compile';
import { FuzzyIndex } from './fuzzy';
import type { MatcherEntity, MatcherSource, NameSpec } from './types';

/** Bumped whenever the tables, their encoding or the normaliser's output change. */
export const MATCHER_FORMAT_VERSION = 1;
const KIND = 'reader-context/matcher';

/** What `serializeMatcher` makes: plain JSON (numbers, strings, arrays). Typed arrays are little-endian base64. */
export interface SerializedMatcher {
  v: typeof MATCHER_FORMAT_VERSION;
  kind: typeof KIND;
  /** Entity count and ids of the source, in order (checked against the source on load). */
  ids: string[];
  /** Hash of every field of the source the matcher reads (see `fingerprint`). */
  fingerprint: string;
  /** Distinct normalised names (CompiledMatcher.size). */
  size: number;
  /** Trie nodes (root included): the length of unit0, child0, flags and first. */
  nodes: number;
  /** Payload slots (index 0 unused): the length of pEntity, pBlock and pNext. */
  payloads: number;
  /** Edge hash table slots (a power of two); edges holds 3 int32 a slot. */
  edgeSlots: number;
  /** The root's children as int32 pairs (code unit, node). */
  root: string;
  unit0: string;
  child0: string;
  flags: string;
  first: string;
  edges: string;
  pEntity: string;
  pBlock: string;
  pNext: string;
  /** Payloads of case-sensitive names: [payload, spelling as declared]. */
  cased: [number, string][];
  /** What the lazy fuzzy indexes (one-word and two-word names) answer before they are built. */
  fuzzy: [FuzzyFacts, FuzzyFacts];
  /** Names declared by several entities: [folded name, first owner, other entity]. */
  conflicts: [string, number, number][];
}

interface FuzzyFacts {
  targets: boolean;
  /** First letter → bit set of target-name lengths. */
  lengths: [number, number][];
}

/** A serialised matcher that is stale, corrupt or of another format version. */
export class MatcherFormatError extends Error {
  constructor(message: string) {
    super(`prebuilt matcher index: ${message}`);
    this.name = 'MatcherFormatError';
  }
}

/** Compiles `source` and returns the result in serialised form (for `loadMatcher`). */
export function serializeMatcher(source: MatcherSource): SerializedMatcher {
  const fuzzy1 = new FuzzyIndex();
  const fuzzy2 = new FuzzyIndex();
  const t = buildIndex(source, fuzzy1, fuzzy2);
  const rootPairs: number[] = [];
  for (let u = 0; u < t.root.length; u++) {
    const child = t.root[u] as number;
    if (child !== 0) rootPairs.push(u, child);
  }
  const cased: [number, string][] = [];
  for (let p = 1; p < t.pCased.length; p++) {
    const c = t.pCased[p];
    if (c !== null && c !== undefined) cased.push([p, c]);
  }
  return {
    v: MATCHER_FORMAT_VERSION,
    kind: KIND,
    ids: t.ids,
    fingerprint: fingerprint(source),
    size: t.size,
    nodes: t.count,
    payloads: t.pEntity.length,
    edgeSlots: t.edges.length / 3,
    root: toBase64(new Int32Array(rootPairs)),
    unit0: toBase64(t.unit0),
    child0: toBase64(t.child0),
    flags: toBase64(t.flags),
    first: toBase64(t.first),
    edges: toBase64(t.edges),
    pEntity: toBase64(t.pEntity),
    pBlock: toBase64(t.pBlock),
    pNext: toBase64(t.pNext),
    cased,
    fuzzy: [
      { targets: !fuzzy1.empty, lengths: fuzzy1.targetLengths() },
      { targets: !fuzzy2.empty, lengths: fuzzy2.targetLengths() },
    ],
    conflicts: t.conflictNames.map((name, k) => [
      name,
      t.conflictPrev[k] as number,
      t.conflictEntity[k] as number,
    ]),
  };
}

/**
 * The matcher `compileMatcher(source, options)` would make, rebuilt from `serializeMatcher(source)`.
 * Throws a `MatcherFormatError` if `serialized` is not a valid index of this format made from `source`.
 */
export function loadMatcher(
  serialized: SerializedMatcher,
  source: MatcherSource,
  options: MatchOptions = {},
): CompiledMatcherInfo {
  const s = serialized as Partial<Record<keyof SerializedMatcher, unknown>> | null;
  if (typeof s !== 'object' || s === null) fail('not an object');
  if (s.kind !== KIND) fail('not a serialised matcher');
  if (s.v !== MATCHER_FORMAT_VERSION)
    fail(`format version ${String(s.v)}, expected ${MATCHER_FORMAT_VERSION}`);
  const entities = source.entities;
  const ids = s.ids;
  if (!Array.isArray(ids) || ids.length !== entities.length) {
    fail(`made for ${Array.isArray(ids) ? ids.length : '?'} entities, the source has ${entities.length}`);
  }
  for (let e = 0; e < entities.length; e++) {
    if (ids[e] !== (entities[e] as MatcherEntity).id) fail(`entity ${e} is "${String(ids[e])}" in the index`);
  }
  if (s.fingerprint !== fingerprint(source)) fail('made from other names (fingerprint differs): stale');
  const nodes = count(s.nodes, 'nodes', 1);
  const payloads = count(s.payloads, 'payloads', 1);
  const edgeSlots = count(s.edgeSlots, 'edgeSlots', 1);
  if ((edgeSlots & (edgeSlots - 1)) !== 0) fail('edgeSlots is not a power of two');
  const size = count(s.size, 'size', 0);

  const pairs = decode(s.root, 'root', Int32Array, -1);
  if (pairs.length % 2 !== 0) fail('root: odd length');
  const root = new Int32Array(0x10000);
  for (let k = 0; k < pairs.length; k += 2) {
    const u = pairs[k] as number;
    const child = pairs[k + 1] as number;
    if (u < 0 || u > 0xffff || child <= 0 || child >= nodes) fail('root: link out of range');
    root[u] = child;
  }
  const unit0 = decode(s.unit0, 'unit0', Uint16Array, nodes);
  const child0 = decode(s.child0, 'child0', Int32Array, nodes);
  const flags = decode(s.flags, 'flags', Uint8Array, nodes);
  const first = decode(s.first, 'first', Int32Array, nodes);
  const edges = decode(s.edges, 'edges', Int32Array, 3 * edgeSlots);
  const pEntity = decode(s.pEntity, 'pEntity', Int32Array, payloads);
  const pBlock = decode(s.pBlock, 'pBlock', Uint8Array, payloads);
  const pNext = decode(s.pNext, 'pNext', Int32Array, payloads);

  // Every link points forward (a child is made after its parent, a payload after the previous one at its
  // node), so no walk can loop; and the edge table has a free slot, so no probe can.
  for (let n = 0; n < nodes; n++) {
    const c = child0[n] as number;
    if (c !== 0 && (c <= n || c >= nodes)) fail(`child0: bad link at node ${n}`);
    const p = first[n] as number;
    if (p < 0 || p >= payloads) fail(`first: bad payload at node ${n}`);
  }
  let free = 0;
  for (let h = 0; h < edges.length; h += 3) {
    const parent = (edges[h] as number) - 1;
    if (parent === -1) free++;
    else if (
      parent < 0 ||
      parent >= nodes ||
      (edges[h + 2] as number) <= parent ||
      (edges[h + 2] as number) >= nodes
    ) {
      fail('edges: link out of range');
    }
  }
  if (free === 0) fail('edges: table full');
  for (let p = 1; p < payloads; p++) {
    const next = pNext[p] as number;
    if (next !== 0 && (next <= p || next >= payloads)) fail(`pNext: bad link at payload ${p}`);
    const e = pEntity[p] as number;
    if (e < 0 || e >= entities.length) fail(`pEntity: entity out of range at payload ${p}`);
  }

  const pCased = new Array<string | null>(payloads).fill(null);
  if (!Array.isArray(s.cased)) fail('cased: not an array');
  for (const entry of s.cased as unknown[]) {
    if (!Array.isArray(entry) || typeof entry[1] !== 'string') fail('cased: bad entry');
    const p = entry[0];
    if (!Number.isInteger(p) || p < 1 || p >= payloads) fail('cased: payload out of range');
    pCased[p as number] = entry[1] as string;
  }

  const conflictNames: string[] = [];
  const conflictPrev: number[] = [];
  const conflictEntity: number[] = [];
  if (!Array.isArray(s.conflicts)) fail('conflicts: not an array');
  for (const c of s.conflicts as unknown[]) {
    if (
      !Array.isArray(c) ||
      typeof c[0] !== 'string' ||
      !isEntity(c[1], entities.length) ||
      !isEntity(c[2], entities.length)
    ) {
      fail('conflicts: bad entry');
    }
    conflictNames.push(c[0] as string);
    conflictPrev.push(c[1] as number);
    conflictEntity.push(c[2] as number);
  }

  const fuzzy = s.fuzzy;
  if (!Array.isArray(fuzzy) || fuzzy.length !== 2) fail('fuzzy: expected two entries');
  const fuzzy1 = new FuzzyIndex();
  const fuzzy2 = new FuzzyIndex();
  let filled = false;
  // Both indexes' keys come from one pass over the names, on whichever index is looked up first.
  const fill = (): void => {
    if (filled) return;
    filled = true;
    addFuzzyKeys(source, fuzzy1, fuzzy2);
  };
  presetFuzzy(fuzzy1, fuzzy[0], fill);
  presetFuzzy(fuzzy2, fuzzy[1], fill);

  const tables: IndexTables = {
    count: nodes,
    root,
    unit0,
    child0,
    flags,
    first,
    edges,
    pEntity,
    pBlock,
    pNext,
    pCased,
    ids: ids as string[],
    size,
    conflictNames,
    conflictPrev,
    conflictEntity,
  };
  return matcherFrom(tables, fuzzy1, fuzzy2, options);
}

function fail(message: string): never {
  throw new MatcherFormatError(message);
}

function count(x: unknown, field: string, min: number): number {
  if (typeof x !== 'number' || !Number.isInteger(x) || x < min)
    fail(`${field}: expected an integer >= ${min}`);
  return x;
}

function isEntity(x: unknown, n: number): boolean {
  return typeof x === 'number' && Number.isInteger(x) && x >= 0 && x < n;
}

function presetFuzzy(index: FuzzyIndex, facts: unknown, fill: () => void): void {
  const f = facts as Partial<FuzzyFacts> | null;
  if (typeof f !== 'object' || f === null || typeof f.targets !== 'boolean' || !Array.isArray(f.lengths)) {
    fail('fuzzy: bad entry');
  }
  for (const entry of f.lengths as unknown[]) {
    if (
      !Array.isArray(entry) ||
      entry.length !== 2 ||
      !Number.isInteger(entry[0]) ||
      !Number.isInteger(entry[1])
    ) {
      fail('fuzzy: bad length entry');
    }
  }
  index.preset(f.lengths as [number, number][], f.targets as boolean, fill);
}

/**
 * A 32-bit FNV-1a hash of every field of the source that the index depends on, in order: ids, types, fuzzy
 * flags, names with kind, case flag and suffixes, notIn phrases; plus the number of units hashed. One pass
 * over the strings' units, no normalisation.
 */
export function fingerprint(source: MatcherSource): string {
  let h = 0x811c9dc5;
  let units = 0;
  const entities = source.entities;
  for (let e = 0; e < entities.length; e++) {
    const entity = entities[e] as MatcherEntity;
    h = mix(h, entity.id);
    h = mix(h, entity.type);
    let flags = entity.fuzzy === true ? 1 : 0;
    const names = entity.names;
    for (let n = 0; n < names.length; n++) {
      const spec = names[n] as NameSpec;
      const text = spec.text;
      h = mix(mix(h, text), spec.kind);
      units += text.length;
      flags = 3 * flags + (spec.caseSensitive === true ? 2 : 1);
      const suffixes = spec.suffixes;
      if (suffixes !== undefined) for (let k = 0; k < suffixes.length; k++) h = mix(h, suffixes[k] as string);
    }
    const notIn = entity.notIn;
    if (notIn !== undefined) for (let k = 0; k < notIn.length; k++) h = mix(h ^ 1, notIn[k] as string);
    h = Math.imul(h ^ (flags & 0xffff), 0x01000193);
  }
  return `${(h >>> 0).toString(16).padStart(8, '0')}-${units}`;
}

/** FNV-1a over the units of `s`, then a separator no unit equals. */
function mix(h: number, s: string): number {
  let x = h;
  for (let k = 0; k < s.length; k++) x = Math.imul(x ^ s.charCodeAt(k), 0x01000193);
  return Math.imul(x ^ 0x10000, 0x01000193);
}

// Typed arrays travel in the platform's byte order; every browser the extension runs in is little-endian.
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

type NodeBuffer = Uint8Array & { toString(encoding: 'base64'): string };
interface NodeBufferStatic {
  from(data: string, encoding: 'base64'): Uint8Array;
  from(data: ArrayBuffer, offset: number, length: number): NodeBuffer;
}
const NodeBuffer = (globalThis as { Buffer?: NodeBufferStatic }).Buffer;
const fromBase64 = (Uint8Array as unknown as { fromBase64?: (s: string) => Uint8Array }).fromBase64;

function toBase64(a: Uint8Array | Uint16Array | Int32Array): string {
  if (!LITTLE_ENDIAN) throw new Error('serializeMatcher: big-endian platforms are not supported');
  if (NodeBuffer !== undefined) {
    return NodeBuffer.from(a.buffer as ArrayBuffer, a.byteOffset, a.byteLength).toString('base64');
  }
  const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  let bin = '';
  for (let k = 0; k < bytes.length; k += 8192) {
    bin += String.fromCharCode.apply(null, bytes.subarray(k, k + 8192) as unknown as number[]);
  }
  return btoa(bin);
}

type ArrayCtor<T> = { new (buffer: ArrayBuffer): T; BYTES_PER_ELEMENT: number };

/** Decodes a base64 field into a typed array of `length` elements (-1: any whole number of elements). */
function decode<T>(b64: unknown, field: string, Ctor: ArrayCtor<T>, length: number): T {
  if (!LITTLE_ENDIAN) fail('big-endian platform');
  if (typeof b64 !== 'string') fail(`${field}: not a string`);
  const per = Ctor.BYTES_PER_ELEMENT;
  // Checked before decoding: the byte count follows from the string's length and padding.
  const pad = b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0;
  const byteLength = (b64.length / 4) * 3 - pad;
  if (b64.length % 4 !== 0 || (length >= 0 ? byteLength !== length * per : byteLength % per !== 0)) {
    fail(`${field}: ${byteLength} bytes, expected ${length >= 0 ? length * per : `a multiple of ${per}`}`);
  }
  // A fresh buffer of its own (Node's decoder may hand back a slice of a shared, unaligned pool).
  const bytes = new Uint8Array(byteLength);
  try {
    if (NodeBuffer !== undefined) {
      // Node's decoder skips what is not base64 instead of throwing, so the result comes out short.
      const decoded = NodeBuffer.from(b64, 'base64');
      if (decoded.length !== byteLength) fail(`${field}: not base64`);
      bytes.set(decoded);
    } else if (fromBase64 !== undefined) bytes.set(fromBase64(b64));
    else {
      const bin = atob(b64);
      for (let k = 0; k < byteLength; k++) bytes[k] = bin.charCodeAt(k);
    }
  } catch (e) {
    if (e instanceof MatcherFormatError) throw e;
    fail(`${field}: not base64`);
  }
  return new Ctor(bytes.buffer);
}
