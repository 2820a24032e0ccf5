/** Other spellings of the entity's name, the first few shown and the rest behind a button. */
import { useState } from 'preact/hooks';
import { t } from '@/extension/i18n';

/** Spellings shown before "and N more": enough for the common transliterations without crowding the card. */
const SPELLINGS_SHOWN = 4;

export function AlsoSpelled({ names }: { names: string[] }) {
  const [all, setAll] = useState(false);
  const hidden = names.length - SPELLINGS_SHOWN;
  const shown = all || hidden <= 0 ? names : names.slice(0, SPELLINGS_SHOWN);
  return (
    <p class="rc-also">
      {t('cardAlsoSpelled', shown.join(', '))}
      {!all && hidden > 0 ? (
        <>
          {' '}
          <button type="button" class="rc-link-button" aria-expanded="false" onClick={() => setAll(true)}>
            {t('cardAlsoSpelledMore', hidden)}
          </button>
        </>
      ) : null}
    </p>
  );
}
