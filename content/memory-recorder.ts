/**
 * The content script's part of the reading memory: after a scan, what the page names (its title, the day it says
 * it was published, and per entity how often it is named and the first sentence naming it), sent to the
 * background in one message. The background decides whether to keep it (memory on, site on, tab not private) and
 * takes the page's address and site from the sender; this side only stays quiet where nothing may be kept, so a
 * private window or a reader with the memory off costs nothing. It runs in page-facts.js (content/page-facts.ts),
 * which content.js loads only when a pass ends with the memory on; the record is content/page-record.ts's.
 *
 * Off the scan's path: built in a background-priority task after the first pass ends. A page that keeps changing
 * is recorded again at most once a minute, and only when its counts changed.
 */
import type { Settings } from '@/core/settings';
import type { RecordedStore, RecordMessage } from './page-record';

/** A page that keeps changing is recorded again at most this often. */
export const RERECORD_MS = 60_000;

export interface RecorderDeps {
  store: RecordedStore;
  settings(): Settings;
  /** The page's record (content/page-record.ts), from page-facts.js; null when there is nothing to record. */
  build(): Promise<RecordMessage | null>;
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
      void this.recordNow().finally(() => {
        this.posted = false;
      });
    });
  }

  /** Builds and sends the record; `posted` stays set until it is done, so one record is in flight at a time. */
  private async recordNow(): Promise<void> {
    const { deps } = this;
    if (!deps.settings().memory || !deps.isOn()) return;
    const key = deps.store
      .entityCounts()
      .map((c) => `${c.id}:${c.count}`)
      .join(',');
    if (key === this.lastKey) return;
    // A failed load of page-facts.js records nothing this time; the next pass tries again.
    const msg = await deps.build().catch(() => null);
    if (!msg || !deps.isOn()) return;
    this.lastKey = key;
    this.lastSent = deps.now();
    deps.send(msg);
  }
}
