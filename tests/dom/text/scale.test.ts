// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { documentText } from '@/dom/text/document-text';
import { boundaryPoints, offsetInBlock } from '@/dom/text/ranges';
import { collectBlocks, PAUSE, walkBlocks, walkSteps } from '@/dom/text/walk';

afterEach(() => {
  document.body.innerHTML = '';
});

describe('scale', () => {
  it('walks 10,000 levels of nesting without recursion', () => {
    // Built detached: happy-dom's own connect step recurses and would overflow first.
    const top = document.createElement('div');
    let parent: Element = top;
    for (let i = 0; i < 10_000; i++) {
      const el = document.createElement(i % 2 ? 'span' : 'b');
      if (i === 5_000) el.appendChild(document.createTextNode('Alexander '));
      parent.appendChild(el);
      parent = el;
    }
    parent.appendChild(document.createTextNode('Lukashenko'));
    const blocks = collectBlocks(top);
    expect(blocks.map((b) => b.text)).toEqual(['Alexander Lukashenko']);
    expect(blocks[0]?.container).toBe(top);
  });

  it('handles 100,000 text nodes', () => {
    const body = document.body;
    for (let p = 0; p < 1_000; p++) {
      const para = document.createElement('p');
      for (let i = 0; i < 50; i++) {
        const b = document.createElement('b');
        b.appendChild(document.createTextNode(`w${i}`));
        para.appendChild(b);
        para.appendChild(document.createTextNode(' '));
      }
      body.appendChild(para);
    }
    const started = performance.now();
    const { text, blocks } = documentText(body);
    const elapsed = performance.now() - started;
    expect(blocks).toHaveLength(1_000);
    // trailing whitespace nodes are dropped: 50 words + 49 spaces per paragraph
    expect(blocks.reduce((n, b) => n + b.block.nodes.length, 0)).toBe(1_000 * 99);
    expect(text.length).toBeGreaterThan(100_000);
    expect(elapsed).toBeLessThan(5_000);
  }, 30_000); // building 150,000 nodes in happy-dom takes seconds; the walk itself ~0.4 s

  it('handles a single 5 MB text node', () => {
    const data = 'Lukashenko said. '.repeat(Math.ceil((5 * 1024 * 1024) / 17));
    const p = document.createElement('p');
    p.appendChild(document.createTextNode(data));
    document.body.appendChild(p);
    const [block] = collectBlocks(document.body);
    if (!block) throw new Error('no block');
    expect(block.text).toBe(data);
    const end = data.length;
    const points = boundaryPoints(block, end - 6, end);
    expect(points.startContainer.data.slice(points.startOffset, points.endOffset)).toBe('said. ');
    expect(offsetInBlock(block, points.endContainer, points.endOffset)).toBe(end);
  });

  it('pauses inside one block of many inline elements, and reads the same block', () => {
    const div = document.createElement('div');
    for (let i = 0; i < 5_000; i++) {
      const span = document.createElement('span');
      span.appendChild(document.createTextNode(i % 100 === 0 ? 'Alexander Lukashenko ' : `w${i} `));
      div.appendChild(span);
    }
    document.body.appendChild(div);
    let pauses = 0;
    const blocks = [];
    for (const step of walkSteps(document.body, undefined, 500)) {
      if (step === PAUSE) pauses++;
      else blocks.push(step);
    }
    // 10,000 nodes (spans and their texts) in one block: about one pause per 500 of them.
    expect(pauses).toBeGreaterThanOrEqual(19);
    const whole = collectBlocks(document.body);
    expect(blocks).toHaveLength(1);
    expect(blocks.map((b) => b.text)).toEqual(whole.map((b) => b.text));
    expect(blocks[0]?.nodes).toEqual(whole[0]?.nodes);
    expect(blocks[0]?.text.match(/Alexander Lukashenko/g)).toHaveLength(50);
  });

  it('is lazy: the first block does not walk the rest of the page', () => {
    for (let i = 0; i < 2_000; i++) {
      const p = document.createElement('p');
      p.appendChild(document.createTextNode(`paragraph ${i}`));
      document.body.appendChild(p);
    }
    let visited = 0;
    const it = walkBlocks(document.body, {
      isHidden: () => {
        visited++;
        return false;
      },
    });
    expect(it.next().value?.text).toBe('paragraph 0');
    expect(visited).toBeLessThan(10);
    expect(it.next().value?.text).toBe('paragraph 1');
    expect(visited).toBeLessThan(12);
    it.return(undefined);
  });

  it('survives a page that replaced built-ins after load', () => {
    document.body.innerHTML = '<p><b>Alexander</b> Lukashenko</p><p hidden>x</p><p contenteditable>y</p>';
    const boom = () => {
      throw new Error('page override called');
    };
    const saved = {
      getAttribute: Element.prototype.getAttribute,
      hasAttribute: Element.prototype.hasAttribute,
      contains: Node.prototype.contains,
      createTreeWalker: document.createTreeWalker,
      push: Array.prototype.push,
    };
    const body = document.body;
    let texts: string[];
    try {
      Element.prototype.getAttribute = boom;
      Element.prototype.hasAttribute = boom;
      Node.prototype.contains = boom;
      document.createTreeWalker = boom;
      Array.prototype.push = boom;
      texts = documentText(body).blocks.map((b) => b.block.text);
    } finally {
      Element.prototype.getAttribute = saved.getAttribute;
      Element.prototype.hasAttribute = saved.hasAttribute;
      Node.prototype.contains = saved.contains;
      document.createTreeWalker = saved.createTreeWalker;
      Array.prototype.push = saved.push;
    }
    expect(texts).toEqual(['Alexander Lukashenko']);
  });
});
