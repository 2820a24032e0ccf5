/** Which UTF-16 units are word characters, remembered per unit: the scan asks for every unit of a page. */
import { isWordUnit } from '../text/normalize';

/** Word-character table shared with the normaliser's lazily filled one: 0 unknown, 1 word, 2 not. */
export const WORD = new Uint8Array(0x10000);
export function wordAt(u: number): boolean {
  let w = WORD[u] as number;
  if (w === 0) {
    w = isWordUnit(u) ? 1 : 2;
    WORD[u] = w;
  }
  return w === 1;
}
