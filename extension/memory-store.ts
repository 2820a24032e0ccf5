/**
 * The reading memory in extension storage (storage.local, one item; docs/adr/0006-reading-memory-in-storage-local.md says
 * why). The background records and answers cards; the popup and the options page read it and forget from it
 * through the same functions. Web pages never see it, and the content script never imports this module: it only
 * sends what it found and receives what one card shows (core/messages.ts).
 */
import { storage } from 'wxt/utils/storage';
import {
  applyRetention,
  forgetSite,
  type Memory,
  type MemoryPage,
  parseMemory,
  type ReadMemory,
  type Retention,
  rememberPage,
  serialiseMemory,
} from '@/core/memory';

const MEMORY_KEY = 'local:memory';

const memoryItem = storage.defineItem<unknown>(MEMORY_KEY);

/** The stored memory and whether it could be read. Never throws: unreadable storage reads as corrupt. */
export async function readMemory(): Promise<ReadMemory> {
  try {
    return parseMemory(await memoryItem.getValue());
  } catch (err) {
    console.warn('[reader-context] reading memory unreadable', err);
    return parseMemory('unreadable');
  }
}

// Read-modify-write must not interleave: the background records while the options page forgets. Web Locks
// serialise across the extension's pages and its background (one origin); each context also queues its own.
let localQueue: Promise<unknown> = Promise.resolve();
const LOCK_NAME = 'reader-context:memory';

function serialised<T>(task: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  const run = () => (locks ? locks.request(LOCK_NAME, task) : task());
  const result = localQueue.then(run, run);
  localQueue = result.catch(() => undefined);
  return result;
}

/**
 * Writes `memory`. A quota error (storage full for another reason) drops the older half and tries once more:
 * the memory is a convenience, and the newest pages are the ones a reader wants.
 */
async function write(memory: Memory): Promise<void> {
  try {
    await memoryItem.setValue(serialiseMemory(memory));
  } catch (err) {
    if (memory.pages.length < 2) throw err;
    await memoryItem.setValue(serialiseMemory({ pages: memory.pages.slice(0, memory.pages.length >> 1) }));
  }
}

/**
 * Applies `change` to the stored memory. A store from a newer version is left as it is (the change is not made):
 * writing it over would lose what that version keeps. Returns the memory as stored after the change.
 */
export function updateMemory(change: (m: Memory) => Memory): Promise<ReadMemory> {
  return serialised(async () => {
    const read = await readMemory();
    if (read.status === 'newer') return read;
    const memory = change(read.memory);
    await write(memory);
    return { memory, status: 'ok' };
  });
}

export function recordPage(page: MemoryPage, retention: Retention, now = Date.now()): Promise<ReadMemory> {
  return updateMemory((m) => rememberPage(m, page, retention, now));
}

export function forgetMemorySite(site: string): Promise<ReadMemory> {
  return updateMemory((m) => forgetSite(m, site));
}

/** Forget everything: the item is removed, whatever it held (a corrupt or newer store too). */
export function forgetAllMemory(): Promise<void> {
  return serialised(() => memoryItem.removeValue());
}

/** Applies new retention limits at once (the options page, when the reader lowers them). */
export function trimMemory(retention: Retention, now = Date.now()): Promise<ReadMemory> {
  return updateMemory((m) => applyRetention(m, retention, now));
}

/**
 * Calls back with the memory as stored whenever it changes (any context, this one too), parsed from the change
 * itself rather than read again; returns the function that stops watching.
 */
export function watchMemory(cb: (read: ReadMemory) => void): () => void {
  return memoryItem.watch((value) => cb(parseMemory(value)));
}
