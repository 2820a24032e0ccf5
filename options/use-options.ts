/**
 * The options page's state: the stored settings, kept current when they change elsewhere (popup switch, "I know
 * this one"), and what saving, importing and exporting do. Every storage call comes in through `OptionsDeps`, so
 * the page runs in happy-dom with fakes (tests/dom/options).
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { ImportOutcome } from '@/components/options/OptionsForm';
import type { Knowledge } from '@/core/knowledge/types';
import type { Settings } from '@/core/settings';
import { IMPORT_TOO_LARGE, type ImportResult, MAX_IMPORT_BYTES } from '@/core/settings-io';
import { t } from '@/extension/i18n';
import type { Shortcut } from '@/extension/shortcuts';
import type { MemoryDeps } from './use-memory';

export interface OptionsDeps {
  knowledge: Pick<Knowledge, 'entities'>;
  getSettings(): Promise<Settings>;
  watchSettings(cb: (s: Settings) => void): () => void;
  updateSettings(change: Partial<Settings>): Promise<Settings>;
  exportSettings(s: Settings): string;
  /** Validates a file's text and stores it only when valid; known entities the knowledge lacks are left out. */
  importAndSaveSettings(json: string): Promise<ImportResult>;
  normaliseSite(input: string): string | null;
  /** The keyboard shortcuts as the browser has them; null where there are none (Firefox for Android). */
  readShortcuts?(): Promise<Shortcut[] | null>;
  openShortcutSettings?(): void;
  /** Offers text as a file download. */
  download(filename: string, text: string): void;
  dwellRange?: { min: number; max: number } | undefined;
  /** The reading memory's store; the section is left out without it. */
  memory?: MemoryDeps | undefined;
}

export const EXPORT_FILENAME = 'reader-context-settings.json';

export function useOptions(deps: OptionsDeps) {
  const [settings, setSettings] = useState<Settings | undefined>(undefined);
  const names = useMemo(() => new Map(deps.knowledge.entities.map((e) => [e.id, e.name])), [deps.knowledge]);

  const [shortcuts, setShortcuts] = useState<Shortcut[] | null>(null);
  useEffect(() => {
    let live = true;
    // Read again when the page is shown: the reader may have just changed them on the browser's page.
    const read = () =>
      void deps.readShortcuts?.().then(
        (s) => {
          if (live) setShortcuts(s);
        },
        () => {},
      );
    read();
    document.addEventListener('visibilitychange', read);
    return () => {
      live = false;
      document.removeEventListener('visibilitychange', read);
    };
  }, [deps]);

  useEffect(() => {
    let live = true;
    void deps.getSettings().then((s) => {
      if (live) setSettings(s);
    });
    const stop = deps.watchSettings(setSettings);
    return () => {
      live = false;
      stop();
    };
  }, [deps]);

  const onChange = async (patch: Partial<Settings>) => {
    setSettings((s) => (s ? { ...s, ...patch } : s)); // optimistic; the stored, parsed value follows
    const stored = await deps.updateSettings(patch);
    setSettings(stored);
    // Lower limits apply at once, not only on the next page recorded.
    if (patch.memoryDays !== undefined || patch.memoryPages !== undefined)
      await deps.memory?.trim({ days: stored.memoryDays, pages: stored.memoryPages });
  };
  const onImport = async (file: Blob): Promise<ImportOutcome> => {
    // Before reading: a file far larger than any settings file is refused without loading it into memory.
    if (file.size > MAX_IMPORT_BYTES) return { ok: false, error: IMPORT_TOO_LARGE };
    let text: string;
    try {
      text = await file.text();
    } catch {
      return { ok: false, error: t('optionsImportUnreadable') };
    }
    const result = await deps.importAndSaveSettings(text);
    if (!result.ok) return { ok: false, error: result.error };
    setSettings(result.settings);
    return { ok: true, leftOut: result.leftOut?.length ?? 0 };
  };
  const onExport = (current: Settings) => deps.download(EXPORT_FILENAME, deps.exportSettings(current));

  return { settings, shortcuts, nameOf: (id: string) => names.get(id), onChange, onImport, onExport };
}
