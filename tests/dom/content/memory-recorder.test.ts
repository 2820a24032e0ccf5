// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryRecorder, RERECORD_MS } from '@/content/memory-recorder';
import { ContentPage } from '@/content/page';
import { buildRecord, pageTitle } from '@/content/page-record';
import type { CompiledMatcher, Mention } from '@/core/matcher';
import type { NameEntry } from '@/core/matcher/names/format';
import type { ToBackground } from '@/core/messages';
import { DEFAULT_SETTINGS, type Settings } from '@/core/settings';
import { pageDeps } from './fixtures';

const NAMES: Record<string, string> = { Lukashenko: 'alexander-lukashenko', Putin: 'vladimir-putin' };

const matcher: CompiledMatcher = {
  match(text: string): Mention[] {
    const out: Mention[] = [];
    for (const m of text.matchAll(/Lukashenko|Putin/g))
      out.push({ entity: NAMES[m[0]] as string, start: m.index, end: m.index + m[0].length });
    return out;
  },
  size: 2,
};

const running: ContentPage[] = [];
afterEach(() => {
  for (const p of running.splice(0)) p.destroy();
  document.head.innerHTML = '';
});

/** Scans the body as the content script does and resolves once the first pass has ended. */
async function scanned(html: string, onPassEnd?: () => void): Promise<ContentPage> {
  document.body.innerHTML = html;
  const names = new Map<string, NameEntry>([
    ['alexander-lukashenko', { id: 'alexander-lukashenko', type: 'person', name: 'Alexander Lukashenko' }],
    ['vladimir-putin', { id: 'vladimir-putin', type: 'person', name: 'Vladimir Putin' }],
  ]);
  let ended!: () => void;
  const done = new Promise<void>((r) => {
    ended = r;
  });
  const page = new ContentPage(
    pageDeps({
      names,
      matcher,
      onPassEnd: () => {
        onPassEnd?.();
        ended();
      },
    }),
    DEFAULT_SETTINGS,
  );
  running.push(page);
  page.start();
  await done;
  return page;
}

const ARTICLE = `
  <h1>Belarus and Russia</h1>
  <p>Minsk was quiet on Monday. President Alexander
     <b>Lukashenko</b> flew to Sochi, where he met Putin for talks. They spoke for hours.</p>
  <p>Later, Lukashenko returned. Putin said little.</p>`;

describe('the page record', () => {
  it('has the headline, and per entity its count and the first sentence naming it, verbatim', async () => {
    const page = await scanned(ARTICLE);
    expect(buildRecord(document, page.store)).toEqual({
      type: 'memory:record',
      title: 'Belarus and Russia',
      entities: [
        {
          id: 'alexander-lukashenko',
          count: 2,
          sentence: 'President Alexander Lukashenko flew to Sochi, where he met Putin for talks.',
        },
        {
          id: 'vladimir-putin',
          count: 2,
          sentence: 'President Alexander Lukashenko flew to Sochi, where he met Putin for talks.',
        },
      ],
    });
  });

  it('takes the publication day the page states', async () => {
    document.head.innerHTML = '<meta property="article:published_time" content="2020-09-14T10:00:00Z">';
    const page = await scanned(ARTICLE);
    expect(buildRecord(document, page.store)?.published).toBe('2020-09-14');
  });

  it('prefers og:title, then the first heading, then the document title', () => {
    document.body.innerHTML = '<p>no heading</p>';
    document.title = 'Doc title | Site';
    expect(pageTitle(document)).toBe('Doc title | Site');
    document.body.innerHTML = '<h1> The   headline </h1>';
    expect(pageTitle(document)).toBe('The headline');
    document.head.innerHTML = '<meta property="og:title" content="The OG title">';
    expect(pageTitle(document)).toBe('The OG title');
  });

  it('is nothing on a page naming no one', async () => {
    const page = await scanned('<h1>Weather</h1><p>Rain later.</p>');
    expect(buildRecord(document, page.store)).toBeNull();
  });
});

describe('MemoryRecorder', () => {
  function recorder(
    page: ContentPage,
    settings: Partial<Settings>,
    privateWindow = false,
    load: () => Promise<void> = async () => {},
  ) {
    const held = { page };
    const sent: ToBackground[] = [];
    const timers: { fn: () => void; ms: number }[] = [];
    const posted: (() => void)[] = [];
    let now = 1_000_000;
    const store = {
      entityCounts: () => held.page.store.entityCounts(),
      blocksInOrder: () => held.page.store.blocksInOrder(),
    };
    const r = new MemoryRecorder({
      store,
      // page-facts.js's load, then its buildRecord.
      build: () => load().then(() => buildRecord(document, store)),
      settings: () => ({ ...DEFAULT_SETTINGS, ...settings }),
      isOn: () => page.isOn,
      privateWindow,
      post: (fn) => void posted.push(fn),
      now: () => now,
      setTimer: (fn, ms) => timers.push({ fn, ms }),
      send: (msg) => void sent.push(msg),
    });
    // Runs the posted tasks and lets the records they build (asynchronously: page-facts.js) be sent.
    const runPosted = async () => {
      for (const fn of posted.splice(0)) fn();
      await new Promise((r) => setTimeout(r, 0));
    };
    return { r, sent, timers, runPosted, held, advance: (ms: number) => (now += ms) };
  }

  it('sends nothing while the memory is off (the default), or from a private window', async () => {
    const page = await scanned(ARTICLE);
    for (const [settings, priv] of [
      [{}, false],
      [{ memory: true }, true],
    ] as const) {
      const { r, sent, runPosted } = recorder(page, settings, priv);
      r.passEnded();
      await runPosted();
      expect(sent).toEqual([]);
    }
  });

  it('sends once after the first pass, in a task of its own, and again at most once a minute on change', async () => {
    const page = await scanned(ARTICLE);
    const { r, sent, timers, runPosted, advance, held } = recorder(page, { memory: true });
    r.passEnded();
    expect(sent).toHaveLength(0);
    await runPosted();
    expect(sent).toHaveLength(1);
    // The page changes ten seconds later: one timer for the rest of the minute, however many passes end.
    advance(10_000);
    r.passEnded();
    r.passEnded();
    expect(timers.map((t) => t.ms)).toEqual([RERECORD_MS - 10_000]);
    // Its counts are unchanged when the minute is up: nothing new to send.
    advance(RERECORD_MS);
    timers[0]?.fn();
    await runPosted();
    expect(sent).toHaveLength(1);
    // More text naming Putin: sent again.
    document.body.insertAdjacentHTML('beforeend', '<p>Putin again.</p>');
    held.page = await scanned(document.body.innerHTML);
    r.passEnded();
    await runPosted();
    expect(sent).toHaveLength(2);
    expect(sent[1]).toMatchObject({ entities: [{ id: 'vladimir-putin', count: 3 }, { count: 2 }] });
  });

  it('a failed load of page-facts.js sends nothing, and the next pass tries again', async () => {
    const page = await scanned(ARTICLE);
    let fails = 1;
    const { r, sent, runPosted } = recorder(page, { memory: true }, false, async () => {
      if (fails-- > 0) throw new Error('page-facts.js did not load');
    });
    r.passEnded();
    await runPosted();
    expect(sent).toEqual([]);
    r.passEnded();
    await runPosted();
    expect(sent).toHaveLength(1);
  });

  it('keeps one record in flight: a pass that ends while one is built schedules nothing', async () => {
    const page = await scanned(ARTICLE);
    let release = () => {};
    const loaded = new Promise<void>((r) => (release = r));
    const { r, sent, runPosted } = recorder(page, { memory: true }, false, () => loaded);
    r.passEnded();
    await runPosted();
    r.passEnded();
    await runPosted();
    release();
    await runPosted();
    expect(sent).toHaveLength(1);
  });
});
