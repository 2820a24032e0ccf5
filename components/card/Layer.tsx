/**
 * A layer of the card: a heading that is a disclosure button (aria-expanded, a native button so Enter and Space
 * work), and its panel, built only while open. The preview stays short; the reader opens what they want.
 */
import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';
import { ChevronIcon } from './icons';

/** The card's layers, in the order they appear. */
export const LAYERS = ['context', 'disputes', 'facts', 'quote', 'relations', 'reading', 'spellings'] as const;
export type LayerId = (typeof LAYERS)[number];

export function Layer({
  id,
  label,
  count,
  open,
  onToggle,
  heading: H,
  children,
}: {
  id: LayerId;
  label: string;
  /** Shown beside the label (how many items the layer holds); left out when one or fewer. */
  count?: number | undefined;
  open: boolean;
  onToggle: (id: LayerId) => void;
  heading: 'h3' | 'h4';
  children: () => ComponentChildren;
}) {
  const panelId = `rc-layer-${useId()}`;
  return (
    <section class="rc-layer" data-layer={id}>
      <H class="rc-layer-title">
        <button
          type="button"
          class="rc-layer-button"
          aria-expanded={open ? 'true' : 'false'}
          aria-controls={panelId}
          onClick={() => onToggle(id)}
        >
          <ChevronIcon dir={open ? 'down' : 'right'} />
          <span class="rc-layer-label">{label}</span>
          {count !== undefined && count > 1 ? (
            <span class="rc-layer-count" aria-hidden="true">
              {count}
            </span>
          ) : null}
        </button>
      </H>
      <div id={panelId} class="rc-layer-panel" hidden={!open}>
        {open ? (
          <>
            {/* The button above names the layer for assistive technology; this repeats it for the eye, beside
                its content, once the row of buttons is out of sight. */}
            <p class="rc-layer-panel-title" aria-hidden="true">
              {label}
            </p>
            {children()}
          </>
        ) : null}
      </div>
    </section>
  );
}
