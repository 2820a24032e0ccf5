/**
 * The popup's layout: the views in components/ joined to the state and actions of `usePopup`
 * (popup/use-popup.ts). Opened as a lookup's own tab, it is about the looked-up text, not about a page: no site
 * switch, no page summary.
 */
import { useMemo } from 'preact/hooks';
import { LookupNotice } from '@/components/search/LookupNotice';
import { SearchBox } from '@/components/search/SearchBox';
import { PageSummaryView } from '@/components/summary/PageSummary';
import { SiteSwitch } from '@/components/summary/SiteSwitch';
import { t } from '@/extension/i18n';
import { lookupOutcome } from '@/popup/lookup';
import { type PopupDeps, usePopup } from '@/popup/use-popup';

export function PopupApp(deps: PopupDeps) {
  const popup = usePopup(deps);
  const { lookup, knowledge, search } = deps;
  const outcome = useMemo(
    () => (lookup ? lookupOutcome(lookup, knowledge, search) : undefined),
    [lookup, knowledge, search],
  );
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
      {lookup && outcome ? <LookupNotice query={lookup} outcome={outcome} /> : null}
      {popup.settings && !lookup ? (
        <SiteSwitch
          site={popup.switchSite}
          enabled={popup.siteEnabled}
          paused={popup.settings.paused}
          onToggleSite={popup.onToggleSite}
          onTogglePause={popup.onTogglePause}
        />
      ) : null}
      {popup.offerForget ? (
        <p class="rc-forget-offer">
          <button type="button" class="rc-button" onClick={() => void popup.onForgetSite()}>
            {t('popupMemoryForgetSite')}
          </button>
        </p>
      ) : null}
      <SearchBox
        search={deps.search}
        knowledge={deps.knowledge}
        initialQuery={deps.initialQuery}
        onPage={popup.onPage}
        onKnow={popup.onKnow}
        asOf={popup.summary?.published}
      />
      {lookup ? null : (
        <PageSummaryView
          summary={popup.summary}
          knowledge={deps.knowledge}
          onReveal={popup.onReveal}
          unsupported={popup.unsupported}
          earlier={popup.earlier}
        />
      )}
      <p class="rc-status" role="status">
        {popup.status}
      </p>
    </main>
  );
}
