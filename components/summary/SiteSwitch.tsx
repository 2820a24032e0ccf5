/**
 * The per-site switch and the global pause: real checkboxes with role="switch", named for what they do
 * ("Highlights on dailymail.co.uk"). Props in, events out.
 */
import { useId } from 'preact/hooks';
import { t } from '@/extension/i18n';

export interface SiteSwitchProps {
  /** The page's site (registrable domain); null for pages without one (file:, browser pages): no site switch. */
  site: string | null;
  /** Highlights on for this site (not in the switched-off list). */
  enabled: boolean;
  paused: boolean;
  onToggleSite: (enabled: boolean) => void;
  onTogglePause: (paused: boolean) => void;
}

export function SiteSwitch({ site, enabled, paused, onToggleSite, onTogglePause }: SiteSwitchProps) {
  const id = useId();
  return (
    <div class="rc-switches">
      {site !== null ? (
        <Switch
          id={`rc-site-${id}`}
          label={t('switchSite', site)}
          checked={enabled}
          onChange={onToggleSite}
        />
      ) : null}
      <Switch id={`rc-pause-${id}`} label={t('switchPause')} checked={paused} onChange={onTogglePause} />
    </div>
  );
}

function Switch({
  id,
  label,
  checked,
  onChange,
}: {
  id: string;
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  return (
    <div class="rc-switch">
      <input
        id={id}
        type="checkbox"
        role="switch"
        class="rc-switch-input"
        checked={checked}
        aria-checked={checked ? 'true' : 'false'}
        onChange={(e) => onChange((e.currentTarget as HTMLInputElement).checked)}
      />
      <label for={id} class="rc-switch-label">
        {label}
      </label>
    </div>
  );
}
