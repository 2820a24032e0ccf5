/**
 * The popup's layout: the views in components/ joined to the state and actions of `usePopup`
 * (popup/use-popup.ts).
 */
import { SearchBox } from '@/components/search/SearchBox';
import { PageSummaryView } from '@/components/summary/PageSummary';
import { SiteSwitch } from '@/components/summary/SiteSwitch';
import { t } from '@/extension/i18n';
import { type PopupDeps, usePopup } from '@/popup/use-popup';

export function PopupApp(deps: PopupDeps) {
  const popup = usePopup(deps);
  return (
    <main class="rc-page rc-popup">
      <header class="rc-popup-head">
        <h1 class="rc-title">{t('extName')}</h1>
        {deps.openOptions ? (
          <button type="button" class="rc-link-button" onClick={deps.openOptions}>
            {t('popupSettingsLink')}
          </button>
        ) : null}
      </header>
      {popup.settings ? (
        <SiteSwitch
          site={popup.switchSite}
          enabled={popup.siteEnabled}
          paused={popup.settings.paused}
          onToggleSite={popup.onToggleSite}
          onTogglePause={popup.onTogglePause}
        />
      ) : null}
      <SearchBox
        search={deps.search}
        knowledge={deps.knowledge}
        initialQuery={deps.initialQuery}
        onPage={popup.onPage}
        onKnow={popup.onKnow}
      />
      <PageSummaryView
        summary={popup.summary}
        knowledge={deps.knowledge}
        onReveal={popup.onReveal}
        unsupported={popup.unsupported}
      />
      <p class="rc-status rc-muted" role="status">
        {popup.status}
      </p>
    </main>
  );
}
