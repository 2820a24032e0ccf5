/**
 * The options page's view: every setting as a native form control. Each change calls `onChange` with the patch
 * for the fields it touches; the page stores it. Import hands the chosen file to `onImport`, which checks its
 * size, reads, validates and stores it (or not) and says what happened; a bad file changes nothing.
 */
import { useId, useState } from 'preact/hooks';
import { ENTITY_GROUPS } from '@/components/entity-groups';
import { type HighlightStyle, MAX_DISABLED_SITES, type ModifierKey, type Settings } from '@/core/settings';
import { t } from '@/extension/i18n';

/** `leftOut`: how many known entities the file named that the knowledge does not have. */
export type ImportOutcome = { ok: true; leftOut?: number } | { ok: false; error: string };

export interface OptionsFormProps {
  settings: Settings;
  onChange: (patch: Partial<Settings>) => void;
  /** Display name of an entity id (known entities); the id is shown when undefined. */
  nameOf: (id: string) => string | undefined;
  /** A reader's input ("https://www.bbc.co.uk/news", "www.bbc.co.uk") → the site it means, or null. */
  normaliseSite: (input: string) => string | null;
  onExport: () => void;
  /** Checks, reads and, if valid, stores a settings file. */
  onImport: (file: File) => Promise<ImportOutcome>;
  /** Bounds of the hover dwell in ms. Default 150..2000. */
  dwellRange?: { min: number; max: number } | undefined;
  /** How many sites the list may hold; adding one more is refused with a message. Default MAX_DISABLED_SITES. */
  maxSites?: number | undefined;
}

// The default first. The underline's hint is there because it has a cost the reader cannot see coming: in
// Chromium every change a long page makes to itself re-walks the page (see DEFAULT_SETTINGS.style).
const STYLES: { style: HighlightStyle; label: () => string; hint?: () => string }[] = [
  { style: 'background', label: () => t('styleBackground') },
  { style: 'underline', label: () => t('styleUnderline'), hint: () => t('styleUnderlineHint') },
  { style: 'none', label: () => t('styleNone') },
];

const MODIFIERS: { key: ModifierKey; label: () => string }[] = [
  { key: 'none', label: () => t('modifierNone') },
  { key: 'Alt', label: () => t('modifierAlt') },
  { key: 'Shift', label: () => t('modifierShift') },
  { key: 'Control', label: () => t('modifierControl') },
  { key: 'Meta', label: () => t('modifierMeta') },
];

const DWELL_STEP = 50;

export function OptionsForm(props: OptionsFormProps) {
  const { settings, onChange, nameOf } = props;
  const { min, max } = props.dwellRange ?? { min: 150, max: 2000 };
  const id = useId();
  const ids = (name: string) => `rc-${name}-${id}`;

  return (
    <div class="rc-options-form">
      <SitesSection
        sites={settings.disabledSites}
        maxSites={props.maxSites ?? MAX_DISABLED_SITES}
        normaliseSite={props.normaliseSite}
        onChange={(disabledSites) => onChange({ disabledSites })}
      />

      <section aria-labelledby={ids('known')}>
        <h2 id={ids('known')}>{t('optionsKnownHeading')}</h2>
        <p class="rc-hint">{t('optionsKnownHint')}</p>
        {settings.knownEntities.length === 0 ? (
          <p class="rc-hint">{t('optionsKnownEmpty')}</p>
        ) : (
          <ul class="rc-list" aria-labelledby={ids('known')}>
            {settings.knownEntities.map((entityId) => {
              const name = nameOf(entityId) ?? entityId;
              return (
                <li key={entityId}>
                  <span>{name}</span>
                  <button
                    type="button"
                    class="rc-button"
                    onClick={() =>
                      onChange({ knownEntities: settings.knownEntities.filter((k) => k !== entityId) })
                    }
                  >
                    {t('optionsKnownRemove', name)}
                  </button>
                </li>
              );
            })}
          </ul>
        )}
      </section>

      <fieldset>
        <legend>{t('optionsTypesHeading')}</legend>
        {ENTITY_GROUPS.map(({ type, label }) => (
          <div class="rc-field" key={type}>
            <input
              id={ids(`type-${type}`)}
              type="checkbox"
              checked={settings.types[type]}
              onChange={(e) =>
                onChange({
                  types: { ...settings.types, [type]: (e.currentTarget as HTMLInputElement).checked },
                })
              }
            />
            <label for={ids(`type-${type}`)}>{label()}</label>
          </div>
        ))}
      </fieldset>

      <fieldset>
        <legend>{t('optionsStyleHeading')}</legend>
        {STYLES.map(({ style, label, hint }) => (
          <div class="rc-field" key={style}>
            <input
              id={ids(`style-${style}`)}
              type="radio"
              name={ids('style')}
              value={style}
              checked={settings.style === style}
              onChange={() => onChange({ style })}
              aria-describedby={hint ? ids(`style-${style}-hint`) : undefined}
            />
            <label for={ids(`style-${style}`)}>{label()}</label>
            {hint && (
              <p id={ids(`style-${style}-hint`)} class="rc-hint">
                {hint()}
              </p>
            )}
          </div>
        ))}
      </fieldset>

      <section aria-labelledby={ids('hover')}>
        <h2 id={ids('hover')}>{t('optionsHoverHeading')}</h2>
        <div class="rc-stack">
          <DwellControl
            id={ids('dwell')}
            value={settings.dwellMs}
            min={min}
            max={max}
            onCommit={(dwellMs) => onChange({ dwellMs })}
          />
          <label for={ids('modifier')}>{t('optionsModifierLabel')}</label>
          <select
            id={ids('modifier')}
            class="rc-select"
            value={settings.modifierKey}
            onChange={(e) =>
              onChange({ modifierKey: (e.currentTarget as HTMLSelectElement).value as ModifierKey })
            }
          >
            {MODIFIERS.map(({ key, label }) => (
              <option key={key} value={key}>
                {label()}
              </option>
            ))}
          </select>
        </div>
        <div class="rc-field">
          <input
            id={ids('first')}
            type="checkbox"
            checked={settings.firstMentionOnly}
            onChange={(e) => onChange({ firstMentionOnly: (e.currentTarget as HTMLInputElement).checked })}
          />
          <label for={ids('first')}>{t('optionsFirstMention')}</label>
        </div>
        <div class="rc-field">
          <input
            id={ids('badge')}
            type="checkbox"
            checked={settings.badge}
            onChange={(e) => onChange({ badge: (e.currentTarget as HTMLInputElement).checked })}
          />
          <label for={ids('badge')}>{t('optionsBadge')}</label>
        </div>
      </section>

      <BackupSection onExport={props.onExport} onImport={props.onImport} />
    </div>
  );
}

function SitesSection({
  sites,
  maxSites,
  normaliseSite,
  onChange,
}: {
  sites: string[];
  maxSites: number;
  normaliseSite: (input: string) => string | null;
  onChange: (sites: string[]) => void;
}) {
  const id = useId();
  const headingId = `rc-sites-${id}`;
  const inputId = `rc-site-input-${id}`;
  const hintId = `rc-site-hint-${id}`;
  const errorId = `rc-site-error-${id}`;
  const [draft, setDraft] = useState('');
  const [error, setError] = useState('');
  const [added, setAdded] = useState('');

  const add = (e: Event) => {
    e.preventDefault();
    const text = draft.trim();
    if (!text) return;
    const site = normaliseSite(text);
    if (site === null) {
      setAdded('');
      setError(t('optionsSiteInvalid', text));
      return;
    }
    if (sites.includes(site)) {
      setAdded('');
      setError(t('optionsSiteDuplicate', site));
      return;
    }
    if (sites.length >= maxSites) {
      setAdded('');
      setError(t('optionsSitesFull', maxSites, site));
      return;
    }
    setError('');
    setDraft('');
    setAdded(t('optionsSiteAdded', site));
    onChange([...sites, site].sort());
  };

  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{t('optionsSitesHeading')}</h2>
      {sites.length === 0 ? (
        <p class="rc-hint">{t('optionsSitesEmpty')}</p>
      ) : (
        <ul class="rc-list" aria-labelledby={headingId}>
          {sites.map((site) => (
            <li key={site}>
              <span>{site}</span>
              <button
                type="button"
                class="rc-button"
                aria-label={t('optionsSiteRemove', site)}
                onClick={() => {
                  setAdded('');
                  onChange(sites.filter((s) => s !== site));
                }}
              >
                {t('optionsSiteRemoveShort')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form class="rc-stack" style={{ marginTop: '12px' }} onSubmit={add} noValidate>
        <label for={inputId}>{t('optionsSiteAddLabel')}</label>
        <p id={hintId} class="rc-hint">
          {t('optionsSiteAddHint')}
        </p>
        <div class="rc-row">
          <input
            id={inputId}
            class="rc-input"
            type="text"
            inputMode="url"
            autoComplete="off"
            spellcheck={false}
            value={draft}
            aria-invalid={error ? 'true' : 'false'}
            aria-describedby={error ? `${hintId} ${errorId}` : hintId}
            onInput={(e) => {
              setDraft((e.currentTarget as HTMLInputElement).value);
              setError('');
            }}
          />
          <button type="submit" class="rc-button rc-button--primary">
            {t('optionsSiteAdd')}
          </button>
        </div>
        <p id={errorId} class="rc-error" role="alert">
          {error}
        </p>
        <p class="rc-ok" role="status">
          {added}
        </p>
      </form>
    </section>
  );
}

/** A range with its value shown; stored on commit (change), not on every step of a drag. */
function DwellControl({
  id,
  value,
  min,
  max,
  onCommit,
}: {
  id: string;
  value: number;
  min: number;
  max: number;
  onCommit: (ms: number) => void;
}) {
  const [draft, setDraft] = useState<number | null>(null);
  const shown = draft ?? value;
  const read = (e: Event) => {
    const n = Math.round(Number((e.currentTarget as HTMLInputElement).value));
    return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : value;
  };
  return (
    <>
      <label for={id}>{t('optionsDwellLabel')}</label>
      <div class="rc-row">
        <input
          id={id}
          class="rc-range"
          type="range"
          min={min}
          max={max}
          step={DWELL_STEP}
          value={shown}
          aria-valuetext={t('optionsDwellValue', shown)}
          onInput={(e) => setDraft(read(e))}
          onChange={(e) => {
            const ms = read(e);
            setDraft(null);
            if (ms !== value) onCommit(ms);
          }}
        />
        <output for={id} class="rc-muted">
          {t('optionsDwellValue', shown)}
        </output>
      </div>
    </>
  );
}

function BackupSection({
  onExport,
  onImport,
}: {
  onExport: () => void;
  onImport: (file: File) => Promise<ImportOutcome>;
}) {
  const id = useId();
  const headingId = `rc-backup-${id}`;
  const fileId = `rc-import-${id}`;
  const [error, setError] = useState('');
  const [ok, setOk] = useState('');

  const onFile = async (e: Event) => {
    const input = e.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    setError('');
    setOk('');
    // Choosing the same file again (after fixing it) must fire change again.
    input.value = '';
    const result = await onImport(file);
    if (!result.ok) setError(t('optionsImportFailed', result.error));
    else if (result.leftOut) setOk(t('optionsImportLeftOut', result.leftOut));
    else setOk(t('optionsImportOk'));
  };

  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{t('optionsBackupHeading')}</h2>
      <div class="rc-stack">
        <div class="rc-row">
          <button type="button" class="rc-button" onClick={onExport}>
            {t('optionsExport')}
          </button>
        </div>
        <label for={fileId}>{t('optionsImportLabel')}</label>
        <input id={fileId} type="file" accept="application/json,.json" onChange={onFile} />
        <p class="rc-error" role="alert">
          {error}
        </p>
        <p class="rc-ok" role="status">
          {ok}
        </p>
      </div>
    </section>
  );
}
