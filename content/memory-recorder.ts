/**
 * The content script's part of the reading memory: after a scan, what the page names (its title, the day it says
 * it was published, and per entity how often it is named and the first sentence naming it), sent to the
 * background in one message. The background decides whether to keep it (memory on, site on, tab not private) and
 * takes the page's address and site from the sender; this side only stays quiet where nothing may be kept, so a
 * private window or a reader with the memory off costs nothing.
 *
 * Off the scan's path: built in a background-priority task after the first pass ends. A page that keeps changing
 * is recorded again at most once a minute, and only when its counts changed.
 */
import { MAX_ENTITIES_PER_PAGE, MAX_TITLE_LENGTH, sentenceAround, trimAtWord } from '@/core/memory';
import type { ToBackground } from '@/core/messages';
import type { Settings } from '@/core/settings';
import { pagePublishedDate } from './page-date';
import type { MentionStore } from './store';

type RecordMessage = Extract<ToBackground, { type: 'memory:record' }>;
/** What a record is built from: the page's counts and its blocks in document order. */
export type RecordedStore = Pick<MentionStore, 'entityCounts' | 'blocksInOrder'>;

/** A page that keeps changing is recorded again at most this often. */
export const RERECORD_MS = 60_000;

/** The page's headline: Open Graph's title, else its first heading, else the document's title. */
export function pageTitle(doc: Document): string | null {
  const candidates = [
    doc.querySelector('meta[property="og:title"]')?.getAttribute('content'),
    doc.querySelector('h1')?.textContent,
    doc.title,
  ];
  for (const c of candidates) {
    const title = trimAtWord(c ?? '', MAX_TITLE_LENGTH);
    if (title) return title;
  }
  return null;
}

/** What the page names, as one `memory:record` message; null when it names nothing or has no title. */
export function buildRecord(doc: Document, store: RecordedStore): RecordMessage | null {
  const counts = store.entityCounts().slice(0, MAX_ENTITIES_PER_PAGE);
  const title = pageTitle(doc);
  if (counts.length === 0 || !title) return null;
  const wanted = new Map(counts.map((c) => [c.id, c.count]));
  const sentences = new Map<string, string>();
  for (const record of store.blocksInOrder()) {
    for (const m of record.mentions) {
      if (!wanted.has(m.entity) || sentences.has(m.entity)) continue;
      const sentence = sentenceAround(record.block.text, m.start, m.end);
      if (sentence) sentences.set(m.entity, sentence);
    }
    if (sentences.size === wanted.size) break;
  }
  const entities = counts
    .filter((c) => sentences.has(c.id))
    .map((c) => ({ id: c.id, count: c.count, sentence: sentences.get(c.id) as string }));
  if (entities.length === 0) return null;
  const published = pagePublishedDate(doc);
  return { type: 'memory:record', title, ...(published ? { published } : {}), entities };
}

export interface RecorderDeps {
  doc: Document;
  store: RecordedStore;
  settings(): Settings;
  /** The page is scanned and highlighted (not switched off, not paused). */
  isOn(): boolean;
  /** A private (incognito) window: nothing is sent at all. */
  privateWindow: boolean;
  /** Runs `fn` in a background-priority task. */
  post(fn: () => void): void;
  now(): number;
  setTimer(fn: () => void, ms: number): number;
  send(msg: RecordMessage): void;
}

export class MemoryRecorder {
  private lastSent = Number.NEGATIVE_INFINITY;
  private lastKey = '';
  private timer: number | null = null;
  private posted = false;

  constructor(private readonly deps: RecorderDeps) {}

  /** A scan pass ended: record now, or later if a record was sent less than a minute ago. */
  passEnded(): void {
    if (this.deps.privateWindow || this.posted || this.timer !== null) return;
    const wait = this.lastSent + RERECORD_MS - this.deps.now();
    if (wait > 0) {
      this.timer = this.deps.setTimer(() => {
        this.timer = null;
        this.schedule();
      }, wait);
    } else this.schedule();
  }

  private schedule(): void {
    this.posted = true;
    this.deps.post(() => {
      this.posted = false;
      this.recordNow();
    });
  }

  private recordNow(): void {
    const { deps } = this;
    if (!deps.settings().memory || !deps.isOn()) return;
    const key = deps.store
      .entityCounts()
      .map((c) => `${c.id}:${c.count}`)
      .join(',');
    if (key === this.lastKey) return;
    const msg = buildRecord(deps.doc, deps.store);
    if (!msg) return;
    this.lastKey = key;
    this.lastSent = deps.now();
    deps.send(msg);
  }
}
