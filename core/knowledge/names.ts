/**
 * The slice of the knowledge the content script bundles: what the matcher and the highlights need (ids, types,
 * display names, the names to find). Everything a card shows comes from the background on demand, so a page
 * pays for parsing a few kilobytes of names rather than the whole knowledge base.
 *
 * The slice is bundled as chunks of JSON text, so a large knowledge base (10,000 entities, ≈30,000 names) is
 * parsed, validated and compiled a chunk per step, in slices of a few milliseconds, instead of in one long task.
 * The chunks use a compact form (see `CompactEntity`), half the size of the same entities as objects: every page
 * parses the bundled text before anything else can run, so its size is start-up time.
 */
import * as v from 'valibot';
import { type CompiledMatcherInfo, matcherBuilder } from '../matcher';
import type { NameSpec } from '../matcher/types';
import { EntitySchema } from './schema';
import type { EntityType, Knowledge } from './types';

export interface NameIndexEntity {
  id: string;
  type: EntityType;
  name: string;
  names: NameSpec[];
  notIn?: string[];
  fuzzy?: boolean;
}

export interface NameIndex {
  entities: NameIndexEntity[];
}

/**
 * Entities per chunk. A chunk of 250 synthetic entities (≈750 names) parses, validates and compiles in about
 * 2–3 ms in a content script (CPU profile of the 10,000-entity benchmark build), well inside one 8 ms slice.
 */
export const NAME_CHUNK = 250;

/**
 * Where content-names.js (see `namesScript`) leaves the bundled chunks for the content script: a global of the
 * extension's isolated world, which the page cannot see.
 */
const NAMES_KEY = 'reader-context.names';
export const NAMES_GLOBAL = Symbol.for(NAMES_KEY);

/**
 * The whole of content-names.js (build time; wxt.config.ts writes it): one statement that leaves the chunks in
 * the shared global. The chunks stay strings, parsed by the content script a chunk per step: JSON.parse of a
 * string is faster than the same data as a JavaScript object literal. The script is written here rather than
 * bundled, for its start-up cost on every page:
 * - A bundler's minifier turns a list of JSON strings into one template literal (no quotes to escape), and V8
 *   scans a template literal more slowly than a plain string. Evaluating the names of the 10,000-entity benchmark
 *   knowledge (975 kB as a template literal, 1.09 MB with its quotes escaped) took 14.0 ms of CPU with the
 *   template literal and 6.0 ms with these double-quoted strings (Chromium traces of the 100 KB bench page,
 *   median of 11 loads).
 * - A bundled entrypoint also carried its runtime wrapper and the module-level schemas of everything imported
 *   (valibot's among them), evaluated for nothing: 7 kB of the real knowledge's 12 kB script.
 */
export function namesScript(chunks: readonly string[]): string {
  return `globalThis[Symbol.for(${JSON.stringify(NAMES_KEY)})]=${JSON.stringify(chunks)};\n`;
}

/** The chunks content-names.js left, checked: an array of strings (each validated when it is parsed). */
export function bundledNameChunks(g: object = globalThis): readonly string[] {
  const chunks = (g as Record<symbol, unknown>)[NAMES_GLOBAL];
  if (!Array.isArray(chunks) || !chunks.every((c) => typeof c === 'string'))
    throw new Error('bundled names missing: content-names.js must run before content.js (see wxt.config.ts)');
  return chunks;
}

/** Run at build time (see the '#knowledge-names' module in wxt.config.ts). */
export function toNameIndex(knowledge: Knowledge): NameIndex {
  return {
    entities: knowledge.entities.map((e) => ({
      id: e.id,
      type: e.type,
      name: e.name,
      names: e.names,
      ...(e.notIn?.length ? { notIn: e.notIn } : {}),
      ...(e.fuzzy ? { fuzzy: true } : {}),
    })),
  };
}

/**
 * One entity in a bundled chunk: `[id, type, name, names, notIn?, fuzzy?]`. A name is its text alone when only its
 * text matters to the matcher (not an acronym, not case-sensitive, no suffixes), else the full NameSpec. A plain
 * text comes back as a `variant`: the kind of a name changes nothing in matching but for acronyms.
 */
export type CompactEntity =
  | [string, EntityType, string, (string | NameSpec)[]]
  | [string, EntityType, string, (string | NameSpec)[], string[]]
  | [string, EntityType, string, (string | NameSpec)[], string[], 1];

export function toCompact(e: NameIndexEntity): CompactEntity {
  const names = e.names.map((n) =>
    n.kind !== 'acronym' && !n.caseSensitive && !n.suffixes?.length ? n.text : n,
  );
  if (e.fuzzy) return [e.id, e.type, e.name, names, e.notIn ?? [], 1];
  if (e.notIn?.length) return [e.id, e.type, e.name, names, e.notIn];
  return [e.id, e.type, e.name, names];
}

/** The name index as JSON texts of at most `size` entities each, in declaration order (build time). */
export function toNameChunks(knowledge: Knowledge, size = NAME_CHUNK): string[] {
  const entities = toNameIndex(knowledge).entities.map(toCompact);
  const chunks: string[] = [];
  for (let i = 0; i < entities.length; i += size) chunks.push(JSON.stringify(entities.slice(i, i + size)));
  return chunks;
}

// The same field rules as the full knowledge file's entities, so the two can never disagree.
const NameEntitySchema = v.pick(EntitySchema, ['id', 'type', 'name', 'names', 'notIn', 'fuzzy']);
const { entries: F } = NameEntitySchema;
const CompactEntitySchema = v.strictTuple([
  F.id,
  F.type,
  F.name,
  v.array(v.union([v.string(), F.names.item])),
  v.optional(v.array(v.string())),
  v.optional(v.literal(1)),
]);
const NameChunkSchema = v.array(CompactEntitySchema);

/** Parses and validates one bundled chunk; throws on a malformed one (the build produced it, so that is a bug). */
export function parseNameChunk(text: string): NameIndexEntity[] {
  return v.parse(NameChunkSchema, JSON.parse(text)).map(([id, type, name, names, notIn, fuzzy]) => ({
    id,
    type,
    name,
    names: names.map((n) => (typeof n === 'string' ? { text: n, kind: 'variant' as const } : n)),
    ...(notIn?.length ? { notIn } : {}),
    ...(fuzzy ? { fuzzy: true } : {}),
  }));
}

/** What the content script keeps of an entity once its names are in the matcher. */
export type NameEntry = Pick<NameIndexEntity, 'id' | 'type' | 'name'>;

export interface CompiledNames {
  /** Every entity, in declaration order (the matcher's entity numbers), without its names. */
  names: { entities: NameEntry[] };
  matcher: CompiledMatcherInfo;
}

/**
 * Bundled chunk text per name, at the low end: about 30 characters a name in the 10,000-entity benchmark
 * knowledge and 35 in the real one. Dividing by less over-sizes the matcher's tables a little (they are trimmed
 * when it is finished); by more, they grow, copying every table and rehashing the trie's edges on the way (about
 * 10 ms of a 10,000-entity start-up in a CPU profile).
 */
const CHARS_PER_NAME = 24;

/**
 * Parses, validates and compiles the bundled chunks, one chunk per step of `runner` (a SliceRunner: steps run in
 * time-boxed slices, each slice its own task). Resolves with the entities and their matcher; rejects, naming the
 * chunk, if one is malformed.
 */
export function compileNameChunks(
  chunks: readonly string[],
  runner: { add(step: () => boolean): void },
): Promise<CompiledNames> {
  return new Promise((resolve, reject) => {
    const entities: NameEntry[] = [];
    let chars = 0;
    for (const c of chunks) chars += c.length;
    const builder = matcherBuilder({}, Math.ceil(chars / CHARS_PER_NAME));
    let next = 0;
    runner.add(() => {
      try {
        if (next < chunks.length) {
          const chunk = parseNameChunk(chunks[next] as string);
          builder.add(chunk);
          // Only what a page needs is kept: the chunk's names die young, in the step that parsed them, instead of
          // being copied by every garbage collection of the start-up (30,000 of them in the 10,000-entity
          // benchmark knowledge).
          for (const e of chunk) entities.push({ id: e.id, type: e.type, name: e.name });
          next++;
          return true;
        }
        resolve({ names: { entities }, matcher: builder.finish() });
      } catch (error) {
        reject(new Error(`bundled names, chunk ${next + 1} of ${chunks.length}: ${String(error)}`));
      }
      return false;
    });
  });
}
