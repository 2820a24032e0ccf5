// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { aimRange, boundaryPoints, offsetInBlock, toRange } from '@/dom/text/ranges';
import type { TextBlock } from '@/dom/text/types';
import { collectBlocks } from '@/dom/text/walk';

afterEach(() => {
  document.body.innerHTML = '';
});

function oneBlock(html: string): TextBlock {
  document.body.innerHTML = `<p id="p">${html}</p>`;
  const blocks = collectBlocks(document.getElementById('p') as Element);
  expect(blocks).toHaveLength(1);
  return blocks[0] as TextBlock;
}

function liveRange(block: TextBlock, start: number, end: number): Range {
  const p = boundaryPoints(block, start, end);
  const range = document.createRange();
  range.setStart(p.startContainer, p.startOffset);
  range.setEnd(p.endContainer, p.endOffset);
  return range;
}

describe('boundaryPoints', () => {
  const html = '<b>Alexander</b> <i>Luka<u>shen</u>ko</i> met <a>V</a>. Putin';

  it('maps every [start,end) exactly: the Range text equals the block text slice, across node edges', () => {
    const block = oneBlock(html);
    expect(block.text).toBe('Alexander Lukashenko met V. Putin');
    expect(block.nodes.length).toBeGreaterThan(5);
    const n = block.text.length;
    for (let s = 0; s <= n; s++) {
      for (let e = s; e <= n; e++) {
        expect(liveRange(block, s, e).toString(), `[${s},${e})`).toBe(block.text.slice(s, e));
      }
    }
  });

  it('starts at the beginning of the next node and ends at the end of the previous one at node edges', () => {
    const block = oneBlock(html);
    const start = block.text.indexOf('Lukashenko');
    const p = boundaryPoints(block, start, start + 'Lukashenko'.length);
    expect(p.startContainer.data).toBe('Luka');
    expect(p.startOffset).toBe(0);
    expect(p.endContainer.data).toBe('ko');
    expect(p.endOffset).toBe(2);
    const whole = boundaryPoints(block, 0, 'Alexander'.length);
    expect(whole.endContainer).toBe(whole.startContainer);
    expect(whole.endOffset).toBe('Alexander'.length);
  });

  it('rejects offsets outside the block', () => {
    const block = oneBlock('abc');
    expect(() => boundaryPoints(block, -1, 2)).toThrow(RangeError);
    expect(() => boundaryPoints(block, 2, 1)).toThrow(RangeError);
    expect(() => boundaryPoints(block, 0, 4)).toThrow(RangeError);
  });
});

describe('toRange', () => {
  it('falls back to a live Range where StaticRange is missing', () => {
    const block = oneBlock('<b>Alexander</b> Lukashenko');
    const range = toRange(block, 0, 20);
    expect(range).toBeInstanceOf(Range);
    expect((range as Range).toString()).toBe('Alexander Lukashenko');
  });

  it("uses the document's StaticRange when there is one", () => {
    const block = oneBlock('<b>Alexander</b> Lukashenko');
    const view = document.defaultView as unknown as { StaticRange?: unknown };
    class FakeStaticRange {
      constructor(readonly init: StaticRangeInit) {}
    }
    const saved = view.StaticRange;
    view.StaticRange = FakeStaticRange;
    try {
      const range = toRange(block, 2, 12) as unknown as FakeStaticRange;
      expect(range).toBeInstanceOf(FakeStaticRange);
      expect(range.init).toEqual(boundaryPoints(block, 2, 12));
    } finally {
      view.StaticRange = saved;
    }
  });
});

describe('offsetInBlock', () => {
  it('round-trips every offset through boundary points', () => {
    const block = oneBlock('<b>Alexander</b> <i>Luka<u>shen</u>ko</i> met');
    for (let o = 0; o <= block.text.length; o++) {
      const p = boundaryPoints(block, o, o);
      expect(offsetInBlock(block, p.startContainer, p.startOffset)).toBe(o);
      const q = boundaryPoints(block, 0, o);
      expect(offsetInBlock(block, q.endContainer, q.endOffset)).toBe(o);
    }
  });

  it('works for blocks with many nodes (indexed lookup) and rejects foreign nodes', () => {
    const block = oneBlock(Array.from({ length: 200 }, (_, i) => `<span>w${i} </span>`).join(''));
    expect(block.nodes).toHaveLength(200);
    for (let i = 0; i < 200; i += 7) {
      const node = block.nodes[i] as Text;
      expect(offsetInBlock(block, node, 1)).toBe(block.text.indexOf(`w${i} `) + 1);
    }
    expect(offsetInBlock(block, document.createTextNode('x'), 0)).toBe(-1);
    expect(offsetInBlock(block, block.nodes[3] as Text, 999)).toBe((block.starts[3] as number) + 3);
  });
});

describe('aimRange (one Range reused to measure many blocks)', () => {
  function paragraphs(n: number): Text[] {
    document.body.innerHTML = Array.from({ length: n }, (_, i) => `<p>para<b>graph</b> ${i}</p>`).join('');
    return [...document.querySelectorAll('p')].map((p) => p.firstChild as Text);
  }

  it('points the range at the new place wherever it was before, forwards and backwards', () => {
    const texts = paragraphs(6);
    const range = document.createRange();
    for (const [a, b] of [
      [0, 1],
      [4, 5],
      [1, 2],
      [3, 3],
      [0, 5],
    ] as const) {
      const start = texts[a] as Text;
      const end = texts[b] as Text;
      aimRange(range, start, 1, end, 3);
      expect(range.startContainer).toBe(start);
      expect(range.startOffset).toBe(1);
      expect(range.endContainer).toBe(end);
      expect(range.endOffset).toBe(3);
    }
  });

  it('never moves the start while the range still ends at its old place (Chromium walks the siblings between them)', () => {
    const texts = paragraphs(8);
    const range = document.createRange();
    aimRange(range, texts[0] as Text, 0, texts[1] as Text, 2);
    const farFromNewStart: string[] = [];
    const setStart = range.setStart.bind(range);
    range.setStart = (node: Node, offset: number) => {
      if (range.endContainer !== node)
        farFromNewStart.push(`${node.textContent} ← ${range.endContainer.textContent}`);
      setStart(node, offset);
    };
    aimRange(range, texts[6] as Text, 1, texts[7] as Text, 2);
    aimRange(range, texts[2] as Text, 0, texts[2] as Text, 3);
    expect(farFromNewStart).toEqual([]);
  });

  it('throws, as setStart does, for an offset past the end of the node', () => {
    const texts = paragraphs(2);
    const range = document.createRange();
    expect(() => aimRange(range, texts[0] as Text, 99, texts[1] as Text, 1)).toThrow();
  });
});
