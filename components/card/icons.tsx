/** The card's line icons: 16 px, drawn in the text colour, hidden from assistive technology (buttons carry labels). */
const svgProps = {
  width: 16,
  height: 16,
  viewBox: '0 0 16 16',
  focusable: 'false',
  fill: 'none',
  stroke: 'currentColor',
  'stroke-width': 1.6,
  'stroke-linecap': 'round',
  'stroke-linejoin': 'round',
} as const;

export function CloseIcon() {
  return (
    <svg {...svgProps} aria-hidden="true">
      <path d="M4 4l8 8M12 4l-8 8" />
    </svg>
  );
}

export function PinIcon() {
  return (
    <svg {...svgProps} aria-hidden="true">
      <path d="M6 2.5h4M7 2.5v3.2L4.5 8.5h7L9 5.7V2.5M8 8.5v5" />
    </svg>
  );
}

export function ChevronIcon({ dir }: { dir: 'left' | 'right' | 'down' }) {
  const d =
    dir === 'left'
      ? 'M10 3.5L5.5 8l4.5 4.5'
      : dir === 'right'
        ? 'M6 3.5L10.5 8 6 12.5'
        : 'M3.5 6L8 10.5 12.5 6';
  return (
    <svg {...svgProps} aria-hidden="true">
      <path d={d} />
    </svg>
  );
}
