/**
 * The popup's state and what its controls do: the settings, the page's summary (asked for again while the page
 * is still being scanned), and the answers to the site switch, pause, reveal and "I know this one". Every browser
 * call comes in through `PopupDeps`, so the whole popup runs in happy-dom with fakes (tests/dom/popup).
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { SummaryUnavailable } from '@/components/summary/PageSummary';
import type { Knowledge } from '@/core/knowledge/types';
import type { ContentResponse, PageSummary, ToContent } from '@/core/messages';
import type { SearchHit } from '@/core/search';
import { ListFullError, type Settings } from '@/core/settings';
import { siteOf, unsupportedReason } from '@/core/site';
import { t } from '@/extension/i18n';
import { type PopupMemoryDeps, useEarlier } from './use-earlier';

export interface PopupDeps {
  knowledge: Knowledge;
  search: (q: string) => SearchHit[];
  /** The tab the popup is about (?tabId=, else the active tab); undefined when there is none. */
  tabId: number | undefined;
  /** Its address, when the browser shares it (activeTab); used for the site and the "cannot run here" reason. */
  tabUrl: string | undefined;
  initialQuery?: string | undefined;
  /** Set when popup.html is a lookup's own tab (popup/lookup.ts): the looked-up text. */
  lookup?: string | undefined;
  sendToTab<M extends ToContent>(tabId: number, msg: M): Promise<ContentResponse<M> | undefined>;
  getSettings(): Promise<Settings>;
  watchSettings(cb: (s: Settings) => void): () => void;
  setSiteEnabled(site: string, enabled: boolean): Promise<Settings>;
  updateSettings(change: Partial<Settings>): Promise<Settings>;
  setEntityKnown?: ((entityId: string, known: boolean) => Promise<Settings>) | undefined;
  openOptions?: (() => void) | undefined;
  /** The reading memory's store; without it the popup shows no earlier pages and offers no forgetting. */
  memory?: PopupMemoryDeps | undefined;
}

/** While the page is still being scanned, ask again this often (a popup is open for seconds, not minutes). */
const RESCAN_POLL_MS = 400;
const RESCAN_POLL_LIMIT = 25;

export function usePopup(deps: PopupDeps) {
  const { knowledge, tabId, tabUrl } = deps;
  const [settings, setSettings] = useState<Settings | undefined>(undefined);
  const [summary, setSummary] = useState<PageSummary | undefined>(undefined);
  const [unsupported, setUnsupported] = useState<SummaryUnavailable | null>(null);
  const [status, setStatus] = useState('');
  /** The site just switched off, while the popup offers to forget what the memory kept there. */
  const [offerForget, setOfferForget] = useState<string | null>(null);
  const depsRef = useRef(deps);
  depsRef.current = deps;
  const polls = useRef(0);
  const pollTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const request = useRef(0);

  const fetchSummary = useCallback(async () => {
    const d = depsRef.current;
    const mine = ++request.current;
    const answer = tabId === undefined ? undefined : await d.sendToTab(tabId, { type: 'page:summary' });
    if (mine !== request.current) return; // a newer request (settings changed meanwhile) wins
    if (answer === undefined || answer === null) {
      setSummary(undefined);
      setUnsupported(unsupportedReason(tabUrl) ?? 'unreachable');
      return;
    }
    setUnsupported(null);
    setSummary(answer);
    clearTimeout(pollTimer.current);
    if (answer.scanning && polls.current < RESCAN_POLL_LIMIT) {
      polls.current++;
      pollTimer.current = setTimeout(() => void fetchSummary(), RESCAN_POLL_MS);
    }
  }, [tabId, tabUrl]);

  useEffect(() => {
    let live = true;
    void depsRef.current.getSettings().then((s) => {
      if (live) setSettings(s);
    });
    void fetchSummary();
    const stop = depsRef.current.watchSettings((s) => {
      setSettings(s);
      // The content script applies the change itself; ask again so the summary's state matches the switch.
      void fetchSummary();
    });
    return () => {
      live = false;
      stop();
      clearTimeout(pollTimer.current);
    };
  }, [fetchSummary]);

  // The page's site, from its address: the content script's summary does not name it (it runs without the Public
  // Suffix List; its `site` is only the switched-off entry covering the page). Its url wins over the tab's, which
  // the browser may not share.
  const pageUrl = summary?.url ?? tabUrl;
  const site = pageUrl ? siteOf(pageUrl) : null;
  const siteEnabled = settings && site ? !settings.disabledSites.includes(site) : true;
  const byId = useMemo(() => new Map(knowledge.entities.map((e) => [e.id, e])), [knowledge]);
  const onPage = useMemo(() => new Set(summary?.entities.map((e) => e.id) ?? []), [summary]);
  const pageIds = useMemo(() => summary?.entities.map((e) => e.id) ?? [], [summary]);
  const earlier = useEarlier(deps.memory, settings, pageUrl, pageIds);

  const onToggleSite = async (enabled: boolean) => {
    if (!site) return;
    // What the last action said (a mention reached) no longer holds once the page's highlights change.
    setStatus('');
    let next: Settings;
    try {
      next = await depsRef.current.setSiteEnabled(site, enabled);
      setSettings(next);
    } catch (err) {
      if (!(err instanceof ListFullError)) throw err;
      setStatus(t('popupSitesFull', err.cap));
      // A fresh copy, so the switch is drawn again in the state that was kept.
      setSettings((s) => (s ? { ...s } : s));
      return;
    }
    setOfferForget(!enabled && next.memory && depsRef.current.memory ? site : null);
    void fetchSummary();
  };
  const onForgetSite = async () => {
    const forget = depsRef.current.memory?.forgetSite;
    if (!offerForget || !forget) return;
    await forget(offerForget);
    setStatus(t('popupMemoryForgotSite', offerForget));
    setOfferForget(null);
  };
  const onTogglePause = async (paused: boolean) => {
    setStatus('');
    setSettings(await depsRef.current.updateSettings({ paused }));
    void fetchSummary();
  };
  const onReveal = async (entity: string) => {
    if (tabId === undefined) return;
    const result = await depsRef.current.sendToTab(tabId, { type: 'page:reveal', entity });
    const name = byId.get(entity)?.name ?? entity;
    if (result) setStatus(t('popupRevealed', name, result.index + 1, result.count));
    else if (result === null) setStatus(t('popupRevealFailed', name));
    else setStatus(t('unsupportedUnreachable'));
  };
  const setKnown = deps.setEntityKnown;
  const onKnow = setKnown ? (id: string) => void setKnown(id, true).then(setSettings) : undefined;

  return {
    settings,
    summary,
    unsupported,
    status,
    // A page the extension may not run on has no site switch; a web page whose content script was silent keeps it.
    switchSite: unsupported && unsupported !== 'unreachable' ? null : site,
    siteEnabled,
    onPage,
    onToggleSite,
    onTogglePause,
    onReveal,
    onKnow,
    earlier,
    offerForget,
    onForgetSite,
  };
}
