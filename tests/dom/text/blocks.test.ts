// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { blockRootOf } from '@/dom/text/block-root';
import { documentText } from '@/dom/text/document-text';
import type { TextBlock } from '@/dom/text/types';
import { collectBlocks, walkBlocks } from '@/dom/text/walk';

function page(html: string): HTMLElement {
  document.body.innerHTML = `<main id="root">${html}</main>`;
  return document.getElementById('root') as HTMLElement;
}

const texts = (blocks: TextBlock[]): string[] => blocks.map((b) => b.text);
const scan = (html: string): string[] => texts(collectBlocks(page(html)));

afterEach(() => {
  document.body.innerHTML = '';
  document.designMode = 'off';
});

describe('block text', () => {
  it('joins a name split across inline elements', () => {
    expect(
      scan('<p><b>Alexander</b> Lukashenko met <a href="#"><i>Vladimir</i> <em>Putin</em></a>.</p>'),
    ).toEqual(['Alexander Lukashenko met Vladimir Putin.']);
  });

  it('keeps every inline element (span, strong, abbr, small, mark, sup, custom) in the block', () => {
    expect(
      scan(
        '<p><span>A</span><strong>B</strong><abbr>C</abbr><small>D</small><mark>E</mark><sup>F</sup><x-name>G</x-name><wbr>H</p>',
      ),
    ).toEqual(['ABCDEFGH']);
  });

  it('keeps text unmodified: soft hyphens, NBSP and newlines stay as they are', () => {
    const blocks = collectBlocks(page('<p>Luka\u00adshenko\u00a0said\n  <b>x</b></p>'));
    expect(blocks[0]?.text).toBe('Luka\u00adshenko\u00a0said\n  x');
  });

  it('ends a name at block boundaries', () => {
    expect(scan('<div>Alexander<p>Lukashenko</p>Putin</div>')).toEqual(['Alexander', 'Lukashenko', 'Putin']);
    expect(
      scan(
        '<h1>A</h1><h6>B</h6><ul><li>C</li><li>D</li></ul><table><tr><td>E</td><th>F</th></tr></table><blockquote>G</blockquote><section>H</section><article>I</article><header>J</header><footer>K</footer><figure><figcaption>L</figcaption></figure><dl><dt>M</dt><dd>N</dd></dl><address>O</address>',
      ),
    ).toEqual('ABCDEFGHIJKLMNO'.split(''));
  });

  it('splits at <br> and <hr>', () => {
    expect(scan('<p>Alexander<br>Lukashenko<hr>Putin</p>')).toEqual(['Alexander', 'Lukashenko', 'Putin']);
  });

  it('treats an inline element made block by inline style as a block', () => {
    expect(scan('<p><span style="display: block">Alexander</span><span>Lukashenko</span></p>')).toEqual([
      'Alexander',
      'Lukashenko',
    ]);
    expect(scan('<p><span style="display:inline-block">Alexander</span> Lukashenko</p>')).toEqual([
      'Alexander Lukashenko',
    ]);
  });

  it('uses stylesheet display where the document has style sheets', () => {
    expect(
      scan('<style>.byline{display:block}</style><p><span class="byline">A</span><span>B</span></p>'),
    ).toEqual(['A', 'B']);
  });

  it('useComputedStyle switches computed display and visibility on or off', () => {
    const html =
      '<style>.byline{display:block}.gone{display:none}</style><p><span class="byline">A</span><span class="gone">x</span><span>B</span></p>';
    expect(texts(collectBlocks(page(html), { useComputedStyle: false }))).toEqual(['AxB']);
    expect(texts(collectBlocks(page(html), { useComputedStyle: true }))).toEqual(['A', 'B']);
    // Without style sheets, computed style is off by default; forced on, the UA display of <span> is inline.
    expect(
      texts(collectBlocks(page('<p><span>A</span><span>B</span></p>'), { useComputedStyle: true })),
    ).toEqual(['AB']);
  });

  it('keeps whitespace between words but drops whitespace-only blocks and edges', () => {
    const blocks = collectBlocks(page('\n  <p>\n  <b>Alexander</b> <i>Lukashenko</i>\n</p>\n  <p>   </p>'));
    expect(texts(blocks)).toEqual(['Alexander Lukashenko']);
    // nodes and starts describe text exactly
    const b = blocks[0] as TextBlock;
    expect(b.nodes.map((n) => n.data).join('')).toBe(b.text);
    b.nodes.forEach((n, i) => {
      expect(b.text.slice(b.starts[i], (b.starts[i] as number) + n.data.length)).toBe(n.data);
    });
  });

  it('reports the nearest block-level ancestor as container', () => {
    const root = page('<div id="d">lead <span>in <p id="p">para <b>bold</b></p> tail</span></div>');
    const blocks = collectBlocks(root);
    expect(blocks.map((b) => [b.text, b.container.id])).toEqual([
      ['lead in ', 'd'],
      ['para bold', 'p'],
      [' tail', 'd'],
    ]);
  });
});

describe('skipped content', () => {
  const cases: [string, string][] = [
    ['script', '<script>var Lukashenko = 1;</script>'],
    ['style', '<style>.Lukashenko{}</style>'],
    ['noscript', '<noscript>Lukashenko</noscript>'],
    ['template', '<template>Lukashenko</template>'],
    ['textarea', '<textarea>Lukashenko</textarea>'],
    ['select/option', '<select><option>Lukashenko</option></select>'],
    ['button', '<button>Lukashenko</button>'],
    ['contenteditable', '<div contenteditable="true"><p>Lukashenko</p></div>'],
    ['contenteditable (empty value)', '<div contenteditable><p>Lukashenko</p></div>'],
    ['contenteditable plaintext-only', '<div contenteditable="plaintext-only">Lukashenko</div>'],
    ['role=textbox', '<div role="textbox">Lukashenko</div>'],
    ['CodeMirror', '<div class="wrap cm-editor"><div>Lukashenko</div></div>'],
    ['ProseMirror', '<div class="ProseMirror">Lukashenko</div>'],
    ['Monaco', '<div class="monaco-editor">Lukashenko</div>'],
    ['pre', '<pre>Lukashenko</pre>'],
    ['code', '<p><code>Lukashenko</code></p>'],
    ['kbd', '<p><kbd>Lukashenko</kbd></p>'],
    ['samp', '<p><samp>Lukashenko</samp></p>'],
    ['svg', '<svg><text>Lukashenko</text></svg>'],
    ['iframe', '<iframe>Lukashenko</iframe>'],
    ['hidden attribute', '<p hidden>Lukashenko</p>'],
    ['inline display:none', '<p style="color:red; display: none">Lukashenko</p>'],
    ['inline visibility:hidden', '<p style="visibility:hidden">Lukashenko</p>'],
    ['stylesheet display:none', '<style>.gone{display:none}</style><p class="gone">Lukashenko</p>'],
    ['closed dialog', '<dialog>Lukashenko</dialog>'],
    ['closed details body', '<details><summary>Summary</summary><p>Lukashenko</p></details>'],
    ['own UI', '<div data-reader-context-ui><p>Lukashenko</p></div>'],
    ['ruby annotation', '<p><ruby>X<rt>Lukashenko</rt></ruby></p>'],
  ];

  for (const [name, html] of cases) {
    it(`skips ${name}`, () => {
      const got = scan(`<p>Before</p>${html}<p>After</p>`);
      expect(got.join('|')).not.toContain('Lukashenko');
      expect(got).toContain('Before');
      expect(got).toContain('After');
    });
  }

  it('reads contenteditable="false", aria-hidden text and open details', () => {
    expect(
      scan('<div contenteditable="false">A</div><p aria-hidden="true">B</p><details open><p>C</p></details>'),
    ).toEqual(['A', 'B', 'C']);
  });

  it('joins text around silently skipped (invisible) elements, splits around visible excluded ones', () => {
    expect(scan('<p>Alex<span hidden>zzz</span>ander <script>x</script>Lukashenko</p>')).toEqual([
      'Alexander Lukashenko',
    ]);
    expect(scan('<p>Alexander <button>x</button> Lukashenko</p>')).toEqual(['Alexander ', ' Lukashenko']);
    expect(scan('<p>Alexander <code>x</code> Lukashenko</p>')).toEqual(['Alexander ', ' Lukashenko']);
  });

  it('honours options.skip and options.isHidden', () => {
    const root = page('<p>A</p><div class="mine"><p>B</p></div><p class="h">C</p><p>D</p>');
    const blocks = collectBlocks(root, {
      skip: (el) => el.classList.contains('mine'),
      isHidden: (el) => el.classList.contains('h'),
    });
    expect(texts(blocks)).toEqual(['A', 'D']);
  });

  it('a custom isHidden replaces the default heuristics', () => {
    expect(texts(collectBlocks(page('<p hidden>A</p>'), { isHidden: () => false }))).toEqual(['A']);
  });

  it('skips a whole document in designMode', () => {
    page('<p>A</p>');
    document.designMode = 'on';
    expect(collectBlocks(document)).toEqual([]);
  });

  it('reads a Document root without <head> text', () => {
    document.title = 'Title text';
    page('<p>Body text</p>');
    expect(texts(collectBlocks(document))).toEqual(['Body text']);
  });
});

describe('shadow roots', () => {
  it('descends into open shadow roots, not closed ones', () => {
    const root = page('<p>Light</p><div id="open"></div><div id="closed"></div>');
    const open = (root.querySelector('#open') as HTMLElement).attachShadow({ mode: 'open' });
    open.innerHTML = '<p>Open <b>shadow</b></p>';
    const closed = (root.querySelector('#closed') as HTMLElement).attachShadow({ mode: 'closed' });
    closed.innerHTML = '<p>Closed shadow</p>';
    const seen: ShadowRoot[] = [];
    const blocks = collectBlocks(root, { onShadowRoot: (sr) => seen.push(sr) });
    expect(texts(blocks)).toEqual(['Light', 'Open shadow']);
    expect(blocks[1]?.nodes[0]?.getRootNode()).toBe(open);
    // The content script watches each open shadow root it walks into.
    expect(seen).toEqual([open]);
  });

  it('reads slotted light children in slot order and skips unslotted ones', () => {
    const root = page('<div id="host"><span slot="name">Lukashenko</span><span>unslotted</span></div>');
    const shadow = (root.querySelector('#host') as HTMLElement).attachShadow({ mode: 'open' });
    shadow.innerHTML = '<p>President <slot name="name"></slot> said</p>';
    expect(texts(collectBlocks(root))).toEqual(['President ', 'Lukashenko', ' said']);
  });

  it('accepts a ShadowRoot as root', () => {
    const root = page('<div id="host"></div>');
    const shadow = (root.querySelector('#host') as HTMLElement).attachShadow({ mode: 'open' });
    shadow.innerHTML = '<p>Inside</p><p>Two</p>';
    const blocks = collectBlocks(shadow);
    expect(texts(blocks)).toEqual(['Inside', 'Two']);
  });
});

describe('blockRootOf', () => {
  it('finds the nearest block and rescanning it reproduces the same blocks', () => {
    const root = page('<div>x<p id="p"><b id="b">Alexander</b> Lukashenko<br>second</p>y</div>');
    const text = (root.querySelector('#b') as HTMLElement).firstChild as Text;
    const br = root.querySelector('br') as Element;
    const p = root.querySelector('#p');
    expect(blockRootOf(text)).toBe(p);
    expect(blockRootOf(br)).toBe(p);
    const full = texts(collectBlocks(root));
    const partial = texts(collectBlocks(p as Element));
    expect(partial).toEqual(['Alexander Lukashenko', 'second']);
    for (const t of partial) expect(full).toContain(t);
  });

  it('returns null inside skipped or hidden subtrees', () => {
    const root = page(
      '<div hidden><p id="a">A</p></div><div data-reader-context-ui><p id="b">B</p></div><pre><span id="c">C</span></pre><p id="d" class="x">D</p>',
    );
    for (const id of ['a', 'b', 'c'])
      expect(blockRootOf((root.querySelector(`#${id}`) as Element).firstChild as Text)).toBe(null);
    const d = (root.querySelector('#d') as Element).firstChild as Text;
    expect(blockRootOf(d)).toBe(root.querySelector('#d'));
    expect(blockRootOf(d, { skip: (el) => el.classList.contains('x') })).toBe(null);
  });

  it('returns the shadow host for text inside a shadow tree without an inner block', () => {
    const root = page('<p>Before <span id="host"></span></p>');
    const host = root.querySelector('#host') as HTMLElement;
    const shadow = host.attachShadow({ mode: 'open' });
    shadow.innerHTML = '<b>Inside</b>';
    const inner = (shadow.firstChild as Element).firstChild as Text;
    expect(blockRootOf(inner)).toBe(host);
    expect(texts(collectBlocks(host))).toEqual(['Inside']);
  });

  it('makes walkBlocks yield nothing for a root inside a skipped or hidden subtree', () => {
    const root = page(
      '<div contenteditable><p id="a">Lukashenko</p></div><div hidden><p id="b">Putin</p></div><pre><b id="c">x</b></pre><p id="d">ok</p>',
    );
    for (const id of ['a', 'b', 'c']) {
      const el = root.querySelector(`#${id}`) as Element;
      expect(collectBlocks(el), id).toEqual([]);
      expect(collectBlocks(el.firstChild as Text), id).toEqual([]);
    }
    expect(texts(collectBlocks(root.querySelector('#d') as Element))).toEqual(['ok']);
    expect(texts(collectBlocks((root.querySelector('#d') as Element).firstChild as Text))).toEqual(['ok']);
  });

  it('returns the topmost element for detached content and null outside any element', () => {
    const div = document.createElement('span');
    div.innerHTML = '<b>x</b>';
    expect(blockRootOf((div.firstChild as Element).firstChild as Node)).toBe(div);
    const fragment = document.createDocumentFragment();
    const t = document.createTextNode('x');
    fragment.appendChild(t);
    expect(blockRootOf(t)).toBe(null);
  });
});

describe('documentText', () => {
  it('joins blocks with a blank line and maps block offsets into the joined text', () => {
    const { text, blocks } = documentText(page('<p>Alexander <b>Lukashenko</b></p><p>Vladimir Putin</p>'));
    expect(text).toBe('Alexander Lukashenko\n\nVladimir Putin');
    for (const { block, offset } of blocks)
      expect(text.slice(offset, offset + block.text.length)).toBe(block.text);
    expect(blocks.map((b) => b.offset)).toEqual([0, 22]);
  });

  it('is empty for an empty page', () => {
    expect(documentText(page(''))).toEqual({ text: '', blocks: [] });
  });
});

describe('walkBlocks', () => {
  it('is a lazy generator', () => {
    const it = walkBlocks(page('<p>A</p><p>B</p>'));
    expect(it.next().value?.text).toBe('A');
    expect(it.next().value?.text).toBe('B');
    expect(it.next().done).toBe(true);
  });
});

describe('walkBlocks: the page changes while the walk is paused', () => {
  // The scan pauses between blocks (a slice ends) and the page runs meanwhile.
  const walkWith = (root: Node, change: (seen: string[]) => void, onLost?: (parent: Node) => void) => {
    const seen: string[] = [];
    let changed = false;
    for (const b of walkBlocks(root, { onLost })) {
      seen.push(b.text);
      if (!changed) {
        changed = true;
        change(seen);
      }
    }
    return seen;
  };
  const paras = (n: number) => Array.from({ length: n }, (_, i) => `<p id="p${i}">para ${i}</p>`).join('');

  it('the next block removed: the walk goes on from the one it read last, to the end', () => {
    const root = page(paras(6));
    const seen = walkWith(root, () => {
      document.getElementById('p1')?.remove();
      document.getElementById('p2')?.remove();
    });
    expect(seen).toEqual(['para 0', 'para 3', 'para 4', 'para 5']);
  });

  it("an ancestor's next sibling replaced: the walk reads the new one and what follows", () => {
    const root = page(
      '<div id="a"><p>one</p></div><div id="b"><p>two</p></div><div id="c"><p>three</p></div>',
    );
    const seen = walkWith(root, () => {
      const b = document.getElementById('b') as HTMLElement;
      const nb = document.createElement('div');
      nb.innerHTML = '<p>TWO</p>';
      b.replaceWith(nb);
    });
    expect(seen).toEqual(['one', 'TWO', 'three']);
  });

  it('the block read last and the next one both removed: the parent is reported lost, nothing read twice', () => {
    const root = page(paras(6));
    const lost: Node[] = [];
    const seen = walkWith(
      root,
      () => {
        document.getElementById('p0')?.remove();
        document.getElementById('p1')?.remove();
      },
      (parent) => lost.push(parent),
    );
    expect(lost).toEqual([root]);
    expect(seen).toEqual(['para 0']);
  });

  it('the subtree being walked taken out of the page: none of its text is read; the walk goes on after it', () => {
    const root = page(`<section id="s">${paras(4)}</section><p>after</p>`);
    const seen = walkWith(root, () => document.getElementById('s')?.remove());
    expect(seen).toEqual(['para 0', 'after']);
  });

  it('a block moved from behind the walk to ahead of it is read again where it now is', () => {
    const root = page(paras(4));
    const seen = walkWith(root, () => root.append(document.getElementById('p0') as HTMLElement));
    expect(seen).toEqual(['para 0', 'para 1', 'para 2', 'para 3', 'para 0']);
  });
});

describe('walkBlocks: a detached subtree', () => {
  it('is walked whole: out of a document from the start is not a removal', () => {
    const fragment = document.createDocumentFragment();
    const div = document.createElement('div');
    div.innerHTML = '<p>one</p><p>two</p><p>three</p>';
    fragment.append(div);
    expect(texts([...walkBlocks(fragment)])).toEqual(['one', 'two', 'three']);
    expect(texts([...walkBlocks(div)])).toEqual(['one', 'two', 'three']);
  });
});
