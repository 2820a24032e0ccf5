/**
 * The options page's reading-memory section: the switch (off by default) with what is kept and that it stays on
 * the device, the retention limits, "Forget this site", "Forget everything" and the export. Says when the stored
 * memory could not be read. Props in, events out.
 */
import { useId, useState } from 'preact/hooks';
import type { MemoryStatus } from '@/core/memory';
import { MAX_MEMORY_DAYS, MAX_MEMORY_PAGES, MIN_MEMORY_DAYS, MIN_MEMORY_PAGES } from '@/core/memory';
import type { Settings } from '@/core/settings';
import { t } from '@/extension/i18n';

export interface MemorySectionProps {
  settings: Pick<Settings, 'memory' | 'memoryDays' | 'memoryPages'>;
  onChange: (patch: Partial<Settings>) => void;
  /** How many pages are kept, and whether the store could be read; undefined while reading. */
  pages: number | undefined;
  status: MemoryStatus | undefined;
  normaliseSite: (input: string) => string | null;
  onForgetSite: (site: string) => Promise<unknown>;
  onForgetAll: () => Promise<unknown>;
  onExport: () => void;
}

export function MemorySection(props: MemorySectionProps) {
  const { settings, onChange } = props;
  const id = useId();
  const ids = (name: string) => `rc-memory-${name}-${id}`;
  const [draft, setDraft] = useState('');
  const [error, setError] = useState('');
  const [done, setDone] = useState('');

  const forgetSite = async (e: Event) => {
    e.preventDefault();
    const text = draft.trim();
    if (!text) return;
    const site = props.normaliseSite(text);
    if (site === null) {
      setDone('');
      setError(t('optionsSiteInvalid', text));
      return;
    }
    setError('');
    setDraft('');
    await props.onForgetSite(site);
    setDone(t('optionsMemoryForgotSite', site));
  };

  const number = (field: 'memoryDays' | 'memoryPages', min: number, max: number) => (e: Event) => {
    const n = Math.round(Number((e.currentTarget as HTMLInputElement).value));
    if (Number.isFinite(n)) onChange({ [field]: Math.min(max, Math.max(min, n)) });
  };

  return (
    <section aria-labelledby={ids('heading')} class="rc-memory">
      <h2 id={ids('heading')}>{t('optionsMemoryHeading')}</h2>
      <div class="rc-field">
        <input
          id={ids('on')}
          type="checkbox"
          checked={settings.memory}
          aria-describedby={ids('hint')}
          onChange={(e) => onChange({ memory: (e.currentTarget as HTMLInputElement).checked })}
        />
        <label for={ids('on')}>{t('optionsMemorySwitch')}</label>
      </div>
      <p id={ids('hint')} class="rc-hint">
        {t('optionsMemoryHint')}
      </p>
      {props.status === 'corrupt' ? (
        <p class="rc-error" role="alert">
          {t('optionsMemoryCorrupt')}
        </p>
      ) : props.status === 'newer' ? (
        <p class="rc-error" role="alert">
          {t('optionsMemoryNewer')}
        </p>
      ) : null}
      {props.pages !== undefined ? (
        <p class="rc-muted" role="status" data-memory-pages={props.pages}>
          {t('optionsMemoryCount', props.pages)}
        </p>
      ) : null}
      <div class="rc-stack">
        <label for={ids('days')}>{t('optionsMemoryDays')}</label>
        <input
          id={ids('days')}
          class="rc-input"
          type="number"
          min={MIN_MEMORY_DAYS}
          max={MAX_MEMORY_DAYS}
          value={settings.memoryDays}
          onChange={number('memoryDays', MIN_MEMORY_DAYS, MAX_MEMORY_DAYS)}
        />
        <label for={ids('pages')}>{t('optionsMemoryPages')}</label>
        <input
          id={ids('pages')}
          class="rc-input"
          type="number"
          min={MIN_MEMORY_PAGES}
          max={MAX_MEMORY_PAGES}
          value={settings.memoryPages}
          onChange={number('memoryPages', MIN_MEMORY_PAGES, MAX_MEMORY_PAGES)}
        />
      </div>
      <form class="rc-stack" style={{ marginTop: '12px' }} onSubmit={(e) => void forgetSite(e)} noValidate>
        <label for={ids('site')}>{t('optionsMemoryForgetSiteLabel')}</label>
        <div class="rc-row">
          <input
            id={ids('site')}
            class="rc-input"
            type="text"
            inputMode="url"
            autoComplete="off"
            spellcheck={false}
            value={draft}
            aria-invalid={error ? 'true' : 'false'}
            aria-describedby={ids('site-error')}
            onInput={(e) => {
              setDraft((e.currentTarget as HTMLInputElement).value);
              setError('');
            }}
          />
          <button type="submit" class="rc-button">
            {t('optionsMemoryForgetSite')}
          </button>
        </div>
        <p id={ids('site-error')} class="rc-error" role="alert">
          {error}
        </p>
      </form>
      <div class="rc-row">
        <button
          type="button"
          class="rc-button"
          onClick={() =>
            void props.onForgetAll().then(() => {
              setError('');
              setDone(t('optionsMemoryForgotAll'));
            })
          }
        >
          {t('optionsMemoryForgetAll')}
        </button>
        <button type="button" class="rc-button" onClick={props.onExport}>
          {t('optionsMemoryExport')}
        </button>
      </div>
      <p class="rc-ok" role="status">
        {done}
      </p>
    </section>
  );
}
