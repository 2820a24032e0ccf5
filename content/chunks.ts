/** How a long text is cut into pieces the matcher takes one step at a time. */

/**
 * A block longer than this is matched in pieces, so one step of the sliced scan stays well under a millisecond
 * even for a single multi-megabyte text node.
 */
export const CHUNK = 64 * 1024;

/**
 * Where the chunk of a long text that starts at `from` ends: a sentence end (else any white space) in the second
 * half of the chunk, so no name is cut in two. Computed one chunk at a time, so even finding the cuts of a
 * multi-megabyte text node never runs as one long task.
 */
export function nextChunkEnd(text: string, from: number): number {
  if (text.length - from <= CHUNK) return text.length;
  const window = text.slice(from + CHUNK / 2, from + CHUNK);
  let cut = -1;
  const sentence = /[.!?]\s/g;
  for (let m = sentence.exec(window); m; m = sentence.exec(window)) cut = m.index + 1;
  if (cut < 0) cut = Math.max(window.lastIndexOf('\n'), window.lastIndexOf(' '));
  return cut < 0 ? from + CHUNK : from + CHUNK / 2 + cut;
}
