/** The keyboard shortcuts, as the browser has them, and a way to the browser's page for changing them. */
import { useId } from 'preact/hooks';
import { t } from '@/extension/i18n';
import type { Shortcut } from '@/extension/shortcuts';

export function Shortcuts({ shortcuts, onChange }: { shortcuts: Shortcut[]; onChange: () => void }) {
  const heading = useId();
  return (
    <section aria-labelledby={heading} class="rc-shortcuts">
      <h2 id={heading}>{t('optionsShortcutsHeading')}</h2>
      <dl>
        {shortcuts.map((s) => (
          <div key={s.name}>
            <dt>{s.description || s.name}</dt>
            <dd>
              {s.shortcut ? (
                <kbd>{s.shortcut}</kbd>
              ) : (
                <span class="rc-muted">{t('optionsShortcutNone')}</span>
              )}
            </dd>
          </div>
        ))}
      </dl>
      <p class="rc-muted">{t('optionsShortcutsHint')}</p>
      <button type="button" class="rc-button" onClick={onChange}>
        {t('optionsShortcutsChange')}
      </button>
    </section>
  );
}
