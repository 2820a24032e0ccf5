/** The whole document as one string, for the command-line annotator. */
import { BLOCK_SEPARATOR, type ScanOptions, type TextBlock } from './types';
import { walkBlocks } from './walk';

/**
 * Visible text of a whole document the way the extension sees it: blocks joined with "\n\n" (BLOCK_SEPARATOR).
 * `blocks[i].offset` is where blocks[i].block.text begins in `text`, so a mention found at [s,e) in a block is
 * at [offset+s, offset+e) in `text`. Match per block (as the content script does), not over the joined string.
 */
export function documentText(
  root: Node,
  options?: ScanOptions,
): { text: string; blocks: { block: TextBlock; offset: number }[] } {
  const parts: string[] = [];
  const blocks: { block: TextBlock; offset: number }[] = [];
  let offset = 0;
  let n = 0;
  for (const block of walkBlocks(root, options)) {
    if (n > 0) {
      parts[parts.length] = BLOCK_SEPARATOR;
      offset += BLOCK_SEPARATOR.length;
    }
    parts[parts.length] = block.text;
    blocks[n++] = { block, offset };
    offset += block.text.length;
  }
  return { text: parts.join(''), blocks };
}
