/**
 * `npm run knowledge`: compiles data/articles + data/entities into data/knowledge.json and the prebuilt
 * search index data/search-index.json. Fails (exit 1) with `file:line: problem` for every error found.
 *
 *   npm run knowledge             rebuild both files
 *   npm run knowledge -- --check  rebuild in memory and fail if the committed files are out of date
 */
import { readFileSync } from 'node:fs';
import { compileKnowledge } from './compiler';
import { stableStringify } from './text';
import { writeOutputs } from './write-outputs';
import { formatError } from './yaml-source';

const KNOWLEDGE_FILE = 'data/knowledge.json';
const INDEX_FILE = 'data/search-index.json';

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

const checkOnly = process.argv.includes('--check');
const result = compileKnowledge({ articlesDir: 'data/articles', entitiesDir: 'data/entities' });
for (const note of result.notes) console.log(`note: ${note}`);
if (result.errors.length > 0 || !result.knowledge || !result.searchIndex) {
  for (const e of result.errors) console.error(formatError(e));
  console.error(`knowledge: ${result.errors.length} error(s); nothing written`);
  process.exit(1);
}

const outputs: [string, string][] = [
  [KNOWLEDGE_FILE, stableStringify(result.knowledge)],
  [INDEX_FILE, stableStringify(result.searchIndex)],
];
const { articles, entities } = result.knowledge;
const mentions = entities.reduce((n, e) => n + e.appearances.reduce((m, a) => m + a.mentions, 0), 0);
console.log(
  `knowledge: ${entities.length} entities, ${articles.length} articles, ${mentions} mentions counted, 0 errors`,
);
if (checkOnly) {
  const stale = outputs.filter(([path, text]) => readOrEmpty(path) !== text).map(([path]) => path);
  if (stale.length > 0) {
    console.error(`knowledge: out of date: ${stale.join(', ')} (run npm run knowledge)`);
    process.exit(1);
  }
  console.log('knowledge: committed files are up to date');
} else {
  try {
    writeOutputs(outputs);
  } catch (err) {
    console.error(`knowledge: cannot write the output files (${(err as Error).message}); nothing written`);
    process.exit(1);
  }
  for (const [path, text] of outputs) console.log(`wrote ${path} (${Buffer.byteLength(text)} bytes)`);
}
