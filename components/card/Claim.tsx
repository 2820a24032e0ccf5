/** A claim with its evidence: the text, optionally its source, and a disclosure with the exact sentences. */
import type { JSX } from 'preact';
import { useId, useState } from 'preact/hooks';
import { formatDate } from '@/core/i18n';
import type { ArticleMeta, Claim, Evidence } from '@/core/knowledge/types';
import { t } from '@/extension/i18n';
import { ChevronIcon } from './icons';

/** A claim: its text, marked as general knowledge when no article makes it, optionally its source and evidence. */
export function ClaimText({
  claim,
  articles,
  withSource = false,
  class: className,
}: {
  claim: Claim;
  articles: Record<string, ArticleMeta>;
  withSource?: boolean;
  class?: string;
}) {
  const background = claim.basis === 'background';
  return (
    <div class={className}>
      <ClaimBody
        text={
          <>
            {claim.text}
            {background ? (
              <>
                {' '}
                <span class="rc-basis">{t('cardBackground')}</span>
              </>
            ) : null}
          </>
        }
        evidence={background ? [] : claim.evidence}
        articles={articles}
        withSource={withSource}
      />
    </div>
  );
}

export function ClaimBody({
  text,
  evidence,
  articles,
  withSource = false,
}: {
  text: JSX.Element;
  evidence: Evidence[];
  articles: Record<string, ArticleMeta>;
  withSource?: boolean;
}) {
  const id = useId();
  const textId = `rc-claim-${id}`;
  return (
    <>
      <p class="rc-claim" id={textId}>
        {text}
      </p>
      {withSource ? <Source evidence={evidence} articles={articles} /> : null}
      <EvidenceToggle evidence={evidence} articles={articles} describedBy={textId} />
    </>
  );
}

/** "Source: headline — publication, 14 Sep 2020" for the first article a claim's evidence comes from. */
export function Source({
  evidence,
  articles,
}: {
  evidence: Evidence[];
  articles: Record<string, ArticleMeta>;
}) {
  const first = evidence.map((e) => articles[e.article]).find((a) => a !== undefined);
  if (!first) return null;
  return (
    <p class="rc-source">
      <span class="rc-source-label">{t('cardSource')}: </span>
      <cite class="rc-headline">{first.headline}</cite>
      <span class="rc-source-meta">
        {' — '}
        <ArticleDate article={first} />
      </span>
    </p>
  );
}

function ArticleDate({ article }: { article: ArticleMeta }) {
  return (
    <>
      {article.publication}, {formatDate(article.date)}
      {article.provenance.date.stated ? null : ` (${t('cardDateInferred')})`}
    </>
  );
}

/** Disclosure revealing the exact sentences behind a claim. */
export function EvidenceToggle({
  evidence,
  articles,
  describedBy,
}: {
  evidence: Evidence[];
  articles: Record<string, ArticleMeta>;
  describedBy?: string;
}) {
  const [open, setOpen] = useState(false);
  const id = useId();
  if (evidence.length === 0) return null;
  const panelId = `rc-evidence-${id}`;
  return (
    <div class="rc-evidence">
      <button
        type="button"
        class="rc-disclosure"
        aria-expanded={open ? 'true' : 'false'}
        aria-controls={panelId}
        aria-describedby={describedBy}
        onClick={() => setOpen((o) => !o)}
      >
        <ChevronIcon dir={open ? 'down' : 'right'} />
        {t('cardEvidence')}
      </button>
      {/* Filled only when open: a card holds a dozen closed panels, and building them all slowed its first render. */}
      <div id={panelId} class="rc-evidence-panel" hidden={!open}>
        {open &&
          evidence.map((ev) => {
            const a = articles[ev.article];
            return (
              <figure class="rc-evidence-item" key={`${ev.article}:${ev.quote}`}>
                <blockquote class="rc-evidence-quote">{ev.quote}</blockquote>
                {a ? (
                  <figcaption class="rc-source">
                    <cite class="rc-headline">{a.headline}</cite>
                    {' — '}
                    <ArticleDate article={a} />
                  </figcaption>
                ) : null}
              </figure>
            );
          })}
      </div>
    </div>
  );
}
