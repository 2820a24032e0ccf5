/**
 * `npm run bench`: Reader Context (real knowledge), Reader Context (10,000 synthetic entities) and mark.js, side by
 * side with a control (no extension) and the browser's own highlight floor (no extension, the page marking names
 * and showing a card itself) in one run of headless Chromium, on seeded synthetic news pages (~100 KB, ~1 MB,
 * ~5 MB) and on the saved real pages in ../shared/pages when that folder exists. Cases run in shuffled blocks of one
 * page and trial, every contestant once (./order.ts); each page × contestant gets
 * BENCH_TRIALS trials (5) on synthetic pages and BENCH_REAL_TRIALS (1) on real pages; the table shows the median
 * and the spread (min–max). See docs/PERFORMANCE.md for what each figure means and how it is measured.
 *
 * Environment:
 *   BENCH_TRIALS=5           trials per synthetic page and contestant
 *   BENCH_REAL_TRIALS=1      trials per real page and contestant
 *   BENCH_PAGES=100k,1m,5m,dense,reveal,real   which pages (quick: BENCH_PAGES=100k; also `inline`, on request)
 *   BENCH_CONTESTANTS=none,rc-real,rc-10k,markjs,floor   (floor: synthetic pages only)
 *   BENCH_MARK_CAP_S=120     a mark.js trial running longer is stopped; the page's later mark.js trials are skipped
 *   BENCH_TICKER=10          ticker changes per trial (synthetic pages; 0 = no ticker)
 *   BENCH_SEED=<n>           order of the cases (random by default; printed)
 *   BENCH_SOURCE=head        build the committed HEAD (default) or `worktree`
 *   BENCH_WRITE=1|0          write docs/PERFORMANCE.md (default: only for a full run with the defaults above)
 *   BENCH_TRACE_DIR=<dir>    also write each traced trial's Chromium trace there (<page>-<contestant>-<trial>.json)
 *   BENCH_TICKER_TRACE_DIR=<dir>  trace the ticker's changes too, apart, there (…-ticker.json; it slows them)
 *   BENCH_HOVER_TRACE_DIR=<dir>   trace each hover, apart, there (…-hover.json; it slows the card)
 *   CHROMIUM_PATH            the browser (else scripts/find-browsers.ts)
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import type { Knowledge } from '@/core/knowledge/types';
import { browserVersion, findBrowsers } from '@/scripts/find-browsers';
import { knowledgeNames, rng, syntheticKnowledge } from '@/scripts/lib/synthetic';
import { cleanupAll } from '@/tests/e2e/harness/cleanup';
import { startServer } from '@/tests/e2e/harness/server';
import {
  type Contestant,
  launchContestant,
  type Running,
  runTrial,
  TimeoutError,
  type TrialResult,
} from './browser';
import { BENCH_DIR, CHROME_ONLY, ensureBuild, REPO_ROOT, sourceTree } from './builds';
import { blockOrder } from './order';
import { type BenchPage, realPages, realPagesDir, referenceCount, syntheticPages } from './pages';
import {
  type CaseSummary,
  cardTarget,
  docSummaries,
  knowledgeTarget,
  markdownTable,
  markJsTarget,
  row,
  summarise,
  type Target,
  textTable,
  tickerTarget,
} from './report';

const env = process.env;
const log = (line: string) => console.log(`[bench] ${line}`);
const int = (v: string | undefined, d: number) => (v === undefined || v === '' ? d : Number.parseInt(v, 10));

const TRIALS = int(env.BENCH_TRIALS, 5);
const REAL_TRIALS = int(env.BENCH_REAL_TRIALS, 1);
const PAGES = (env.BENCH_PAGES ?? '100k,1m,5m,dense,reveal,real').split(',').map((s) => s.trim());
const CONTESTANTS = (env.BENCH_CONTESTANTS ?? 'none,rc-real,rc-10k,markjs,floor')
  .split(',')
  .map((s) => s.trim());
const MARK_CAP_MS = int(env.BENCH_MARK_CAP_S, 120) * 1000;
const TICKER = int(env.BENCH_TICKER, 10);
const SEED = int(env.BENCH_SEED, Math.floor(Math.random() * 1e9));
const FULL_RUN = ![
  'BENCH_TRIALS',
  'BENCH_REAL_TRIALS',
  'BENCH_PAGES',
  'BENCH_CONTESTANTS',
  'BENCH_MARK_CAP_S',
  'BENCH_TICKER',
].some((k) => env[k] !== undefined);
const WRITE = env.BENCH_WRITE ? env.BENCH_WRITE === '1' : FULL_RUN;

const LABELS: Record<string, string> = {
  none: 'no extension (control)',
  'rc-real': 'Reader Context, real KB',
  'rc-10k': 'Reader Context, 10k KB',
  markjs: 'mark.js, real KB names',
  floor: 'no extension, page marks names (floor)',
};

/** The floor is there for the ticker's and the card's figures on the synthetic pages; the others run on every page. */
function runsOn(contestant: Contestant, page: BenchPage): boolean {
  return contestant.kind !== 'floor' || page.kind === 'synthetic';
}

function sh(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

function machine() {
  const lscpu = sh('lscpu', []);
  const model = /Model name:\s*(.+)/.exec(lscpu)?.[1] ?? cpus()[0]?.model ?? 'unknown';
  return {
    cpu: model.trim(),
    cores: cpus().length,
    memoryGb: (totalmem() / 2 ** 30).toFixed(1),
    freeGb: (freemem() / 2 ** 30).toFixed(1),
    node: process.version,
    load: loadavg()
      .map((l) => l.toFixed(2))
      .join(' '),
  };
}

async function main(): Promise<void> {
  const started = Date.now();
  const loadBefore = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  mkdirSync(BENCH_DIR, { recursive: true });
  // A trace folder asked for is made, not found missing after the run has begun.
  for (const dir of [env.BENCH_TRACE_DIR, env.BENCH_TICKER_TRACE_DIR, env.BENCH_HOVER_TRACE_DIR])
    if (dir) mkdirSync(dir, { recursive: true });
  const src = sourceTree();
  log(
    `sources: ${src.label}${src.dirty ? ' (uncommitted changes)' : ''}; seed ${SEED}; trials ${TRIALS} (real pages ${REAL_TRIALS})`,
  );

  // Knowledge: the real one (from the built sources) and a synthetic 10,000-entity one.
  const realKbFile = join(src.root, 'data/knowledge.json');
  const realKb = JSON.parse(readFileSync(realKbFile, 'utf8')) as Knowledge;
  const kb10kFile = join(BENCH_DIR, 'kb-10k.json');
  const kb10k = syntheticKnowledge(10_000);
  writeFileSync(kb10kFile, JSON.stringify(kb10k));

  const realDir = ensureBuild(
    src,
    { name: 'real', knowledgeFile: realKbFile, browsers: CHROME_ONLY },
    join(BENCH_DIR, 'real'),
    log,
  );
  const tenkDir = ensureBuild(
    src,
    { name: 'kb10k', knowledgeFile: kb10kFile, browsers: CHROME_ONLY },
    join(BENCH_DIR, 'kb10k'),
    log,
  );

  const realNames = knowledgeNames(realKb);
  const contestants: Contestant[] = [
    { id: 'none', label: LABELS.none as string, kind: 'none' },
    {
      id: 'rc-real',
      label: LABELS['rc-real'] as string,
      kind: 'extension',
      extensionDir: join(realDir, 'chrome-mv3'),
      knowledgeFile: realKbFile,
    },
    {
      id: 'rc-10k',
      label: LABELS['rc-10k'] as string,
      kind: 'extension',
      extensionDir: join(tenkDir, 'chrome-mv3'),
      knowledgeFile: kb10kFile,
    },
    {
      id: 'markjs',
      label: LABELS.markjs as string,
      kind: 'markjs',
      knowledgeFile: realKbFile,
      names: realNames,
    },
    { id: 'floor', label: LABELS.floor as string, kind: 'floor', names: realNames },
  ].filter((c) => CONTESTANTS.includes(c.id)) as Contestant[];
  if (!contestants.some((c) => c.id === 'none'))
    log('warning: without the "none" control, nodes, heap and ticker differences are not computed');

  // Pages.
  const pages: BenchPage[] = syntheticPages(
    PAGES.filter((p) => p !== 'real'),
    realKb,
    kb10k,
  );
  const realDirPath = realPagesDir();
  if (PAGES.includes('real')) {
    if (realDirPath) pages.push(...realPages(realDirPath));
    else log('no ../shared/pages: real pages skipped');
  }
  log(`pages: ${pages.map((p) => `${p.id} (${(p.bytes / 1024).toFixed(0)} KB)`).join(', ')}`);

  // Reference mention counts (annotator of the same sources, same knowledge).
  const refStart = Date.now();
  const refs = new Map<string, number>();
  for (const p of pages) {
    for (const c of contestants) {
      if (!c.knowledgeFile) continue;
      const key = `${p.id}|${c.knowledgeFile}`;
      if (!refs.has(key)) refs.set(key, referenceCount(src, p, c.knowledgeFile));
    }
  }
  log(`reference mentions ready in ${((Date.now() - refStart) / 1000).toFixed(1)} s`);

  const server = await startServer(BENCH_DIR);
  for (const p of pages) {
    server.route(p.path, {
      body: p.html,
      // Real pages: their scripts stay off, so runs repeat and every script on the page is the extension's.
      headers: p.kind === 'real' ? { 'content-security-policy': "script-src 'none'" } : {},
    });
  }

  const chromiumPath = env.CHROMIUM_PATH ?? findBrowsers({ install: false }).chromium;
  const chromiumVersion = browserVersion(chromiumPath);
  const running = new Map<string, Running>();
  for (const c of contestants) running.set(c.id, await launchContestant(c, chromiumPath));
  log(`chromium: ${chromiumVersion}; contestants: ${contestants.map((c) => c.id).join(', ')}`);

  // Every case, in shuffled blocks of one page and trial holding each contestant once (./order.ts).
  const cases = blockOrder(
    pages,
    contestants,
    (page) => (page.kind === 'real' ? REAL_TRIALS : TRIALS),
    runsOn,
    rng(SEED),
  );

  const results: TrialResult[] = [];
  const failures: TrialResult[] = [];
  const cappedPages = new Set<string>();
  const tickerName = realKb.entities[0]?.name ?? 'Alexander Lukashenko';
  let done = 0;
  for (const { page, contestant, trial } of cases) {
    done++;
    if (contestant.kind === 'markjs' && cappedPages.has(page.id)) continue;
    const run = running.get(contestant.id) as Running;
    const t0 = Date.now();
    try {
      const res = await runTrial(run, {
        url: server.url(page.path, 'ip'),
        pageId: page.id,
        trial,
        tickerChanges: page.kind === 'synthetic' ? TICKER : 0,
        tickerName,
        hover: true,
        markCapMs: MARK_CAP_MS,
        scanTimeoutMs: 120_000,
      });
      results.push(res);
      log(
        `${String(done).padStart(4)}/${cases.length} ${page.id} ${contestant.id} #${trial}: full ${res.fullMs?.toFixed(1) ?? '–'} ms, longest ${res.longestTaskMs?.toFixed(1) ?? '–'} ms (CPU ${res.longestCpuMs?.toFixed(1) ?? '–'})${res.longestWhat ? ` [${res.longestWhat}]` : ''}, mentions ${res.mentions ?? '–'}${res.backgroundMs ? `, background ${res.backgroundMs.toFixed(1)} ms` : ''}${(res.browserUiCpuMs ?? 0) >= 1 ? `, browser UI busy ${res.browserUiCpuMs?.toFixed(0)} ms of CPU in the window` : ''} (${((Date.now() - t0) / 1000).toFixed(1)} s)`,
      );
    } catch (error) {
      const res = (error as { result?: TrialResult }).result;
      const failed: TrialResult =
        res ?? ({ page: page.id, contestant: contestant.id, trial, error: String(error) } as TrialResult);
      failures.push(failed);
      log(
        `${String(done).padStart(4)}/${cases.length} ${page.id} ${contestant.id} #${trial}: FAILED ${failed.error}`,
      );
      if (failed.capped || error instanceof TimeoutError) {
        if (contestant.kind === 'markjs') cappedPages.add(page.id);
        // The tab may be stuck in a script that never returns: start this contestant's browser afresh.
        await run.close();
        running.set(contestant.id, await launchContestant(contestant, chromiumPath));
      }
    }
  }
  for (const run of running.values()) await run.close();
  await server.close();

  // Summaries.
  const summaries: CaseSummary[] = [];
  for (const page of pages) {
    const baseline = results.filter((x) => x.page === page.id && x.contestant === 'none');
    for (const c of contestants) {
      if (!runsOn(c, page)) continue;
      const ok = results.filter((x) => x.page === page.id && x.contestant === c.id);
      const bad = failures.filter((x) => x.page === page.id && x.contestant === c.id);
      const ref = c.knowledgeFile ? (refs.get(`${page.id}|${c.knowledgeFile}`) ?? null) : null;
      summaries.push(summarise(page.id, c, ok, bad, baseline, ref, MARK_CAP_MS));
    }
  }
  const rows = summaries.map((s) => row(s, LABELS));
  console.log(`\n${textTable(rows)}\n`);

  // Targets.
  const get = (page: string, c: string) => summaries.find((s) => s.page === page && s.contestant === c);
  const targets: Target[] = [];
  targets.push(
    markJsTarget(results, summaries, 'synthetic-1m', '1 MB page'),
    markJsTarget(results, summaries, 'synthetic-dense', 'dense inline markup'),
  );
  {
    // Real pages where the reference annotator finds no name: what every page a reader opens pays for nothing.
    const extra: number[] = [];
    const background: number[] = [];
    for (const p of pages.filter((x) => x.kind === 'real')) {
      const rc = get(p.id, 'rc-real');
      const none = get(p.id, 'none');
      if (rc?.reference !== 0 || !rc.main || !none?.main) continue;
      extra.push(rc.main.median - none.main.median);
      if (rc.background) background.push(rc.background.median);
    }
    const middle = (xs: number[]) =>
      xs.length ? (xs.sort((a, b) => a - b)[xs.length >> 1] as number) : null;
    const median = middle(extra);
    const off = middle(background);
    targets.push({
      name: 'Main-thread time on real pages with no mentions, extension minus none (median over pages)',
      goal: '≤ 10 ms',
      measured:
        median === null
          ? 'not measured'
          : `${median.toFixed(1)} ms over ${extra.length} pages` +
            // Work the page no longer pays for is not free: what the background spent answering, beside it.
            (off === null ? '' : ` (and ${off.toFixed(1)} ms in the background, off the page's thread)`),
      pass: median === null ? null : median <= 10,
    });
  }
  targets.push(
    knowledgeTarget(
      results,
      pages.map((p) => p.id),
    ),
  );
  {
    let worst: { v: number; where: string } | null = null;
    let pass: boolean | null = null;
    for (const s of summaries.filter((x) => x.contestant.startsWith('rc-'))) {
      if (!s.longest) continue;
      if (!worst || s.longest.max > worst.v)
        worst = { v: s.longest.max, where: `${s.page}, ${s.contestant}` };
      pass = (pass ?? true) && s.longest.max <= 50;
    }
    const over = summaries
      .filter((x) => x.contestant.startsWith('rc-') && x.longest && x.longest.max > 50)
      .map((x) => `${x.page}/${x.contestant} ${x.longest?.max.toFixed(0)} ms`);
    const worstCpu = Math.max(
      0,
      ...summaries.filter((x) => x.contestant.startsWith('rc-')).map((x) => x.longestCpu?.max ?? 0),
    );
    targets.push({
      name: 'Longest extension task, every page (worst trial)',
      goal: '≤ 50 ms',
      measured: worst
        ? `max ${worst.v.toFixed(1)} ms wall (${worst.where}); max ${worstCpu.toFixed(1)} ms CPU${over.length ? `; over 50 ms wall: ${over.join(', ')}` : ''}`
        : 'not measured',
      pass,
    });
  }
  targets.push(tickerTarget(summaries), cardTarget(summaries));
  for (const t of targets)
    console.log(
      `${t.pass === null ? 'N/A ' : t.pass ? 'PASS' : 'MISS'}  ${t.name}: ${t.measured} (target ${t.goal})`,
    );

  const m = machine();
  const elapsed = (Date.now() - started) / 1000;
  const info = {
    date: new Date().toISOString(),
    command: `${
      FULL_RUN
        ? ''
        : `${Object.entries(env)
            .filter(([k]) => k.startsWith('BENCH_'))
            .map(([k, v]) => `${k}=${v}`)
            .join(' ')} `
    }npm run bench`.trim(),
    sources: `${src.label}${src.dirty ? ' (dirty)' : ''}`,
    commit: src.commit,
    seed: SEED,
    chromium: chromiumVersion,
    ...m,
    loadBefore,
    loadAfter: loadavg()
      .map((l) => l.toFixed(2))
      .join(' '),
    elapsedS: Math.round(elapsed),
    trials: TRIALS,
    realTrials: REAL_TRIALS,
    markCapS: MARK_CAP_MS / 1000,
    ticker: TICKER,
  };
  writeFileSync(
    join(BENCH_DIR, 'results.json'),
    JSON.stringify({ info, summaries, targets, results, failures }, null, 2),
  );
  log(
    `results: .bench/results.json; ${results.length} trials, ${failures.length} failed, ${elapsed.toFixed(0)} s`,
  );
  if (WRITE) {
    const realIds = pages.filter((p) => p.kind === 'real').map((p) => p.id);
    const docRows = docSummaries(
      summaries,
      realIds,
      contestants.map((c) => c.id),
    ).map((s) => row(s, LABELS));
    writeDoc(info, docRows, targets, pages);
    log('wrote docs/PERFORMANCE.md');
  } else log('docs/PERFORMANCE.md not written (quick mode; BENCH_WRITE=1 forces it)');
}

/**
 * Replaces what lies between the markers in docs/PERFORMANCE.md with this run's targets and figures, so the doc
 * holds the latest run only; earlier runs are in git.
 */
function writeDoc(
  info: Record<string, unknown>,
  rows: string[][],
  targets: Target[],
  pages: BenchPage[],
): void {
  const file = join(REPO_ROOT, 'docs/PERFORMANCE.md');
  const text = readFileSync(file, 'utf8');
  const begin = '<!-- bench:results:begin -->';
  const end = '<!-- bench:results:end -->';
  const i = text.indexOf(begin);
  const j = text.indexOf(end);
  if (i < 0 || j < 0) throw new Error(`docs/PERFORMANCE.md lacks the ${begin} … ${end} markers`);
  const synthetic = pages
    .filter((p) => p.kind === 'synthetic')
    .map((p) => `${p.id} ${(p.bytes / 1e6).toFixed(2)} MB`);
  const real = pages.filter((p) => p.kind === 'real').length;
  const block = [
    begin,
    '',
    `Run of ${String(info.date).slice(0, 16).replace('T', ' ')} UTC: \`${info.command}\`, sources ${info.sources} (commit \`${String(info.commit).slice(0, 12)}\`), case order seed ${info.seed}, ${info.elapsedS} s.`,
    '',
    `- Machine: ${info.cpu}, ${info.cores} cores, ${info.memoryGb} GB memory; load average ${info.loadBefore} at the start and ${info.loadAfter} at the end (1, 5, 15 min; the machine was shared with other people's browsers, so figures are noisy).`,
    `- ${info.chromium} (headless=new), Node ${info.node}.`,
    `- Pages: ${synthetic.join(', ')}${real ? `, and ${real} saved real pages from ../shared/pages` : ''}. Trials: ${info.trials} per synthetic page and contestant, ${info.realTrials} per real page. mark.js cap ${info.markCapS} s. Ticker: ${info.ticker} changes per trial (synthetic pages).`,
    '',
    '### Targets',
    '',
    '| | target | goal | measured |',
    '|---|---|---|---|',
    ...targets.map(
      (t) =>
        `| ${t.pass === null ? 'N/A' : t.pass ? 'PASS' : '**MISS**'} | ${t.name} | ${t.goal} | ${t.measured.replace(/\|/g, '\\|')} |`,
    ),
    '',
    '### Figures',
    '',
    `Synthetic pages: the median, and min–max over the trials.${real ? ` Real pages: one row per contestant over all ${real}, each figure the median, and min–max, of the pages' own medians (longest task and tasks >50 ms: each page's worst trial; mentions: the sum over the pages). The per-page rows are in the console output and \`.bench/results.json\`.` : ''}`,
    '',
    markdownTable(rows),
    '',
    end,
  ].join('\n');
  writeFileSync(file, text.slice(0, i) + block + text.slice(j + end.length));
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => cleanupAll());
