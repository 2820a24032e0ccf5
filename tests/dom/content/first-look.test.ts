// @vitest-environment happy-dom
/**
 * content/first-look.ts, content.js on every page: the content app (content-app.js) is loaded only when the page
 * may name someone, now or in text it adds later, or when the extension asks the page something; the page's
 * scripts and styles are not read, its open shadow roots are.
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { CONTENT_APP_GLOBAL, type ContentApp } from '@/content/content-app';
import { scriptStartedEvent } from '@/content/context';
import { type AskLook, askBackground, pageText, startFirstLook } from '@/content/first-look';
import { FirstLook } from '@/core/matcher/first-look';
import { lookData } from '@/core/matcher/first-look-data';
import { compactText, FIRST_PART, MAX_LOOK_TEXT, ONE_QUESTION_MAX } from '@/core/matcher/look-text';
import type { MatcherSource } from '@/core/matcher/types';
import type { ContentHandler } from '@/extension/messaging';

const g = globalThis as unknown as Record<string | symbol, unknown>;
const source: MatcherSource = {
  entities: [
    {
      id: 'putin',
      type: 'person',
      names: [
        { text: 'Vladimir Putin', kind: 'full' },
        { text: 'Putin', kind: 'surname' },
      ],
    },
  ],
};

let asked: string[];
let start: ReturnType<typeof vi.fn<ContentApp['start']>>;
const answer = vi.fn(async (msg: { type: string }) => ({ answered: msg.type }));
const look = new FirstLook(lookData(source) ?? (undefined as never));
/** The background's side, as background/first-look.ts answers: each text it was asked, and its answer. */
let questions: string[];
const ask = vi.fn<AskLook>(async (text) => {
  questions.push(text);
  return look.mayNameInParts(text);
});

beforeEach(() => {
  asked = [];
  questions = [];
  g.chrome = {
    runtime: {
      id: fakeBrowser.runtime.id,
      getURL: (path: string) => {
        asked.push(path);
        // The app's API is already in place (below); the module itself has nothing to do.
        return 'data:text/javascript,';
      },
    },
  };
  start = vi.fn<ContentApp['start']>(async () => answer as unknown as ContentHandler);
  g[CONTENT_APP_GLOBAL] = { start } satisfies ContentApp;
});

afterEach(() => {
  // Ends every copy a test started, as an update of the extension does: its runtime has no id any more, and a newer
  // copy announces itself. A copy left watching would answer the next test's page.
  const runtime = fakeBrowser.runtime as { id?: string };
  const { id } = runtime;
  const started = scriptStartedEvent();
  runtime.id = undefined;
  document.dispatchEvent(new CustomEvent(started));
  runtime.id = id;
  document.body.innerHTML = '';
  delete g.chrome;
  delete g[CONTENT_APP_GLOBAL];
  fakeBrowser.reset();
});

/** Lets the first look's task, the mutation observer and the loader run. */
const settle = () => new Promise((r) => setTimeout(r, 30));

describe('the first look on a page', () => {
  it('loads nothing on a page that names no one, and the app once the page adds a name', async () => {
    document.body.innerHTML = '<p>Nothing here names anyone.</p><script>var Putin = 1;</script>';
    startFirstLook(document, ask);
    await settle();
    expect(questions).toEqual(['Nothing here names anyone.']);
    expect(asked).toEqual([]);
    expect(start).not.toHaveBeenCalled();

    const p = document.createElement('p');
    p.textContent = 'Later, Vladimir Putin spoke.';
    document.body.append(p);
    await settle();
    expect(asked).toEqual(['/content-app.js']);
    expect(start).toHaveBeenCalledTimes(1);
  });

  it('watches the open shadow roots it read, for names added there later', async () => {
    document.body.innerHTML = '<div id="host"></div>';
    const shadow = (document.getElementById('host') as HTMLElement).attachShadow({ mode: 'open' });
    shadow.innerHTML = '<p>Nothing yet.</p>';
    startFirstLook(document, ask);
    await settle();
    expect(start).not.toHaveBeenCalled();
    const p = document.createElement('p');
    p.textContent = 'Now Putin.';
    shadow.append(p);
    await settle();
    expect(start).toHaveBeenCalledTimes(1);
  });

  it('loads the app at once on a page that names someone, in its text or in an open shadow root', async () => {
    document.body.innerHTML = '<p>Putin said so.</p>';
    startFirstLook(document, ask);
    await settle();
    expect(start).toHaveBeenCalledTimes(1);

    document.body.innerHTML = '<div id="host"></div>';
    const host = document.getElementById('host') as HTMLElement;
    host.attachShadow({ mode: 'open' }).innerHTML = '<p>Putin said so.</p>';
    start.mockClear();
    delete g.chrome;
    g.chrome = { runtime: { id: fakeBrowser.runtime.id, getURL: () => 'data:text/javascript,' } };
    startFirstLook(document, ask);
    await settle();
    expect(start).toHaveBeenCalledTimes(1);
  });

  it('loads the app where no first look answers no: none for this knowledge, no answer, a failed question', async () => {
    document.body.innerHTML = '<p>Nothing here.</p>';
    for (const noAnswer of [
      async () => null,
      async () => undefined,
      async () => {
        throw new Error('background gone');
      },
    ] satisfies AskLook[]) {
      start.mockClear();
      startFirstLook(document, noAnswer);
      await settle();
      expect(start).toHaveBeenCalledTimes(1);
    }
  });

  it('leaves a page of very many elements to the app, whose scan reads it a step at a time', async () => {
    // Its head is asked about, as any long page's is, but the whole of it is never read.
    document.body.innerHTML = `<div>${'<i>no one</i>'.repeat(50_001)}</div>`;
    startFirstLook(document, ask);
    await settle();
    await vi.waitFor(() => expect(start).toHaveBeenCalledTimes(1));
    expect(questions).toHaveLength(1);
    expect(questions[0]?.length).toBeLessThanOrEqual(FIRST_PART);
  });

  it('reads a page of many elements head first, and the rest of its text only where the head names no one', async () => {
    const paragraphs = (last: string) =>
      `${'<p>Nothing here, no one at all.</p>'.repeat(3_100)}<p>${last}</p>`;
    const headAsked = () => ask.mock.calls.map(([, flag]) => flag ?? false);

    // The head names someone: the rest is never read, let alone sent.
    document.body.innerHTML = `<p>Putin said so.</p>${paragraphs('The end.')}`;
    const whole = pageText(document.body);
    ask.mockClear();
    startFirstLook(document, ask);
    await settle();
    expect(questions).toHaveLength(1);
    expect(questions[0]?.startsWith('Putin said so.Nothing here')).toBe(true);
    expect(questions[0]?.length).toBeLessThanOrEqual(FIRST_PART);
    expect(whole.length).toBeGreaterThan(2 * FIRST_PART);
    expect(start).toHaveBeenCalledTimes(1);

    // Only the end names someone, or no one does: the whole follows the head, asked as a whole.
    for (const [last, starts] of [
      ['Putin said so.', 1],
      ['The end.', 0],
    ] as const) {
      document.body.innerHTML = paragraphs(last);
      questions = [];
      ask.mockClear();
      start.mockClear();
      startFirstLook(document, ask);
      // The rest is read in a task of its own, after the head's answer.
      await vi.waitFor(() => expect(questions).toHaveLength(2));
      await settle();
      expect(questions[0]?.length).toBeLessThanOrEqual(FIRST_PART);
      expect(questions[1]).toBe(pageText(document.body));
      expect(headAsked()).toEqual([false, true]);
      expect(start).toHaveBeenCalledTimes(starts);
    }
  });

  it("asks about a long page's whole on its own, after its head, whatever the page adds meanwhile", async () => {
    document.body.innerHTML = '<p>Nothing here, no one at all.</p>'.repeat(3_100);
    const pending: (() => void)[] = [];
    const flags: boolean[] = [];
    const slow = vi.fn<AskLook>(
      (text, headAsked) =>
        new Promise((done) => {
          questions.push(text);
          flags.push(headAsked ?? false);
          pending.push(() => done(look.mayNameInParts(text)));
        }),
    );
    startFirstLook(document, slow);
    await settle();
    expect(questions).toHaveLength(1);
    // Added while the head's question is out: it waits for the next.
    document.body.append(Object.assign(document.createElement('p'), { textContent: 'Later.' }));
    await settle();
    pending.shift()?.();
    await vi.waitFor(() => expect(questions).toHaveLength(2));
    expect(questions[1]).toBe('Later.');
    // The whole, read meanwhile, waits for that answer, and goes as the whole it is.
    pending.shift()?.();
    await vi.waitFor(() => expect(questions).toHaveLength(3));
    expect(questions[2]).toBe(pageText(document.body));
    expect(flags).toEqual([false, false, true]);
  });

  it('reads no further than MAX_ELEMENTS elements for the head of a page of very many', async () => {
    // Every element holds a node (a comment), so the walk goes into each; none holds text.
    document.body.innerHTML = `${'<i><!----></i>'.repeat(50_001)}<p>Putin said so.</p>`;
    const matches = vi.spyOn(Element.prototype, 'matches');
    startFirstLook(document, ask);
    await vi.waitFor(() => expect(start).toHaveBeenCalledTimes(1));
    expect(matches.mock.calls.length).toBeLessThanOrEqual(50_000);
    expect(questions).toEqual([]);
    matches.mockRestore();
  });

  it('reads a page of many elements but little text whole, in one question', async () => {
    document.body.innerHTML = `${'<i></i>'.repeat(3_100)}<p>Nothing here.</p>`;
    startFirstLook(document, ask);
    await settle();
    expect(questions).toEqual(['Nothing here.']);
  });

  it('asks one question at a time: text added meanwhile goes in the next; white space alone asks nothing', async () => {
    document.body.innerHTML = '<p>Nothing here.</p>';
    const pending: (() => void)[] = [];
    const slow = vi.fn<AskLook>(
      (text) =>
        new Promise((done) => {
          questions.push(text);
          pending.push(() => done(look.mayNameInParts(text)));
        }),
    );
    startFirstLook(document, slow);
    await settle();
    expect(questions).toEqual(['Nothing here.']);
    for (const text of ['One.', 'Two.']) {
      document.body.append(Object.assign(document.createElement('p'), { textContent: text }));
      await settle();
    }
    expect(questions).toEqual(['Nothing here.']);
    pending.shift()?.();
    await settle();
    // Pieces from different places, apart.
    expect(questions).toEqual(['Nothing here.', 'One.\nTwo.']);
    pending.shift()?.();
    await settle();
    document.body.append(document.createTextNode('\n    '));
    await settle();
    expect(questions).toHaveLength(2);
    expect(start).not.toHaveBeenCalled();
  });

  it('leaves to the app a page that keeps adding text, past what a page may send in all', async () => {
    document.body.innerHTML = '<p>Nothing here.</p>';
    startFirstLook(document, ask);
    await settle();
    const chunk = 'no one here '.repeat(MAX_LOOK_TEXT / 12 / 4);
    for (let i = 0; i < 5 && start.mock.calls.length === 0; i++) {
      document.body.append(Object.assign(document.createElement('p'), { textContent: chunk }));
      await settle();
    }
    expect(start).toHaveBeenCalledTimes(1);
    expect(questions.reduce((n, q) => n + q.length, 0)).toBeLessThanOrEqual(MAX_LOOK_TEXT);
  });

  it("asks the background with the page's text compacted, and takes only a yes, a no or null for an answer", async () => {
    const sent: unknown[] = [];
    let reply: unknown = false;
    fakeBrowser.runtime.onMessage.addListener((msg, _sender, sendResponse) => {
      sent.push(msg);
      sendResponse(reply);
      return true;
    });
    expect(await askBackground('Nothing\n      here.\n\n')).toBe(false);
    expect(sent).toEqual([{ type: 'look:text', text: 'Nothing here. ' }]);
    for (const r of [true, null]) {
      reply = r;
      expect(await askBackground('x')).toBe(r);
    }
    for (const r of ['yes', 1, {}, undefined]) {
      reply = r;
      expect(await askBackground('x')).toBeUndefined();
    }
  });

  it("asks about a long text's head first, and about the whole only where the head names no one", async () => {
    const sent: string[] = [];
    fakeBrowser.runtime.onMessage.addListener((msg, _sender, sendResponse) => {
      const { text } = msg as { text: string };
      sent.push(text);
      sendResponse(look.mayNameInParts(text));
      return true;
    });
    const filler = 'Nothing\n   here, '.repeat(ONE_QUESTION_MAX / 10);
    const compact = compactText(filler);
    const head = compact.slice(0, compact.lastIndexOf(' ', FIRST_PART));

    expect(await askBackground(`${filler}Putin said.`)).toBe(true);
    // Cut at a space, so no word is cut in two.
    expect(sent).toEqual([head, `${compact}Putin said.`]);
    expect(head.length).toBeLessThanOrEqual(FIRST_PART);
    expect(compact[head.length]).toBe(' ');

    sent.length = 0;
    expect(await askBackground(`Putin said. ${filler}`)).toBe(true);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.length).toBeLessThanOrEqual(FIRST_PART);

    sent.length = 0;
    expect(await askBackground(filler)).toBe(false);
    expect(sent).toEqual([head, compact]);

    // Its head asked already (content/first-look.ts reads a page of many elements head first): the whole alone.
    sent.length = 0;
    expect(await askBackground(filler, true)).toBe(false);
    expect(sent).toEqual([compact]);

    // A text up to ONE_QUESTION_MAX goes whole, once: a second question would cost more than the copy it saves.
    for (const text of ['Nothing here.', compact.slice(0, ONE_QUESTION_MAX)]) {
      sent.length = 0;
      expect(await askBackground(text)).toBe(false);
      expect(sent).toEqual([text]);
    }
  });

  it("hands the extension's questions to the app, loading it first", async () => {
    document.body.innerHTML = '<p>Nothing here.</p>';
    startFirstLook(document, ask);
    await settle();
    expect(start).not.toHaveBeenCalled();
    const reply = vi.fn();
    await fakeBrowser.runtime.onMessage.trigger(
      { type: 'page:summary' },
      { id: fakeBrowser.runtime.id },
      reply,
    );
    await settle();
    expect(start).toHaveBeenCalledTimes(1);
    expect(answer).toHaveBeenCalledWith({ type: 'page:summary' });
    expect(reply).toHaveBeenCalledWith({ answered: 'page:summary' });
  });
});

describe('what the first look reads', () => {
  it('is every text node but those in scripts, styles, noscript and textareas, however they are nested', () => {
    // A tree as markup: elements that are read and elements that are not, nested in any order, with text between.
    type T = string | { tag: string; kids: T[] };
    const tree = fc.letrec<{ node: T }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.constantFrom('a', 'Putin', ' b ', ''),
        fc.record({
          tag: fc.constantFrom('div', 'p', 'span', 'script', 'style', 'noscript', 'textarea', 'section'),
          kids: fc.array(tie('node'), { maxLength: 4 }),
        }),
      ),
    })).node;
    const build = (t: T, parent: Node) => {
      if (typeof t === 'string') {
        parent.appendChild(document.createTextNode(t));
        return;
      }
      const el = document.createElement(t.tag);
      for (const k of t.kids) build(k, el);
      parent.appendChild(el);
    };
    // What the scan reads: text nodes with no unread element between them and the root.
    const expected = (root: Element) => {
      const out: string[] = [];
      const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let n = walk.nextNode(); n; n = walk.nextNode()) {
        let el = n.parentElement;
        while (el && el !== root && !el.matches('script,style,noscript,textarea')) el = el.parentElement;
        if (el === root) out.push((n as Text).data);
      }
      return out.join('');
    };
    fc.assert(
      fc.property(fc.array(tree, { maxLength: 5 }), (kids) => {
        const root = document.createElement('div');
        for (const k of kids) build(k, root);
        // Text around the root is not the root's.
        document.createElement('section').append('before', root, 'after', document.createElement('script'));
        expect(pageText(root)).toBe(expected(root));
      }),
      { numRuns: 500, seed: 3 },
    );
  });

  it('reads no text of a script it is given', () => {
    const script = document.createElement('script');
    script.textContent = 'var Putin;';
    expect(pageText(script)).toBe('');
  });

  it("reads text nodes and open shadow roots, not scripts' or styles' text", () => {
    document.body.innerHTML =
      '<p>One <b>two</b></p><script>var x;</script><style>p{}</style><div id="h"></div><p>three</p>';
    const shadow = (document.getElementById('h') as HTMLElement).attachShadow({ mode: 'open' });
    shadow.innerHTML = '<span>shadow</span>';
    const found: ShadowRoot[] = [];
    // The shadow root's text after the rest: a name is never read across the two.
    expect(pageText(document.body, (s) => found.push(s))).toBe('One twothree\nshadow');
    expect(found).toEqual([shadow]);
  });
});
