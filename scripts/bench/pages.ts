/**
 * The benchmark's pages: seeded synthetic news pages (scripts/lib/synthetic.ts) and, when present, the saved real
 * pages in ../shared/pages. Plus the reference mention count of each page for each knowledge base, from the
 * command-line annotator of the same sources the extension was built from (cached under .bench/ref/).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Knowledge } from '@/core/knowledge/types';
import {
  densePage,
  inlineBlockPage,
  knowledgeNames,
  newsPage,
  revealingPage,
  rng,
} from '@/scripts/lib/synthetic';
import { BENCH_DIR, REPO_ROOT, type SourceTree } from './builds';

export interface BenchPage {
  id: string;
  kind: 'synthetic' | 'real';
  /** Path the test server answers on. */
  path: string;
  html: string;
  bytes: number;
}

export const SYNTHETIC_SIZES: Record<string, number> = {
  '100k': 100_000,
  '1m': 1_000_000,
  '5m': 5_000_000,
  /** Dense inline markup (~39,000 text nodes in ~1 MB): the walk's per-element cost, not the matcher's. */
  dense: 1_150_000,
  /**
   * Most text hidden at load and shown section by section after it: the follower's reading of revealed text. The
   * page's own small script does the revealing (a few attribute changes, timed; the control runs it too).
   */
  reveal: 300_000,
  /**
   * One block of inline spans, this many (not bytes; ~3.6 MB): no step may cost in proportion to a block. Not in the default run
   * (mark.js would spend minutes on it); `BENCH_PAGES=inline BENCH_CONTESTANTS=none,rc-real` checks it.
   */
  inline: 200_000,
};

/**
 * One page per size for every contestant: its names are drawn half from the real knowledge and half from the
 * synthetic 10,000-entity one (each list repeated to the same length), so both builds of Reader Context find about
 * as many mentions on the very same bytes, and mark.js (given the real names) works on the same page too.
 */
export function syntheticPages(
  sizes: string[],
  real: Knowledge,
  synthetic: Knowledge,
  seed = 11,
): BenchPage[] {
  const realNames = knowledgeNames(real);
  const synNames = knowledgeNames(synthetic);
  const r = rng(seed);
  // The synthetic list is long (≈30,000 names); sample as many as it has, repeat the real list to match.
  const mixed: string[] = [];
  for (let i = 0; i < synNames.length; i++) {
    mixed.push(realNames[i % realNames.length] as string);
    mixed.push(synNames[Math.floor(r() * synNames.length)] as string);
  }
  return sizes.map((size) => {
    const bytes = SYNTHETIC_SIZES[size];
    if (!bytes)
      throw new Error(`unknown page size "${size}"; use ${Object.keys(SYNTHETIC_SIZES).join(', ')}`);
    // The dense page names a few dozen entities thousands of times, as a long news page does; the real names only,
    // so mark.js (given those) has the same work as the real-knowledge build.
    const html =
      size === 'dense'
        ? densePage(bytes, realNames.slice(0, 40), seed)
        : size === 'inline'
          ? inlineBlockPage(bytes, realNames.slice(0, 40), seed)
          : size === 'reveal'
            ? revealingPage(bytes, mixed, seed)
            : newsPage(bytes, mixed, seed);
    return {
      id: `synthetic-${size}`,
      kind: 'synthetic',
      path: `/synthetic-${size}.html`,
      html,
      bytes: Buffer.byteLength(html),
    };
  });
}

/** ../shared/pages (BENCH_REAL_PAGES or REALPAGES_DIR overrides it), or null when absent. */
export function realPagesDir(): string | null {
  const dir = resolve(
    process.env.BENCH_REAL_PAGES ?? process.env.REALPAGES_DIR ?? join(REPO_ROOT, '../shared/pages'),
  );
  return existsSync(dir) ? dir : null;
}

export function realPages(dir: string): BenchPage[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.html'))
    .sort()
    .map((f) => {
      const html = readFileSync(join(dir, f), 'utf8');
      return {
        id: f.replace(/\.html$/, ''),
        kind: 'real',
        path: `/real/${f}`,
        html,
        bytes: Buffer.byteLength(html),
      };
    });
}

/**
 * How many mentions the annotator (scripts/annotate.ts of `src`, the matcher and DOM scanner the content script
 * uses) finds in `page` with `knowledgeFile`. Cached by content hash.
 */
export function referenceCount(src: SourceTree, page: BenchPage, knowledgeFile: string): number {
  const cacheDir = join(BENCH_DIR, 'ref');
  mkdirSync(cacheDir, { recursive: true });
  const key = createHash('sha256')
    .update(src.commit)
    .update(src.label)
    .update(page.html)
    .update(readFileSync(knowledgeFile))
    .digest('hex')
    .slice(0, 20);
  const cached = join(cacheDir, `${key}.json`);
  if (existsSync(cached)) return (JSON.parse(readFileSync(cached, 'utf8')) as { count: number }).count;
  const file = join(cacheDir, `${key}.html`);
  writeFileSync(file, page.html);
  const result = spawnSync(
    join(REPO_ROOT, 'node_modules/.bin/tsx'),
    [join(src.root, 'scripts/annotate.ts'), '--entities', knowledgeFile, file],
    { cwd: src.root, encoding: 'utf8', maxBuffer: 1 << 30 },
  );
  if (result.status !== 0) throw new Error(`annotate failed on ${page.id}: ${result.stderr}`);
  const out = JSON.parse(result.stdout) as { mentions: unknown[] }[];
  const count = out[0]?.mentions.length ?? 0;
  writeFileSync(cached, JSON.stringify({ page: page.id, count }));
  return count;
}
