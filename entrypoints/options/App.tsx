/** The options page's layout: OptionsForm joined to the state and actions of `useOptions` (options/use-options.ts). */
import { MemorySection } from '@/components/options/MemorySection';
import { OptionsForm } from '@/components/options/OptionsForm';
import { Shortcuts } from '@/components/options/Shortcuts';
import { t } from '@/extension/i18n';
import { useMemory } from '@/options/use-memory';
import { type OptionsDeps, useOptions } from '@/options/use-options';

export function OptionsApp(deps: OptionsDeps) {
  const { settings, shortcuts, nameOf, onChange, onImport, onExport } = useOptions(deps);
  const memory = useMemory(deps.memory, deps.download);
  return (
    <main class="rc-page rc-options">
      <h1>{t('optionsTitle')}</h1>
      {settings ? (
        <OptionsForm
          settings={settings}
          onChange={(patch) => void onChange(patch)}
          nameOf={nameOf}
          normaliseSite={deps.normaliseSite}
          onExport={() => onExport(settings)}
          onImport={onImport}
          dwellRange={deps.dwellRange}
        />
      ) : (
        <p role="status" class="rc-muted">
          {t('optionsLoading')}
        </p>
      )}
      {settings && deps.memory ? (
        <MemorySection
          settings={settings}
          onChange={(patch) => void onChange(patch)}
          pages={memory.view?.pages}
          status={memory.view?.status}
          normaliseSite={deps.normaliseSite}
          onForgetSite={deps.memory.forgetSite}
          onForgetAll={deps.memory.forgetAll}
          onExport={() => void memory.onExport()}
        />
      ) : null}
      {shortcuts && shortcuts.length > 0 && (
        <Shortcuts shortcuts={shortcuts} onChange={() => deps.openShortcutSettings?.()} />
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
