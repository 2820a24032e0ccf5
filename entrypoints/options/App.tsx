/**
 * The options page: OptionsForm wired to the stored settings through `OptionsDeps`, so it runs in happy-dom
 * with fakes (tests/dom/options). Changes made elsewhere (popup switch, "I know this one") show at once.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { type ImportOutcome, OptionsForm } from '../../components/options/OptionsForm';
import { t } from '../../core/i18n';
import type { Knowledge } from '../../core/knowledge/types';
import type { Settings } from '../../core/settings';
import type { ImportResult } from '../../core/settings-io';

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

export function OptionsApp(deps: OptionsDeps) {
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

  return (
    <main class="rc-page rc-options">
      <h1>{t('optionsTitle')}</h1>
      {settings ? (
        <OptionsForm
          settings={settings}
          onChange={(patch) => void onChange(patch)}
          nameOf={(id) => names.get(id)}
          normaliseSite={deps.normaliseSite}
          onExport={() => deps.download(EXPORT_FILENAME, deps.exportSettings(settings))}
          onImport={onImport}
          dwellRange={deps.dwellRange}
        />
      ) : (
        <p role="status" class="rc-muted">
          {t('optionsLoading')}
        </p>
      )}
      <p class="rc-muted">
        {/* PRIVACY.md, copied into every build by wxt.config.ts. */}
        <a href="/privacy.txt" target="_blank" rel="noopener">
          {t('optionsPrivacy')}
        </a>
      </p>
    </main>
  );
}
