/** Gathers the Text nodes of one block as the walk meets them, and hands out the finished block. */
import type { TextBlock } from './types';

const NON_WHITESPACE = /\S/;

export class BlockBuilder {
  parts: string[] = [];
  nodes: Text[] = [];
  starts: number[] = [];
  length = 0;
  pending: Text[] = [];
  container: Element | null = null;

  add(node: Text, container: Element): void {
    const data = node.data;
    if (data.length === 0) return;
    if (!NON_WHITESPACE.test(data)) {
      // Whitespace joins words inside a block ("<b>A</b> <i>B</i>") but never starts or ends one.
      if (this.nodes.length > 0) this.pending[this.pending.length] = node;
      return;
    }
    if (this.nodes.length === 0) this.container = container;
    const pending = this.pending;
    for (let i = 0; i < pending.length; i++) this.append(pending[i] as Text);
    if (pending.length > 0) this.pending = [];
    this.append(node);
  }

  private append(node: Text): void {
    const i = this.nodes.length;
    this.nodes[i] = node;
    this.starts[i] = this.length;
    this.parts[i] = node.data;
    this.length += node.data.length;
  }

  take(): TextBlock | null {
    if (this.pending.length > 0) this.pending = [];
    if (this.nodes.length === 0) return null;
    const block: TextBlock = {
      text: this.parts.length === 1 ? (this.parts[0] as string) : this.parts.join(''),
      nodes: this.nodes,
      starts: this.starts,
      container: this.container as Element,
    };
    this.parts = [];
    this.nodes = [];
    this.starts = [];
    this.length = 0;
    this.container = null;
    return block;
  }
}
