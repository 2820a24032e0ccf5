// Content script, end to end: dynamic pages (added, changed, removed text, single-page-app navigation, rescans
// that stay local) and hostile pages (huge text node, 100,000+ text nodes, 5,000-deep nesting, a mutation storm,
// overridden built-ins, !important CSS on every element, text that looks like HTML): no errors, the scan finishes,
// the page stays responsive and the card opens intact and unstyled by the page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  collectProblems,
  hoverMention,
  type PageProblems,
  scanDetails,
  waitFor,
} from '@/tests/e2e/harness/page-tools';
import {
  type BrowserSession,
  countMarks,
  type E2EPage,
  launch,
  MARKS,
  readHighlights,
  startServer,
  TARGETS,
  type TestServer,
  waitForScan,
} from './harness';

const NAME_TYPES = /^reader-context-(person|place|organisation|event)$/;

async function texts(page: E2EPage): Promise<string[]> {
  return (await readHighlights(page))
    .filter((h) => NAME_TYPES.test(h.name))
    .flatMap((h) => h.texts)
    .sort();
}

/** Runs `change` in the page and waits for the rescan it causes. */
async function mutateAndRescan(page: E2EPage, change: () => void): Promise<void> {
  const before = await countMarks(page, MARKS.scan);
  await page.evaluate(change);
  await waitForScan(page, { count: before + 1, timeout: 30_000 });
}

// ---------------------------------------------------------------------------------------------------------------
// Hostile pages, generated per request.

const TARGET_P =
  '<p id="target">Alexander Lukashenko wrote &lt;img src=x onerror="window.__xss=1;alert(1)"&gt; and &lt;script&gt;alert(2)&lt;/script&gt; on the wall.</p>';
const page = (title: string, body: string, head = '') =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>${head}</head><body>${body}</body></html>`;

function bigTextNode(): string {
  const sentence =
    'Officials in Minsk met a delegation from Moscow while Vladimir Putin spoke about the Union State again. ';
  const filler = 'The committee adjourned after a long and uneventful morning session in the capital. ';
  let text = '';
  let i = 0;
  while (text.length < 5 * 1024 * 1024) text += i++ % 50 === 0 ? sentence : filler;
  return page('5 MB text node', `${TARGET_P}<p id="big">${text}</p>`);
}

function manyTextNodes(): string {
  const parts: string[] = [];
  for (let i = 0; i < 1000; i++) {
    let p = '';
    for (let j = 0; j < 110; j++)
      p += j === 50 && i % 20 === 0 ? '<span>Sochi </span>' : `<span>w${j} </span>`;
    parts.push(`<p>${p}</p>`);
  }
  return page('110,000 text nodes', `${TARGET_P}${parts.join('')}`);
}

function deepNesting(): string {
  // The HTML parser caps nesting (about 512 in Chromium), so the page builds its 5,000 levels itself. Inline
  // elements: Chromium's renderer itself crashes on 3,000-deep nested <div>s, with no extension at all (checked
  // with an empty extension), so block nesting that deep is not a page anyone can load.
  const script = `
    let el = document.getElementById('deep');
    for (let i = 0; i < 5000; i++) { const d = document.createElement(i % 2 ? 'b' : 'span'); el.appendChild(d); el = d; }
    el.appendChild(document.createTextNode('At the bottom: Vladimir Putin in the Kremlin.'));
    window.__depth = 5000;`;
  return page('5,000-deep nesting', `${TARGET_P}<div id="deep"></div><script>${script}</script>`);
}

function mutationStorm(): string {
  const script = `
    const box = document.getElementById('storm');
    let n = 0;
    function burst() {
      for (let i = 0; i < 200; i++) {
        const p = document.createElement('p');
        p.textContent = 'Tick ' + (n++) + (n % 7 === 0 ? ' Minsk' : ' nothing');
        box.appendChild(p);
        if (box.childNodes.length > 300) box.removeChild(box.firstChild);
        if (box.firstChild && box.firstChild.firstChild) box.firstChild.firstChild.data = 'Changed ' + n;
      }
      window.__bursts = (window.__bursts || 0) + 1;
      setTimeout(burst, 0);
    }
    burst();`;
  return page('Mutation storm', `${TARGET_P}<div id="storm"></div><script>${script}</script>`);
}

function overriddenBuiltins(): string {
  // Everything the content script might reach for, replaced by throwing stubs before it runs (document_idle).
  const script = `
    const boom = (what) => function () { throw new Error('hostile page: ' + what); };
    window.__saved = { push: Array.prototype.push };
    Array.prototype.push = boom('Array.prototype.push');
    Array.prototype.indexOf = boom('Array.prototype.indexOf');
    Node.prototype.appendChild = boom('Node.prototype.appendChild');
    Node.prototype.insertBefore = boom('Node.prototype.insertBefore');
    Node.prototype.contains = function () { return false; };
    Element.prototype.attachShadow = boom('Element.prototype.attachShadow');
    Element.prototype.getBoundingClientRect = boom('getBoundingClientRect');
    Element.prototype.checkVisibility = function () { return false; };
    document.createElement = boom('document.createElement');
    document.createRange = boom('document.createRange');
    JSON.parse = boom('JSON.parse');
    performance.mark = boom('performance.mark');
    performance.measure = boom('performance.measure');
    window.IntersectionObserver = function () { throw new Error('hostile page: IntersectionObserver'); };
    window.MutationObserver = function () { throw new Error('hostile page: MutationObserver'); };
    window.requestAnimationFrame = boom('requestAnimationFrame');
    window.setTimeout = boom('setTimeout');
    window.Highlight = boom('Highlight');
    window.getComputedStyle = boom('getComputedStyle');
    EventTarget.prototype.addEventListener = boom('addEventListener');
    EventTarget.prototype.dispatchEvent = boom('dispatchEvent');
    String.prototype.slice = boom('String.prototype.slice');
    Map.prototype.get = boom('Map.prototype.get');
    Set.prototype.add = boom('Set.prototype.add');
    window.__overridden = true;`;
  return page('Overridden built-ins', `${TARGET_P}<p>Talks in Sochi went on.</p><script>${script}</script>`);
}

function htmlLookingText(): string {
  return page(
    'HTML-looking text',
    `${TARGET_P}<p id="fake">&lt;b&gt;Vladimir Putin&lt;/b&gt; &lt;iframe src="javascript:alert(3)"&gt;&lt;/iframe&gt; &amp;lt;Minsk&amp;gt; {{constructor.constructor('alert(4)')()}}</p>`,
  );
}

function longArticle(): string {
  const paras: string[] = [];
  for (let i = 0; i < 400; i++)
    paras.push(`<p>Paragraph ${i}: Vladimir Putin spoke again, and the Kremlin repeated it.</p>`);
  return page('Long article', `<article>${paras.join('')}</article>`);
}

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
  const html = (body: string) => ({ body, contentType: 'text/html; charset=utf-8' });
  // No favicon: its 404 would be a console error of the page's, not the extension's.
  server.route('/favicon.ico', { status: 204, body: '' });
  server.route('/hostile/big-text.html', html(bigTextNode()));
  server.route('/hostile/many-nodes.html', html(manyTextNodes()));
  server.route('/hostile/deep.html', html(deepNesting()));
  server.route('/hostile/storm.html', html(mutationStorm()));
  server.route('/hostile/builtins.html', html(overriddenBuiltins()));
  server.route('/hostile/html-text.html', html(htmlLookingText()));
  server.route('/long.html', html(longArticle()));
  server.route(
    '/shadow.html',
    html(
      page(
        'Web component',
        '<p>The Kremlin said nothing.</p><div id="wc"><template shadowrootmode="open"><p id="inner">No names yet.</p><p>Still none.</p></template></div>',
      ),
    ),
  );
});
afterAll(async () => {
  await server?.close();
});

for (const target of TARGETS) {
  describe(`content dynamic pages: ${target}`, () => {
    let session: BrowserSession;
    beforeAll(async () => {
      session = await launch(target);
    });
    afterAll(async () => {
      await session?.close();
    });

    it('added, changed and removed text is rescanned locally, in incremental passes', async () => {
      const p = await session.open(server.url('/dynamic.html'));
      await waitForScan(p, { timeout: 30_000 });
      expect(await texts(p)).toEqual(['Alexander Lukashenko', 'Kremlin', 'Sochi']);
      // Remember the ranges of the untouched first paragraph: a local rescan leaves them alone.
      await p.evaluate(() => {
        const kept: AbstractRange[] = [];
        for (const [, h] of CSS.highlights) for (const r of h) kept.push(r);
        (window as unknown as { __kept: AbstractRange[] }).__kept = kept;
      });

      // Appended paragraph.
      await mutateAndRescan(p, () => {
        const el = document.createElement('p');
        el.id = 'd4';
        el.textContent = 'Vladimir Putin joined the talks.';
        document.getElementById('main')?.append(el);
      });
      expect(await texts(p)).toEqual(['Alexander Lukashenko', 'Kremlin', 'Sochi', 'Vladimir Putin']);
      const stillThere = () =>
        p.evaluate(() => {
          const all = new Set<AbstractRange>();
          for (const [, h] of CSS.highlights) for (const r of h) all.add(r);
          return (window as unknown as { __kept: AbstractRange[] }).__kept.filter((r) => all.has(r)).length;
        });
      // The three earlier ranges are the very same objects: nothing else was rescanned.
      expect(await stillThere()).toBe(3);

      // Changed text node.
      await mutateAndRescan(p, () => {
        const t = document.getElementById('d4')?.firstChild as Text;
        t.data = 'Minsk answered within the hour.';
      });
      expect(await texts(p)).toEqual(['Alexander Lukashenko', 'Kremlin', 'Minsk', 'Sochi']);
      expect(await stillThere()).toBe(3);

      // Removed paragraph.
      await mutateAndRescan(p, () => document.getElementById('d4')?.remove());
      expect(await texts(p)).toEqual(['Alexander Lukashenko', 'Kremlin', 'Sochi']);

      const details = await scanDetails(p);
      expect(details[0]?.kind).toBe('initial');
      expect(details.slice(1).map((d) => d.kind)).toEqual(details.slice(1).map(() => 'incremental'));
      expect(details.at(-1)).toMatchObject({ blocks: 2, mentions: 3 });
      await p.close();
    });

    it('on a long page, a fixed breaking-news bar added late is highlighted where it is drawn', async () => {
      const p = await session.open(server.url('/long.html'));
      await waitForScan(p, { timeout: 30_000 });
      // 800 mentions: only those near the viewport are registered. Scroll to the middle of the article.
      await p.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight / 2));
      await mutateAndRescan(p, () => {
        const bar = document.createElement('div');
        bar.id = 'ticker';
        bar.setAttribute('style', 'position:fixed;left:0;right:0;bottom:0;background:#fff');
        bar.textContent = 'Breaking: talks in Sochi resume.';
        document.body.append(bar);
      });
      // The bar is last in document order but on screen; the window is re-fitted within WINDOW_MS.
      await waitFor(async () => (await texts(p)).includes('Sochi'), {
        timeout: 5_000,
        what: 'the ticker’s name to be highlighted',
      });
      const registered = (await texts(p)).length;
      expect(registered).toBeLessThanOrEqual(200);
      expect(registered).toBeGreaterThan(10);
      await p.close();
    });

    it('a small change of the page is highlighted in the frame that shows it, not in a later repaint', async () => {
      const p = await session.open(server.url('/long.html'));
      await waitForScan(p, { timeout: 30_000 });
      await p.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight / 2));
      // Past the batch interval of any earlier change.
      await p.evaluate(() => new Promise((r) => setTimeout(r, 300)));
      const markedInFirstFrame = await p.evaluate(
        () =>
          new Promise<string[]>((resolve) => {
            const bar = document.createElement('div');
            bar.setAttribute('style', 'position:fixed;left:0;right:0;bottom:0;background:#fff');
            bar.textContent = 'Breaking: talks in Sochi resume.';
            document.body.append(bar);
            // The first animation frame after the change: the one that draws the bar.
            requestAnimationFrame(() => {
              const names: string[] = [];
              for (const [name, h] of CSS.highlights)
                for (const r of h) if (bar.contains(r.startContainer)) names.push(name);
              resolve(names);
            });
          }),
      );
      expect(markedInFirstFrame).toEqual(['reader-context-place']);
      // A second change right after (well within the 100 ms batch interval) waits for the batch: a storm of changes
      // costs one pass, not one per change.
      const secondInItsFrame = await p.evaluate(
        () =>
          new Promise<number>((resolve) => {
            const a = document.createElement('div');
            a.id = 'second-a';
            a.setAttribute('style', 'position:fixed;left:0;top:0;background:#fff');
            a.textContent = 'Minsk answered.';
            document.body.append(a);
            setTimeout(() => {
              const b = document.createElement('div');
              b.id = 'second-b';
              b.setAttribute('style', 'position:fixed;left:0;top:2em;background:#fff');
              b.textContent = 'Sochi again.';
              document.body.append(b);
              requestAnimationFrame(() => {
                let n = 0;
                for (const [, h] of CSS.highlights) for (const r of h) if (b.contains(r.startContainer)) n++;
                resolve(n);
              });
            }, 0);
          }),
      );
      expect(secondInItsFrame).toBe(0);
      await waitFor(
        () =>
          p.evaluate(() => {
            const b = document.getElementById('second-b');
            let n = 0;
            for (const [, h] of CSS.highlights) for (const r of h) if (b?.contains(r.startContainer)) n++;
            return n > 0;
          }),
        { timeout: 5_000, what: 'the batched change to be highlighted' },
      );
      await p.close();
    });

    it('changes inside an open shadow root are followed, once each', async () => {
      const p = await session.open(server.url('/shadow.html'));
      await waitForScan(p, { timeout: 30_000 });
      expect(await texts(p)).toEqual(['Kremlin']);
      await mutateAndRescan(p, () => {
        const inner = document.getElementById('wc')?.shadowRoot?.getElementById('inner');
        if (inner) inner.textContent = 'Talks in Sochi went on.';
      });
      expect(await texts(p)).toEqual(['Kremlin', 'Sochi']);
      // A change to the host itself and one inside its shadow root, in the same batch: the host's rescan covers
      // the inner one (across the shadow boundary), so nothing is found twice. (The host's new light child is not
      // slotted, so not rendered, and not scanned.)
      await mutateAndRescan(p, () => {
        const wc = document.getElementById('wc');
        const inner = wc?.shadowRoot?.getElementById('inner');
        if (inner) inner.textContent = 'Minsk and Sochi.';
        wc?.append('Moscow');
      });
      expect(await texts(p)).toEqual(['Kremlin', 'Minsk', 'Sochi']);
      await p.close();
    });

    it('single-page-app navigation: replacing <main> highlights the new names and drops the old', async () => {
      const p = await session.open(server.url('/dynamic.html'));
      await waitForScan(p, { timeout: 30_000 });
      await p.evaluate(() => {
        const kept: AbstractRange[] = [];
        for (const [, h] of CSS.highlights) for (const r of h) kept.push(r);
        (window as unknown as { __kept: AbstractRange[] }).__kept = kept;
      });
      await mutateAndRescan(p, () => {
        const main = document.getElementById('main');
        if (!main) return;
        main.innerHTML =
          '<h2>Geneva</h2><p>The UN Human Rights Council heard from Svetlana Tikhanovskaya.</p><p>Nothing here.</p>';
        history.pushState({}, '', '/dynamic.html?page=2');
      });
      expect(await texts(p)).toEqual(['Geneva', 'Svetlana Tikhanovskaya', 'UN Human Rights Council']);
      const details = (await scanDetails(p)).at(-1);
      expect(details).toMatchObject({ kind: 'incremental', blocks: 2, mentions: 3 });
      // Adding a header paragraph outside <main> leaves <main>'s ranges untouched.
      await p.evaluate(() => {
        const kept: AbstractRange[] = [];
        for (const [, h] of CSS.highlights) for (const r of h) kept.push(r);
        (window as unknown as { __kept: AbstractRange[] }).__kept = kept;
      });
      await mutateAndRescan(p, () => {
        const el = document.createElement('p');
        el.textContent = 'Breaking: Minsk';
        document.getElementById('top')?.append(el);
      });
      expect(await texts(p)).toEqual([
        'Geneva',
        'Minsk',
        'Svetlana Tikhanovskaya',
        'UN Human Rights Council',
      ]);
      expect(
        await p.evaluate(() => {
          const all = new Set<AbstractRange>();
          for (const [, h] of CSS.highlights) for (const r of h) all.add(r);
          return (window as unknown as { __kept: AbstractRange[] }).__kept.filter((r) => all.has(r)).length;
        }),
      ).toBe(3);
      await p.close();
    });
  });

  describe(`content hostile pages: ${target}`, () => {
    let session: BrowserSession;
    beforeAll(async () => {
      session = await launch(target);
    });
    afterAll(async () => {
      await session?.close();
    });

    /** Opens a hostile page, waits for the scan, checks responsiveness and the card on #target. */
    async function survive(path: string): Promise<{ page: E2EPage; problems: PageProblems }> {
      // Listen before the navigation: a new blank tab first, then go.
      const page = await session.open('about:blank');
      const problems = collectProblems(page);
      await page.goto(server.url(path));
      await waitForScan(page, { timeout: 90_000 });
      // Responsive: the page still runs a timer and paints a frame.
      const alive = await page.evaluate(
        () =>
          new Promise<boolean>((resolve) => requestAnimationFrame(() => setTimeout(() => resolve(true), 0))),
      );
      expect(alive).toBe(true);
      await page.bringToFront();
      const { card } = await hoverMention(page, 'Alexander Lukashenko', {
        expectName: 'Alexander Lukashenko',
      });
      expect(card.type).toContain('Person');
      expect(card.description).toContain('President of Belarus');
      expect(card.rect?.width ?? 0).toBeGreaterThan(300);
      return { page, problems };
    }

    function expectNoProblems(problems: PageProblems): void {
      expect(problems.errors).toEqual([]);
      expect(
        problems.console.filter((m) => /reader-context|reader context/i.test(m) || !/hostile page/.test(m)),
      ).toEqual([]);
      expect(problems.dialogs).toEqual([]);
    }

    it('a single 5 MB text node', async () => {
      const { page, problems } = await survive('/hostile/big-text.html');
      const details = (await scanDetails(page))[0];
      expect(details?.mentions ?? 0).toBeGreaterThan(100);
      // Matched a chunk at a time across several tasks, not in one: 5 MB is 80 chunks of 64 KB, more than one
      // 8 ms slice holds even on a fast machine (structure, not a timing: the timings are in npm run bench).
      expect(details?.slices ?? 0).toBeGreaterThan(2);
      expectNoProblems(problems);
      await page.close();
    });

    it('110,000 text nodes', async () => {
      const { page, problems } = await survive('/hostile/many-nodes.html');
      expect(await page.evaluate(() => document.querySelectorAll('span').length)).toBe(110_000);
      expect((await scanDetails(page))[0]?.mentions).toBe(51);
      expect(await texts(page)).toContain('Sochi');
      expectNoProblems(problems);
      await page.close();
    });

    it('5,000-deep nesting', async () => {
      const { page, problems } = await survive('/hostile/deep.html');
      expect(await page.evaluate(() => (window as unknown as { __depth: number }).__depth)).toBe(5000);
      expect((await scanDetails(page))[0]?.mentions).toBe(3);
      expectNoProblems(problems);
      await page.close();
    });

    it('a mutation storm', async () => {
      const { page, problems } = await survive('/hostile/storm.html');
      // The storm goes on while the content script keeps up, and the page's own timers still run.
      const bursts = () => page.evaluate(() => (window as unknown as { __bursts: number }).__bursts);
      const b0 = await bursts();
      await page.evaluate(() => new Promise((r) => setTimeout(r, 1000)));
      expect(await bursts()).toBeGreaterThan(b0);
      await waitForScan(page, { count: 2, timeout: 30_000 });
      expect((await scanDetails(page)).slice(1).every((d) => d.kind === 'incremental')).toBe(true);
      expectNoProblems(problems);
      await page.close();
    });

    it('a page that overrides built-ins', async () => {
      const page = await session.open('about:blank');
      const problems = collectProblems(page);
      await page.goto(server.url('/hostile/builtins.html'));
      expect(await page.evaluate(() => (window as unknown as { __overridden: boolean }).__overridden)).toBe(
        true,
      );
      await waitForScan(page, { timeout: 60_000 });
      // Read the registry without the page's (broken) Array.prototype.push and createRange.
      const found = await page.evaluate(() => {
        let s = '';
        for (const [name, h] of CSS.highlights)
          if (name.startsWith('reader-context-')) s += `${name}:${h.size};`;
        return s;
      });
      expect(found).toContain('reader-context-person:1;');
      expect(found).toContain('reader-context-place:1;');
      await page.bringToFront();
      // The hover itself (the page's getBoundingClientRect is broken, so aim with a caret-free probe: the
      // target paragraph's first line, left part, where "Alexander Lukashenko" starts).
      // The drivers' own result serialisation may use what the page broke: pass results back as plain strings.
      const box = (
        await page.evaluate(() => {
          const p = document.getElementById('target') as HTMLElement;
          return `${p.offsetLeft + 40} ${p.offsetTop + 8}`;
        })
      )
        .split(' ')
        .map(Number) as [number, number];
      const raw = page.raw as {
        mouse: { move(x: number, y: number, o?: { steps?: number }): Promise<void> };
      };
      await raw.mouse.move(2, 2);
      await raw.mouse.move(box[0], box[1], { steps: 3 });
      // Read the card with textContent only (the page broke getBoundingClientRect).
      const readText = async () => {
        const t = await page.evaluate(() => {
          const root = document.querySelector('[data-reader-context-ui]')?.shadowRoot;
          const floating = root?.querySelector('.rc-floating') as HTMLElement | null | undefined;
          const open = !!floating && !floating.hidden && !!root?.querySelector('.rc-card');
          return `${open}\u0001${root?.querySelector('.rc-name')?.textContent ?? ''}\u0001${root?.querySelector('.rc-desc')?.textContent ?? ''}`;
        });
        const [open, name, description] = String(t).split('\u0001');
        return { open: open === 'true', name, description };
      };
      const card = await waitFor(async () => ((await readText()).open ? readText() : null), {
        what: 'card on the hostile page',
      });
      expect(card?.name).toBe('Alexander Lukashenko');
      expect(card?.description).toContain('President of Belarus');
      expect(problems.errors).toEqual([]);
      expect(problems.dialogs).toEqual([]);
      await page.close();
    });

    it('text that looks like HTML or script is text: nothing runs, nothing is injected into the card', async () => {
      const { page, problems } = await survive('/hostile/html-text.html');
      expect(await texts(page)).toEqual(['Alexander Lukashenko', 'Minsk', 'Vladimir Putin']);
      const injected = await page.evaluate(() => {
        const root = document.querySelector('[data-reader-context-ui]')?.shadowRoot;
        return {
          xss: (window as unknown as { __xss?: number }).__xss ?? null,
          img: root?.querySelectorAll('img, iframe, script').length ?? -1,
          pageImg: document.querySelectorAll('img, iframe').length,
        };
      });
      expect(injected).toEqual({ xss: null, img: 0, pageImg: 0 });
      // Hover the HTML-looking neighbour too.
      await hoverMention(page, 'Vladimir Putin', { expectName: 'Vladimir Putin' });
      expect(
        await page.evaluate(
          () =>
            document
              .querySelector('[data-reader-context-ui]')
              ?.shadowRoot?.querySelectorAll('img, iframe, script').length,
        ),
      ).toBe(0);
      expectNoProblems(problems);
      await page.close();
    });

    it('CSS with !important on every element cannot hide or restyle the card', async () => {
      const page = await session.open('about:blank');
      const problems = collectProblems(page);
      await page.goto(server.url('/hostile-css.html'));
      await waitForScan(page, { timeout: 30_000 });
      await page.bringToFront();
      const { card } = await hoverMention(page, 'Alexander Lukashenko', {
        expectName: 'Alexander Lukashenko',
      });
      expect(card.rect?.width ?? 0).toBeGreaterThanOrEqual(316);
      expect(card.rect?.width ?? 0).toBeLessThanOrEqual(322);
      expect(card.rect?.height ?? 0).toBeGreaterThan(100);
      // The card fades in (200 ms) unless reduced motion is asked for.
      await waitFor(
        () =>
          page.evaluate(() => {
            const c = document
              .querySelector('[data-reader-context-ui]')
              ?.shadowRoot?.querySelector('.rc-card');
            return c ? getComputedStyle(c).opacity === '1' : false;
          }),
        { timeout: 5000, what: 'card fully faded in' },
      ).catch(() => {});
      const look = await page.evaluate(() => {
        const host = document.querySelector('[data-reader-context-ui]') as HTMLElement;
        const root = host.shadowRoot as ShadowRoot;
        const cardEl = root.querySelector('.rc-card') as HTMLElement;
        const name = root.querySelector('.rc-name') as HTMLElement;
        const arrow = root.querySelector('.rc-arrow') as HTMLElement;
        const r = cardEl.getBoundingClientRect();
        const cs = getComputedStyle(cardEl);
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + Math.min(30, r.height / 2));
        return {
          hostDisplay: getComputedStyle(host).display,
          hostOpacity: getComputedStyle(host).opacity,
          visibility: cs.visibility,
          opacity: cs.opacity,
          cardFont: cs.fontSize,
          nameFont: getComputedStyle(name).fontSize,
          color: cs.color,
          background: cs.backgroundColor,
          arrow: getComputedStyle(arrow).backgroundColor,
          topmost: hit === host,
        };
      });
      expect(look.hostDisplay).toBe('block');
      expect(look.hostOpacity).toBe('1');
      expect(look.visibility).toBe('visible');
      expect(look.opacity).toBe('1');
      expect(look.cardFont).not.toBe('40px');
      expect(look.nameFont).not.toBe('40px');
      expect(look.color).not.toBe('rgb(255, 0, 0)');
      expect(look.background).not.toBe('rgb(255, 0, 0)');
      expect(look.arrow).not.toBe('rgb(255, 0, 0)');
      expect(look.topmost).toBe(true);
      expectNoProblems(problems);
      await page.close();
    });
  });
}
