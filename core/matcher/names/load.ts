/**
 * The content script's way in to its names: `bundledNames` reads what content-names.js left in the shared
 * global, `loadNames` checks it and makes the lazy matcher over it, in slices of start-up work.
 */
import type { CompiledMatcherInfo } from '../compile';
import { type LazyItem, lazyMatcher } from '../lazy';
import {
  checkEntities,
  fuzzyFlags,
  parseBucket,
  parseFuzzyFacts,
  parseFuzzyKeys,
  personFlags,
} from './checks';
import { NAMES_GLOBAL, type NameBundle, type PackedNames } from './format';
import { NameTable } from './name-table';
import { PackedTexts } from './packed-texts';

const MISSING =
  'bundled names missing: content-names.js must load before the content app starts (see wxt.config.ts)';
const MALFORMED = 'bundled names malformed (content-names.js, written by namesScript)';

/**
 * Back from the writer's slot distances, in place: the array was just parsed (a plain loop; this runs cold, on
 * every page). A distance that is no number would add as one (JSON's true as 1, null as 0); the matcher refuses
 * a sum that is no integer.
 */
function slotsFromDistances(pairs: unknown[]): number[] {
  for (let i = 2; i < pairs.length; i += 2) {
    const d = pairs[i];
    if (typeof d !== 'number') throw new Error(`${MALFORMED}: slot distance ${String(d)}`);
    pairs[i] = d + (pairs[i - 2] as number);
  }
  return pairs as number[];
}

/** The bundle content-names.js left, checked for shape (each text is validated when it is parsed). */
export function bundledNames(g: object = globalThis): NameBundle {
  const p = (g as Record<symbol, unknown>)[NAMES_GLOBAL] as Partial<PackedNames> | undefined;
  if (typeof p !== 'object' || p === null) throw new Error(MISSING);
  const { ids, types, names, fuzzy, fuzzyKeys, slots, items } = p;
  if (
    typeof ids !== 'string' ||
    typeof types !== 'string' ||
    typeof names !== 'string' ||
    typeof fuzzy !== 'string' ||
    typeof fuzzyKeys !== 'string' ||
    typeof slots !== 'string' ||
    typeof items !== 'string'
  )
    throw new Error(MISSING);
  let table: unknown;
  try {
    table = JSON.parse(slots);
  } catch {
    throw new Error(`${MALFORMED}: its slots are not JSON`);
  }
  const { bits, slots: slotList } = (typeof table === 'object' && table !== null ? table : {}) as {
    bits?: unknown;
    slots?: unknown;
  };
  // Each slot (an integer, in range, increasing) and its key lengths are checked by the matcher (`lazyMatcher`),
  // which reads them anyway; a second pass here would cost start-up time for nothing.
  if (!Number.isInteger(bits) || !Array.isArray(slotList) || slotList.length % 2 !== 0)
    throw new Error(`${MALFORMED}: its slots are not a table of (slot, lengths) pairs`);
  let itemList: PackedTexts;
  try {
    itemList = new PackedTexts(items, slotList.length / 2);
  } catch (error) {
    throw new Error(`${MALFORMED}: its slots do not match its buckets (${String(error)})`);
  }
  return {
    ids,
    types,
    names,
    fuzzy,
    fuzzyKeys,
    slotBits: bits as number,
    // The matcher checks that the slots increase.
    slots: slotsFromDistances(slotList),
    items: itemList,
  };
}

export interface CompiledNames {
  /** Every entity, in declaration order (the matcher's entity numbers), without its names; and by id. */
  names: NameTable;
  matcher: CompiledMatcherInfo;
}

/**
 * Checks the entity list in one step of `runner` (a SliceRunner: steps run in time-boxed slices, each slice its
 * own task), then, in another, makes the lazy matcher over the bundle's buckets: each bucket is parsed, validated
 * and compiled when a scanned text first reaches it. Rejects, naming the part, if the entity list or the fuzzy
 * facts are malformed; a malformed bucket throws, naming its slot, from the `match` that compiles it: one whose
 * text reaches it, or the one at which the matcher compiles what is left.
 */
export function loadNames(
  bundle: NameBundle,
  runner: { add(step: () => boolean): void },
): Promise<CompiledNames> {
  return new Promise((resolve, reject) => {
    let list: ReturnType<typeof checkEntities> | undefined;
    let fuzzyOk = new Uint8Array(0);
    runner.add(() => {
      if (list === undefined) {
        try {
          list = checkEntities(bundle);
          fuzzyOk = fuzzyFlags(list.types);
          return true;
        } catch (error) {
          reject(new Error(`bundled names, entity list: ${String(error)}`));
          return false;
        }
      }
      try {
        const fuzzy = parseFuzzyFacts(bundle.fuzzy);
        const { ids, types, names } = list;
        const count = ids.length;
        const { slotBits, slots, items } = bundle;
        const load = (i: number): LazyItem[] => {
          try {
            return parseBucket(items.at(i) ?? '', count);
          } catch (error) {
            throw new Error(`bundled names, bucket ${slots[2 * i]}: ${String(error)}`);
          }
        };
        const keys = (): [number, string][] => {
          try {
            return parseFuzzyKeys(bundle.fuzzyKeys, count);
          } catch (error) {
            throw new Error(`bundled names, fuzzy keys: ${String(error)}`);
          }
        };
        resolve({
          names: new NameTable(ids, types, names),
          matcher: lazyMatcher({
            ids,
            fuzzyOk,
            person: personFlags(types),
            slotBits,
            slots,
            load,
            fuzzy,
            fuzzyKeys: keys,
          }),
        });
      } catch (error) {
        reject(new Error(`bundled names: ${String(error)}`));
      }
      return false;
    });
  });
}
