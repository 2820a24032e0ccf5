/**
 * The content script's page: its lifecycle under the reader's settings (start, stop, restyle), the rooms it wires
 * together, and the summary the popup asks for. Data flows one way: scanner → store → filter and window →
 * highlight registry; the mutation follower tells the scanner what to rescan.
 */
import type { NameEntry } from '@/core/matcher/names/format';
import type { CompiledMatcher } from '@/core/matcher/types';
import type { PageSummary } from '@/core/messages';
import type { Scheme } from '@/core/scheme';
import { isHostSwitchedOff, type Settings, switchedOffSite } from '@/core/settings';
import { defaultSliceEnv, type SliceEnv } from '@/core/slices';
import type { ScanOptions } from '@/dom/text-blocks';
import { MentionFilter } from './filter';
import { MutationFollower } from './follower';
import { HighlightWindow } from './highlight-window';
import { type HighlightRules, Highlights, highlightApi, pageScheme } from './highlights';
import type { Rec } from './mention';
import { Scanner } from './scanner';
import { MentionStore } from './store';

export interface PageDeps {
  doc: Document;
  /** Every entity the matcher knows (id, type, display name); cards fetch the rest on demand. */
  names: Pick<ReadonlyMap<string, NameEntry>, 'get' | 'has'>;
  matcher: CompiledMatcher;
  host: HTMLElement;
  /** Where the ::highlight() rules live (highlights.ts, `highlightRules`); the caller removes them. */
  rules: HighlightRules;
  /**
   * False once the extension's context is gone (disabled, updated). Timers check it themselves (`setTimer`); work
   * done straight from an observer's callback asks.
   */
  alive(): boolean;
  setTimer(fn: () => void, ms: number): number;
  clearTimer(id: number): void;
  /** Runs `fn` before the next frame is rendered, as `requestAnimationFrame` does. */
  requestFrame(fn: () => void): void;
  /** Called with the number of distinct entities whenever it changes (toolbar badge). */
  onCount(count: number): void;
  /** The page stopped (switched off, paused, invalidated): whatever points into it must let go. */
  onStop?(): void;
  /** Write User Timing entries for tests and the benchmark (extension/test-hooks.ts). */
  timing?: boolean;
  /** A scan pass ended, its mentions in the store (the reading memory records after it). */
  onPassEnd?(): void;
}

export class ContentPage {
  readonly store: MentionStore;
  /** Null where the browser has no CSS Custom Highlight API. */
  readonly registry: Highlights<Rec> | null;
  readonly filter: MentionFilter;
  readonly window: HighlightWindow;
  private readonly scanner: Scanner;
  private readonly follower: MutationFollower;
  /** Background-priority tasks (postTask where there is one), for the scan's slices and the work after them. */
  private readonly background: SliceEnv;
  private readonly scanOptions: ScanOptions;
  /** The reader's settings: held here, once, for every room of the content script. */
  private settings: Settings;
  private scheme: Scheme = 'light';
  private on = false;
  private lastEntityCount = -1;

  constructor(
    private readonly deps: PageDeps,
    settings: Settings,
  ) {
    this.settings = settings;
    const { doc } = deps;
    const api = highlightApi(doc.defaultView ?? globalThis);
    this.registry = api ? new Highlights<Rec>(api) : null;
    this.background = defaultSliceEnv(doc.defaultView ?? globalThis);
    const afterRendering = (fn: () => void) => this.background.post(fn);
    this.store = new MentionStore(doc);
    this.filter = new MentionFilter({
      names: deps.names,
      store: this.store,
      firstWalk: () => this.scanner.firstWalk,
      scanning: () => this.scanner.scanning,
      settings: () => this.settings,
    });
    this.window = new HighlightWindow({
      doc,
      store: this.store,
      filter: this.filter,
      registry: this.registry,
      rules: deps.rules,
      names: deps.names,
      style: () => this.settings.style,
      isOn: () => this.on,
      firstWalk: () => this.scanner.firstWalk,
      setTimer: deps.setTimer,
      clearTimer: deps.clearTimer,
      afterRendering,
      afterFrame: (fn) => deps.requestFrame(() => afterRendering(fn)),
    });
    this.scanOptions = {
      skip: (el) => el === deps.host,
      onShadowRoot: (root) => this.follower.observe(root),
      onHidden: (el) => this.follower.hidden(el),
      onLost: (parent) => this.follower.lost(parent),
    };
    this.scanner = new Scanner({
      matcher: deps.matcher,
      store: this.store,
      filter: this.filter,
      window: this.window,
      env: this.background,
      options: () => this.scanOptions,
      timing: deps.timing ?? false,
      onPassEnd: () => {
        this.window.scheduleFit();
        this.refreshFirstMentions();
        this.emitCount();
        deps.onPassEnd?.();
      },
    });
    this.follower = new MutationFollower({
      doc,
      host: deps.host,
      store: this.store,
      scanner: this.scanner,
      filter: this.filter,
      window: this.window,
      options: () => this.scanOptions,
      alive: deps.alive,
      setTimer: deps.setTimer,
      clearTimer: deps.clearTimer,
      afterRendering,
      onRemovedOnly: (firstGone) => {
        // No pass follows whose end would bring the first mentions up to date: a removed first mention hands its
        // mark on now.
        if (firstGone) this.refreshFirstMentions();
        this.emitCount();
      },
    });
  }

  /** The hostname the per-site switch applies to; "" off http(s) (file: pages), where only pause counts. */
  get hostname(): string {
    const { protocol, hostname } = this.deps.doc.location;
    return protocol === 'http:' || protocol === 'https:' ? hostname : '';
  }

  get current(): Settings {
    return this.settings;
  }

  get isOn(): boolean {
    return this.on;
  }

  /** A pass over the page (the first walk, or a rescan) is under way. */
  get scanning(): boolean {
    return this.scanner.scanning;
  }

  /** Apply settings: start, stop, or restyle. Takes effect at once, without a reload. */
  apply(settings: Settings): void {
    const prev = this.settings;
    this.settings = settings;
    const filterChanged = MentionFilter.differs(prev, settings);
    // The map depends on the page alone, not on the filters: kept, it stays whole even during a rescan.
    if (prev.firstMentionOnly !== settings.firstMentionOnly) this.filter.reset();
    const shouldRun = !isHostSwitchedOff(settings, this.hostname);
    if (shouldRun && !this.on) this.start();
    else if (!shouldRun && this.on) this.stop();
    else if (this.on) {
      if (prev.style !== settings.style) this.writeCss();
      // With style "none" nothing is registered, so leaving it registers what is visible again.
      if ((prev.style === 'none') !== (settings.style === 'none') || filterChanged) this.window.reregister();
    }
  }

  start(): void {
    if (this.on) return;
    this.on = true;
    this.scheme = pageScheme(this.deps.doc);
    this.writeCss();
    this.follower.start();
    // One walk over the whole page yields blocks in document order: no need to compare positions to place them.
    this.scanner.startPage(this.deps.doc.body ?? this.deps.doc.documentElement);
  }

  /** Site switched off, paused, or the context invalidated: remove every highlight and stop watching. */
  stop(): void {
    this.on = false;
    this.scanner.stop();
    this.follower.stop();
    this.window.reset();
    this.store.clear();
    this.filter.reset();
    // The rules stay: with no range registered they draw nothing, and taking them out (and putting them back on
    // resume) would restyle the whole page each time.
    this.deps.onStop?.();
    this.emitCount();
  }

  destroy(): void {
    this.stop();
    this.registry?.destroy();
  }

  summary(): PageSummary {
    const state = this.settings.paused
      ? 'paused'
      : isHostSwitchedOff(this.settings, this.hostname)
        ? 'site-off'
        : 'active';
    return {
      url: this.deps.doc.location.href,
      site: switchedOffSite(this.settings, this.hostname),
      state,
      scanning: this.scanner.scanning,
      entities: this.store.entityCounts(),
      totalMentions: this.store.totalMentions(),
    };
  }

  /** Context menu: the entity the selected text names, exactly or by near-miss spelling. */
  entityForText(text: string): string | null {
    const trimmed = text.trim().slice(0, 200);
    if (!trimmed) return null;
    return this.deps.matcher.match(trimmed)[0]?.entity ?? null;
  }

  private writeCss(): void {
    this.deps.rules.write(this.settings.style, this.scheme);
  }

  /** With "first mention only", re-register the blocks whose first mentions moved. */
  private refreshFirstMentions(): void {
    const moved = this.filter.refresh();
    if (moved === 'all') this.window.reregister();
    else if (moved) this.window.refresh(moved);
  }

  private emitCount(): void {
    const n = this.on ? this.store.entityTotal() : 0;
    if (n !== this.lastEntityCount) {
      this.lastEntityCount = n;
      this.deps.onCount(n);
    }
  }
}
