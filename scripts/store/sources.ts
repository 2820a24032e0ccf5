/**
 * The pure parts of scripts/store/verify-sources.ts, tested in tests/unit/store/sources.test.ts: the build steps
 * store/listing.md gives reviewers, and how a submitted zip and a build from the sources differ.
 */

/** The shell commands of the first ```sh block under "## Notes to reviewers", comments and blank lines dropped. */
export function reviewerSteps(listing: string): string[] {
  const section = listing.split(/^## /m).find((s) => s.startsWith('Notes to reviewers'));
  const block = section?.match(/```sh\n([\s\S]*?)```/)?.[1];
  if (!block) throw new Error('store/listing.md: no ```sh block under "## Notes to reviewers"');
  return block
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line && !line.startsWith('#'));
}

/** What differs between a submitted zip and a folder built from the sources: one line per file. */
export function differences(submitted: Map<string, Buffer>, built: Map<string, Buffer>): string[] {
  const out: string[] = [];
  for (const [file, data] of submitted) {
    const other = built.get(file);
    if (!other) out.push(`only in the submitted zip: ${file}`);
    else if (!data.equals(other))
      out.push(`differs: ${file} (${data.length} bytes submitted, ${other.length} built)`);
  }
  for (const file of built.keys())
    if (!submitted.has(file)) out.push(`only in the build from sources: ${file}`);
  return out;
}
