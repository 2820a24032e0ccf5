/**
 * The popup's view of the reading memory: for the entities on the page, how many earlier pages name each, and
 * those pages on demand. Read from storage when the popup opens and again whenever the memory changes; nothing
 * is shown while the memory is off.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import {
  applyRetention,
  type EarlierPage,
  earlierCounts,
  earlierPages,
  type Memory,
  type ReadMemory,
} from '@/core/memory';
import type { Settings } from '@/core/settings';

export interface PopupMemoryDeps {
  readMemory(): Promise<ReadMemory>;
  watchMemory(cb: () => void): () => void;
  forgetSite(site: string): Promise<unknown>;
}

/** At most this many earlier pages are listed per entity in the popup. */
export const POPUP_EARLIER_PAGES = 10;

export interface Earlier {
  count(id: string): number;
  pages(id: string): EarlierPage[];
}

export function useEarlier(
  deps: PopupMemoryDeps | undefined,
  settings: Settings | undefined,
  pageUrl: string | undefined,
  ids: readonly string[],
): Earlier | undefined {
  const [memory, setMemory] = useState<Memory | undefined>(undefined);
  const on = settings?.memory === true;
  useEffect(() => {
    if (!deps || !on) return;
    let live = true;
    const read = () =>
      void deps.readMemory().then((r) => {
        if (live) setMemory(r.memory);
      });
    read();
    const stop = deps.watchMemory(read);
    return () => {
      live = false;
      stop();
    };
  }, [deps, on]);

  return useMemo(() => {
    if (!on || !memory || !settings || !pageUrl) return undefined;
    const kept = applyRetention(
      memory,
      { days: settings.memoryDays, pages: settings.memoryPages },
      Date.now(),
    );
    const counts = earlierCounts(kept, ids, pageUrl);
    return {
      count: (id) => counts[id] ?? 0,
      pages: (id) => earlierPages(kept, id, pageUrl, POPUP_EARLIER_PAGES),
    };
  }, [on, memory, settings, pageUrl, ids]);
}
