/** Gathers the Text nodes of one block as the walk meets them, and hands out the finished block. */
import type { TextBlock } from './types';

const NON_WHITESPACE = /\S/;

export class BlockBuilder {
  parts: string[] = [];
  nodes: Text[] = [];
  starts: number[] = [];
  length = 0;
  pending: Text[] = [];
  /** The text of each of `pending`, as read. */
  pendingData: string[] = [];
  container: Element | null = null;

  add(node: Text, container: Element): void {
    // Each read of `data` is a call into the DOM and a string handed across it: read once per node.
    const data = node.data;
    if (data.length === 0) return;
    if (!NON_WHITESPACE.test(data)) {
      // Whitespace joins words inside a block ("<b>A</b> <i>B</i>") but never starts or ends one.
      if (this.nodes.length > 0) {
        this.pending[this.pending.length] = node;
        this.pendingData[this.pendingData.length] = data;
      }
      return;
    }
    if (this.nodes.length === 0) this.container = container;
    const pending = this.pending;
    if (pending.length > 0) {
      const pendingData = this.pendingData;
      for (let i = 0; i < pending.length; i++) this.append(pending[i] as Text, pendingData[i] as string);
      this.pending = [];
      this.pendingData = [];
    }
    this.append(node, data);
  }

  private append(node: Text, data: string): void {
    const i = this.nodes.length;
    this.nodes[i] = node;
    this.starts[i] = this.length;
    this.parts[i] = data;
    this.length += data.length;
  }

  take(): TextBlock | null {
    if (this.pending.length > 0) {
      this.pending = [];
      this.pendingData = [];
    }
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
