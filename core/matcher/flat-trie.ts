/**
 * The trie is stored flat (no object per node, so building tens of thousands of names makes little garbage):
 * nodes are numbers, the root's children sit in a table indexed by code unit, every other edge in one
 * open-addressing hash table keyed by (parent, unit), and payloads in parallel arrays linked per node.
 */

/** Node flag: the node's folded string is declared as a name that is not case-sensitive (counted in size). */
export const NAMED = 1;

/** Node flag: the node has more than one child (the others are in the edge hash table). */
export const BRANCHES = 2;

/**
 * A flat trie over UTF-16 units. Node 0 is the root; child id 0 means "none" (the root is nobody's child).
 * Most nodes have one child, stored inline (`unit0`, `child0`): a new name's chain of nodes is then written
 * sequentially, and walking it reads neighbouring memory. Further children of branching nodes go to one
 * open-addressing hash table of (parent + 1, unit, child) triples; the root's children to a table by unit.
 */
export class FlatTrie {
  /** Nodes in use (root included). */
  count = 1;
  /** Root's child per code unit. */
  readonly root = new Int32Array(0x10000);
  /** Per node: the first child's unit and id (0 none). */
  unit0: Uint16Array;
  child0: Int32Array;
  /** Edge hash table, 3 ints a slot: parent + 1 (0 empty), unit, child. */
  edges: Int32Array;
  /** Slots - 1 (a power of two). */
  eMask: number;
  private eUsed = 0;
  /** Per node: first and last payload + 1 (0 none). */
  first: Int32Array;
  last: Int32Array;
  /** Per node: entity + 1 that first declared this node's folded string as a name (0 none). */
  owner: Int32Array;
  /** Per node: bit flags (NAMED, BRANCHES). */
  flags: Uint8Array;
  // Payloads, linked per node in insertion order: entity, whether a notIn block, cased spelling or null.
  pEntity: Int32Array;
  pBlock: Uint8Array;
  pNext: Int32Array;
  pPrev: Int32Array;
  pCased: (string | null)[] = [];
  pCount = 0;

  constructor(nodeCapacity: number, payloadCapacity: number, edgeSlots: number) {
    let slots = 1024;
    while (slots < edgeSlots) slots *= 2;
    this.eMask = slots - 1;
    this.edges = new Int32Array(3 * slots);
    this.unit0 = new Uint16Array(nodeCapacity + 1);
    this.child0 = new Int32Array(nodeCapacity + 1);
    this.first = new Int32Array(nodeCapacity + 1);
    this.last = new Int32Array(nodeCapacity + 1);
    this.owner = new Int32Array(nodeCapacity + 1);
    this.flags = new Uint8Array(nodeCapacity + 1);
    this.pEntity = new Int32Array(payloadCapacity + 1);
    this.pBlock = new Uint8Array(payloadCapacity + 1);
    this.pNext = new Int32Array(payloadCapacity + 1);
    this.pPrev = new Int32Array(payloadCapacity + 1);
  }

  child(node: number, u: number): number {
    if (node === 0) return this.root[u] as number;
    if (this.unit0[node] === u && this.child0[node] !== 0) return this.child0[node] as number;
    if (((this.flags[node] as number) & BRANCHES) === 0) return 0;
    const edges = this.edges;
    const mask = this.eMask;
    let h = edgeHash(node, u) & mask;
    for (;;) {
      const p = edges[3 * h] as number;
      if (p === 0) return 0;
      if (p === node + 1 && edges[3 * h + 1] === u) return edges[3 * h + 2] as number;
      h = (h + 1) & mask;
    }
  }

  private newNode(): number {
    const id = this.count++;
    if (id >= this.first.length) {
      const cap = 2 * this.first.length;
      this.first = grow32(this.first, cap);
      this.last = grow32(this.last, cap);
      this.owner = grow32(this.owner, cap);
      this.child0 = grow32(this.child0, cap);
      const u0 = new Uint16Array(cap);
      u0.set(this.unit0);
      this.unit0 = u0;
      const f = new Uint8Array(cap);
      f.set(this.flags);
      this.flags = f;
    }
    return id;
  }

  /** The node for `folded`, created as needed. */
  insert(folded: string): number {
    let node = 0;
    for (let k = 0; k < folded.length; k++) {
      const u = folded.charCodeAt(k);
      let next = this.child(node, u);
      if (next === 0) {
        next = this.newNode();
        if (node === 0) this.root[u] = next;
        else if (this.child0[node] === 0) {
          this.unit0[node] = u;
          this.child0[node] = next;
        } else {
          this.flags[node] = (this.flags[node] as number) | BRANCHES;
          this.link(node, u, next);
        }
      }
      node = next;
    }
    return node;
  }

  private link(node: number, u: number, child: number): void {
    if (2 * (this.eUsed + 1) > this.eMask + 1) this.rehash(2 * (this.eMask + 1));
    const edges = this.edges;
    const mask = this.eMask;
    let h = edgeHash(node, u) & mask;
    while (edges[3 * h] !== 0) h = (h + 1) & mask;
    edges[3 * h] = node + 1;
    edges[3 * h + 1] = u;
    edges[3 * h + 2] = child;
    this.eUsed++;
  }

  private rehash(slots: number): void {
    const old = this.edges;
    this.edges = new Int32Array(3 * slots);
    this.eMask = slots - 1;
    this.eUsed = 0;
    for (let h = 0; h < old.length; h += 3) {
      const p = old[h] as number;
      if (p !== 0) this.link(p - 1, old[h + 1] as number, old[h + 2] as number);
    }
  }

  /** Drops the unused tail of the per-node and payload arrays (they were sized by a guess). */
  trim(): void {
    const n = this.count;
    this.unit0 = this.unit0.slice(0, n);
    this.child0 = this.child0.slice(0, n);
    this.first = this.first.slice(0, n);
    this.flags = this.flags.slice(0, n);
    this.last = new Int32Array(0); // only needed while adding payloads
    this.owner = new Int32Array(0); // only needed while compiling
    const p = this.pCount + 1;
    this.pEntity = this.pEntity.slice(0, p);
    this.pBlock = this.pBlock.slice(0, p);
    this.pNext = this.pNext.slice(0, p);
    this.pPrev = new Int32Array(0);
  }

  /** Sets `bit` on `node`; true if it was not set before. */
  flag(node: number, bit: number): boolean {
    const f = this.flags[node] as number;
    if ((f & bit) !== 0) return false;
    this.flags[node] = f | bit;
    return true;
  }

  /**
   * Adds a payload at `node`. One payload per (entity, block) pair and case form: duplicates only slow the
   * terminal check. An entity's names are inserted together, so its payloads at a node are the last ones:
   * look only there (a name shared by many entities would make a full scan quadratic).
   */
  addPayload(node: number, entity: number, block: boolean, cased: string | null): void {
    for (let p = this.last[node] as number; p !== 0; p = this.pPrev[p] as number) {
      if (this.pEntity[p] !== entity) break;
      if ((this.pBlock[p] === 1) === block && this.pCased[p] === cased) return;
    }
    const p = ++this.pCount;
    if (p >= this.pEntity.length) {
      const cap = 2 * this.pEntity.length;
      this.pEntity = grow32(this.pEntity, cap);
      this.pNext = grow32(this.pNext, cap);
      this.pPrev = grow32(this.pPrev, cap);
      const b = new Uint8Array(cap);
      b.set(this.pBlock);
      this.pBlock = b;
    }
    this.pEntity[p] = entity;
    this.pBlock[p] = block ? 1 : 0;
    this.pCased[p] = cased;
    const tail = this.last[node] as number;
    this.pPrev[p] = tail;
    if (tail === 0) this.first[node] = p;
    else this.pNext[tail] = p;
    this.last[node] = p;
  }
}

export function edgeHash(node: number, u: number): number {
  return Math.imul(node ^ Math.imul(u, 0x85ebca6b), 0x9e3779b1) ^ (node >>> 7);
}

function grow32(a: Int32Array, cap: number): Int32Array {
  const g = new Int32Array(cap);
  g.set(a);
  return g;
}
