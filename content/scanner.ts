/**
 * The scanner: walks the page's text in time slices, matches each block (a long block a chunk at a time) and puts
 * what it finds in the store. One pass at a time: the first walk over the whole page, then rescans of what the page
 * changed, queued by the mutation follower.
 */
import type { CompiledMatcher, Mention } from '@/core/matcher/types';
import { type SliceEnv, SliceRunner } from '@/core/slices';
import { PAUSE, type ScanOptions, type TextBlock, walkSteps } from '@/dom/text-blocks';
import type { MentionFilter } from './filter';
import type { HighlightWindow } from './highlight-window';
import type { Rec } from './mention';
import type { MentionStore } from './store';

/**
 * A block longer than this is matched in pieces, so one step of the sliced scan stays well under a millisecond
 * even for a single multi-megabyte text node.
 */
const CHUNK = 64 * 1024;
/**
 * Nodes the walk visits in one step at most, blocks or not: a block of any number of inline elements is read over
 * many steps, so no step runs long whatever the shape of the page. A few hundred nodes are well under a
 * millisecond of the walk's per-node checks.
 */
const NODES_PER_STEP = 512;

export type PassKind = 'initial' | 'incremental';

export interface ScannerDeps {
  matcher: CompiledMatcher;
  store: MentionStore;
  filter: MentionFilter;
  window: HighlightWindow;
  /** Background-priority tasks, for the scan's slices. */
  env: SliceEnv;
  /** What the walk skips, and where it reports shadow roots and lost places (set by the page). */
  options(): ScanOptions;
  /** A pass is over: nothing left to scan. */
  onPassEnd(kind: PassKind): void;
  /** Write a 'reader-context:scan' measure per pass (the test hooks switch, extension/test-hooks.ts). */
  timing: boolean;
}

export class Scanner {
  private runner: SliceRunner;
  private passStart = 0;
  private kind: PassKind = 'initial';
  private active = false;
  /** The page has changed since the first walk began: until it does, the walk's blocks need no check against it. */
  private pageChanged = false;
  /** Records added so far (a change counter: did a rescan find anything?). */
  added = 0;

  constructor(private readonly deps: ScannerDeps) {
    this.runner = this.newRunner();
  }

  /** A pass is under way. */
  get scanning(): boolean {
    return this.active;
  }

  /** The first walk over the page is under way (no mention is known to be an entity's first yet). */
  get firstWalk(): boolean {
    return this.active && this.kind === 'initial';
  }

  /** The page changed: blocks the first walk reaches from now on are checked against what it already has. */
  markPageChanged(): void {
    this.pageChanged = true;
  }

  /** The one walk over the whole page, in document order. */
  startPage(root: Node): void {
    this.kind = 'initial';
    this.pageChanged = false;
    this.scan(root, true);
  }

  /**
   * @param inOrder the one walk over the whole page, in document order. Any other scan is of something the page
   *   changed, and its blocks are "loose".
   */
  scan(root: Node, inOrder = false): void {
    if (!this.active) {
      this.active = true;
      this.passStart = performance.now();
    }
    const blocks = walkSteps(root, this.deps.options(), NODES_PER_STEP);
    const { matcher } = this.deps;
    // A block longer than one chunk is matched a chunk per step, so the runner can yield between chunks.
    let long: { block: TextBlock; from: number; mentions: Mention[] } | null = null;
    this.runner.add(() => {
      // A huge block's text nodes are mapped to its record a step at a time (MentionStore.mapSome).
      if (this.deps.store.mapSome()) return true;
      if (!long) {
        const next = blocks.next();
        if (next.done) return false;
        if (next.value === PAUSE) return true;
        if (next.value.text.length <= CHUNK) {
          this.addBlock(next.value, matcher.match(next.value.text), inOrder);
          return true;
        }
        long = { block: next.value, from: 0, mentions: [] };
      }
      const { text } = long.block;
      const end = nextChunkEnd(text, long.from);
      for (const m of matcher.match(text.slice(long.from, end)))
        long.mentions.push({ ...m, start: m.start + long.from, end: m.end + long.from });
      long.from = end;
      if (end >= text.length) {
        this.addBlock(long.block, long.mentions, inOrder);
        long = null;
      }
      return true;
    });
  }

  /** Run queued steps now, for at most `ms` (at least one step). */
  runNow(ms: number): void {
    this.runner.runNow(ms);
  }

  stop(): void {
    this.runner.stop();
    this.runner = this.newRunner();
    this.active = false;
  }

  private newRunner(): SliceRunner {
    return new SliceRunner(this.deps.env, undefined, () => this.onIdle());
  }

  private addBlock(block: TextBlock, mentions: Mention[], inOrder: boolean): void {
    const { store, filter } = this.deps;
    const rec: Rec = { block, mentions };
    // While the page has not changed, the first walk's blocks are whole and new: the checks below would cost a
    // lookup per text node of the page.
    if (!inOrder || this.pageChanged) {
      // Text the page took out while the walk was paused inside its block: the rescan of what changed around it
      // (queued by the removal) reads what is left.
      for (const n of block.nodes) if (!n.isConnected) return;
      // A block replaces the record its text nodes had, so each text node belongs to one record: a rescan replaces
      // the record an earlier scan made before the page changed the block, and the first walk, reaching a block the
      // page moved ahead of it, replaces the record it made where the block was.
      const older = store.recordsOfNodes(block);
      if (older.size > 0) {
        store.remove(older);
        // Their first mentions carry over to the new record.
        filter.inherit(older, rec);
      }
    }
    if (mentions.length === 0) return;
    this.added++;
    store.put(rec, inOrder);
    this.deps.window.added(rec, inOrder);
  }

  private onIdle(): void {
    if (!this.active) return;
    this.active = false;
    const end = performance.now();
    if (this.deps.timing) this.measure(end);
    const kind = this.kind;
    this.kind = 'incremental';
    this.deps.onPassEnd(kind);
  }

  /** One measure per pass, always the same name, so tools can count passes and read their cost. */
  private measure(end: number): void {
    try {
      performance.measure('reader-context:scan', {
        start: this.passStart,
        end,
        detail: {
          kind: this.kind,
          blocks: this.deps.store.size,
          mentions: this.deps.store.totalMentions(),
          longestSliceMs: Math.round(this.runner.longestSliceMs * 10) / 10,
          slices: this.runner.slices,
        },
      });
    } catch {
      // A page that replaced performance.measure cannot break the scan; the measure is for tools only.
    }
  }
}

/**
 * Where the chunk of a long text that starts at `from` ends: a sentence end (else any white space) in the second
 * half of the chunk, so no name is cut in two. Computed one chunk at a time, so even finding the cuts of a
 * multi-megabyte text node never runs as one long task.
 */
export function nextChunkEnd(text: string, from: number): number {
  if (text.length - from <= CHUNK) return text.length;
  const window = text.slice(from + CHUNK / 2, from + CHUNK);
  let cut = -1;
  const sentence = /[.!?]\s/g;
  for (let m = sentence.exec(window); m; m = sentence.exec(window)) cut = m.index + 1;
  if (cut < 0) cut = Math.max(window.lastIndexOf('\n'), window.lastIndexOf(' '));
  return cut < 0 ? from + CHUNK : from + CHUNK / 2 + cut;
}
