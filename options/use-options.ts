/**
 * The options page's state: the stored settings, kept current when they change elsewhere (popup switch, "I know
 * this one"), and what saving, importing and exporting do. Every storage call comes in through `OptionsDeps`, so
 * the page runs in happy-dom with fakes (tests/dom/options).
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { ImportOutcome } from '@/components/options/OptionsForm';
import type { Knowledge } from '@/core/knowledge/types';
import type { Settings } from '@/core/settings';
import type { ImportResult } from '@/core/settings-io';

export interface OptionsDeps {
  knowledge: Pick<Knowledge, 'entities'>;
  getSettings(): Promise<Settings>;
  watchSettings(cb: (s: Settings) => void): () => void;
  updateSettings(change: Partial<Settings>): Promise<Settings>;
  exportSettings(s: Settings): string;
  /** Validates a file's text and stores it only when valid. */
  importAndSaveSettings(json: string): Promise<ImportResult>;
  normaliseSite(input: string): string | null;
  /** Offers text as a file download. */
  download(filename: string, text: string): void;
  dwellRange?: { min: number; max: number } | undefined;
}

export const EXPORT_FILENAME = 'reader-context-settings.json';

export function useOptions(deps: OptionsDeps) {
  const [settings, setSettings] = useState<Settings | undefined>(undefined);
  const names = useMemo(() => new Map(deps.knowledge.entities.map((e) => [e.id, e.name])), [deps.knowledge]);

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
    setSettings(await deps.updateSettings(patch));
  };
  const onImport = async (text: string): Promise<ImportOutcome> => {
    const result = await deps.importAndSaveSettings(text);
    if (result.ok) setSettings(result.settings);
    return result.ok ? { ok: true } : { ok: false, error: result.error };
  };
  const onExport = (current: Settings) => deps.download(EXPORT_FILENAME, deps.exportSettings(current));

  return { settings, nameOf: (id: string) => names.get(id), onChange, onImport, onExport };
}
