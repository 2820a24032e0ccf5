/**
 * The text of the ::highlight() rules: how a highlight looks, declared once. The build writes the default look into
 * content-highlights.css (`HIGHLIGHT_CSS`), which the browser itself puts in every page the content script runs on,
 * before the page is first styled (the manifest's content-script CSS, wxt.config.ts): added later, a style sheet
 * with these rules restyles every element of the page at once, a long task on a long page (ADR 0001). The content
 * app adds a sheet of its own only where the reader's look differs (content/highlights.ts, `highlightRules`).
 *
 * Imports are relative: wxt.config.ts loads this file without the '@/' alias.
 */
import { type EntityType, ENTITY_TYPES as TYPES } from '../core/knowledge/entity-types';
import type { Scheme } from '../core/scheme';
import type { HighlightStyle } from '../core/settings';

const HIGHLIGHT_PREFIX = 'reader-context';
export const highlightName = (type: EntityType) => `${HIGHLIGHT_PREFIX}-${type}`;
export const ACTIVE = `${HIGHLIGHT_PREFIX}-active`;
export const FLASH = `${HIGHLIGHT_PREFIX}-flash`;

/** The default look's style sheet, in the extension's package (web pages get it from the browser, not by URL). */
export const HIGHLIGHT_CSS = 'content-highlights.css';

/**
 * The look content-highlights.css is written for: the default style on a light page, the common case, so the
 * content app usually adds nothing. core/settings.ts's default must match (a unit test checks).
 */
export const BASE_STYLE: HighlightStyle = 'background';
export const BASE_SCHEME: Scheme = 'light';

/**
 * Colours chosen for contrast with the page behind them (WCAG 1.4.11, ≥ 3:1 for the marks): a blue that
 * reads on white and a lighter blue that reads on near-black.
 */
const PALETTE: Record<Scheme, { mark: string; tint: string; active: string; flash: string }> = {
  light: {
    mark: '#2463c7',
    tint: 'rgba(36, 99, 199, 0.14)',
    active: 'rgba(36, 99, 199, 0.22)',
    flash: '#ffe58a',
  },
  dark: {
    mark: '#8ab4f8',
    tint: 'rgba(138, 180, 248, 0.18)',
    active: 'rgba(138, 180, 248, 0.3)',
    flash: '#6b5a00',
  },
};

/**
 * The rules for a look. With `important`, every declaration wins over the base sheet's whatever the order the
 * browser cascades the two in (an extension's sheet and a document's are ordered differently in each browser):
 * so each rule says all of its look, a clear background included.
 */
export function highlightCss(style: HighlightStyle, scheme: Scheme, important = false): string {
  const p = PALETTE[scheme];
  const bang = important ? ' !important' : '';
  const mark =
    style === 'underline'
      ? // Dotted, 2 px: visible on any body font yet quieter than a link's solid underline.
        `background-color: transparent${bang}; text-decoration: underline dotted ${p.mark} 2px${bang};`
      : `background-color: ${style === 'background' ? p.tint : 'transparent'}${bang};`;
  const rules = TYPES.map((t) => `::highlight(${highlightName(t)}) { ${mark} }`);
  rules.push(`::highlight(${ACTIVE}) { background-color: ${p.active}${bang}; }`);
  rules.push(`::highlight(${FLASH}) { background-color: ${p.flash}${bang}; }`);
  return rules.join('\n');
}
