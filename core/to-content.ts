/**
 * The shape check of a message to the content script, written by hand: the content script runs on every page, and
 * valibot (which checks every other message, core/messages.ts) would be most of a check this small. The schema in
 * core/messages.ts stays the one declaration of the messages; a unit test holds this guard to it.
 */
import type { ToContent } from './messages';

// Bounds on incoming values: generous for any real page, small enough that a forged message cannot make the
// receiver allocate or loop without end. A lookup is for a name, and the longest names are a few dozen characters;
// a selection of a paragraph or two still fits.
export const MAX_ID_LENGTH = 200;
export const MAX_LOOKUP_LENGTH = 1000;
export const MAX_INDEX = 1_000_000;

type Fields = Record<string, unknown>;

const isString = (x: unknown, max: number): boolean =>
  typeof x === 'string' && x.length >= 1 && x.length <= max;
const isCount = (x: unknown): boolean =>
  Number.isInteger(x) && (x as number) >= 0 && (x as number) <= MAX_INDEX;

/** Each message type's fields, `type` aside: whether each is valid (an absent optional field is undefined). */
const FIELDS: Record<ToContent['type'], Record<string, (x: unknown) => boolean>> = {
  'page:summary': {},
  'page:reveal': { entity: (x) => isString(x, MAX_ID_LENGTH), index: (x) => x === undefined || isCount(x) },
  'page:step': { direction: (x) => x === 1 || x === -1 },
  'page:lookup': { text: (x) => isString(x, MAX_LOOKUP_LENGTH) },
};

export function isToContent(x: unknown): x is ToContent {
  if (x === null || typeof x !== 'object' || Array.isArray(x)) return false;
  const msg = x as Fields;
  const type = msg.type;
  if (typeof type !== 'string' || !Object.hasOwn(FIELDS, type)) return false;
  const fields = FIELDS[type as ToContent['type']];
  // No key beyond the type's own, as the schema's strict objects.
  if (!Object.keys(msg).every((key) => key === 'type' || Object.hasOwn(fields, key))) return false;
  return Object.entries(fields).every(([key, valid]) =>
    valid(Object.hasOwn(msg, key) ? msg[key] : undefined),
  );
}
