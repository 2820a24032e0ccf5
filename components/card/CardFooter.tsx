/** The card's footer: previous and next mention (the count is in the header), and "I know this one". */
import { useId } from 'preact/hooks';
import { t } from '@/extension/i18n';
import type { MentionPosition } from './EntityCard';
import { ChevronIcon } from './icons';

export function CardFooter({
  name,
  mention,
  onStep,
  onKnow,
}: {
  name: string;
  mention: MentionPosition | undefined;
  onStep: ((delta: -1 | 1) => void) | undefined;
  onKnow: (() => void) | undefined;
}) {
  const stepper = mention !== undefined && mention.count > 1;
  if (!stepper && !onKnow) return null;
  return (
    <footer class="rc-foot">
      {stepper ? <MentionStepper mention={mention} onStep={onStep} /> : <span />}
      {onKnow ? <KnowButton name={name} onKnow={onKnow} /> : null}
    </footer>
  );
}

function MentionStepper({
  mention,
  onStep,
}: {
  mention: MentionPosition;
  onStep?: ((d: -1 | 1) => void) | undefined;
}) {
  const { count } = mention;
  const position = Math.min(Math.max(mention.index, 0), Math.max(count - 1, 0)) + 1;
  const canStep = count > 1 && onStep !== undefined;
  return (
    <div class="rc-mentions">
      {count > 1 ? (
        <span class="rc-mentions-nav">
          <button
            type="button"
            class="rc-icon-button"
            aria-label={t('cardPrevMention')}
            disabled={!canStep}
            onClick={() => onStep?.(-1)}
          >
            <ChevronIcon dir="left" />
          </button>
          <span class="rc-mentions-pos" aria-live="polite" aria-atomic="true">
            {t('cardMentionPosition', position, count)}
          </span>
          <button
            type="button"
            class="rc-icon-button"
            aria-label={t('cardNextMention')}
            disabled={!canStep}
            onClick={() => onStep?.(1)}
          >
            <ChevronIcon dir="right" />
          </button>
        </span>
      ) : null}
    </div>
  );
}

function KnowButton({ name, onKnow }: { name: string; onKnow: () => void }) {
  const id = useId();
  return (
    <>
      <button type="button" class="rc-button" aria-describedby={`rc-know-${id}`} onClick={onKnow}>
        {t('cardKnow')}
      </button>
      <span id={`rc-know-${id}`} class="rc-sr-only">
        {t('cardKnowDescription', name)}
      </span>
    </>
  );
}
