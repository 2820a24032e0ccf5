/**
 * One value in storage.local with its meta record, the layout @wxt-dev/storage gives a `local:<key>` item (the value
 * under `<key>`, the meta under `<key>$`), so what earlier versions stored reads the same. Written against the
 * browser's API directly: the content script, on every page, imports it.
 */
import { browser } from 'wxt/browser';

export interface LocalItem<T, M extends Record<string, unknown>> {
  /** The stored value; `fallback` when none is stored. */
  getValue(): Promise<T>;
  setValue(value: T): Promise<void>;
  /** The meta record; empty when none is stored. */
  getMeta(): Promise<Partial<M>>;
  /** Merges `meta` into the stored record. */
  setMeta(meta: Partial<M>): Promise<void>;
  /** Calls back on every change of the value (not of its meta); returns the function that stops watching. */
  watch(cb: (value: T, previous: T) => void): () => void;
}

const area = () => browser.storage.local;

/** The raw value under `key`, undefined when none. May throw (storage unavailable). */
export async function readLocal(key: string): Promise<unknown> {
  return (await area().get(key))[key];
}

const asRecord = (x: unknown): Record<string, unknown> =>
  x != null && typeof x === 'object' && !Array.isArray(x) ? (x as Record<string, unknown>) : {};

export function localItem<T, M extends Record<string, unknown>>(key: string, fallback: T): LocalItem<T, M> {
  const metaKey = `${key}$`;
  const getMeta = async () => asRecord(await readLocal(metaKey)) as Partial<M>;
  return {
    getValue: async () => ((await readLocal(key)) ?? fallback) as T,
    setValue: (value) => area().set({ [key]: value }),
    getMeta,
    setMeta: async (meta) => {
      await area().set({ [metaKey]: { ...(await getMeta()), ...meta } });
    },
    watch(cb) {
      const listener = (changes: Record<string, { newValue?: unknown; oldValue?: unknown }>) => {
        const change = changes[key];
        // A write of the same value is no change (storage.local reports it in Chromium).
        if (!change || JSON.stringify(change.newValue) === JSON.stringify(change.oldValue)) return;
        cb((change.newValue ?? fallback) as T, (change.oldValue ?? fallback) as T);
      };
      area().onChanged.addListener(listener);
      return () => area().onChanged.removeListener(listener);
    },
  };
}
