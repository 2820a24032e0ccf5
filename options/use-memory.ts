/**
 * The options page's view of the reading memory: how many pages it holds and whether it could be read, kept
 * current as the background records; and what forgetting, trimming and exporting do. Every storage call comes in
 * through `MemoryDeps`, so the section runs in happy-dom with fakes.
 */
import { useEffect, useState } from 'preact/hooks';
import type { MemoryStatus, ReadMemory, Retention } from '@/core/memory';

export interface MemoryDeps {
  readMemory(): Promise<ReadMemory>;
  watchMemory(cb: () => void): () => void;
  forgetSite(site: string): Promise<unknown>;
  forgetAll(): Promise<unknown>;
  trim(retention: Retention): Promise<unknown>;
}

export const MEMORY_EXPORT_FILENAME = 'reader-context-reading-memory.json';

export interface MemoryView {
  pages: number;
  status: MemoryStatus;
}

export function useMemory(deps: MemoryDeps | undefined, download: (filename: string, text: string) => void) {
  const [view, setView] = useState<MemoryView | undefined>(undefined);
  useEffect(() => {
    if (!deps) return;
    let live = true;
    const read = () =>
      void deps.readMemory().then((r) => {
        if (live) setView({ pages: r.memory.pages.length, status: r.status });
      });
    read();
    const stop = deps.watchMemory(read);
    return () => {
      live = false;
      stop();
    };
  }, [deps]);

  const onExport = async () => {
    if (!deps) return;
    const { memory } = await deps.readMemory();
    download(MEMORY_EXPORT_FILENAME, JSON.stringify({ app: 'reader-context', memory }, null, 2));
  };
  return { view, onExport };
}
