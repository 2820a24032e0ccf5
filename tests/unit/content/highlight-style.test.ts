import { describe, expect, it } from 'vitest';
import { highlightCss } from '@/content/highlight-css';
import { luminanceOf } from '@/content/highlights';

describe('highlight style', () => {
  it('underline style draws a dotted underline for every entity type', () => {
    const css = highlightCss('underline', 'light');
    for (const t of ['person', 'place', 'organisation', 'event'])
      expect(css).toMatch(
        new RegExp(
          `::highlight\\(reader-context-${t}\\) \\{ background-color: transparent; text-decoration: underline dotted`,
        ),
      );
  });

  it('background style tints instead of underlining; none draws no marks', () => {
    expect(highlightCss('background', 'dark')).toMatch(
      /::highlight\(reader-context-person\) \{ background-color/,
    );
    // Each rule says all of its look: a clear background, where the default sheet's would tint.
    const none = highlightCss('none', 'light');
    expect(none).toMatch(/::highlight\(reader-context-person\) \{ background-color: transparent; \}/);
    expect(none).not.toContain('text-decoration');
    expect(none).toMatch(/reader-context-flash\) \{ background-color: #/); // revealing a mention still shows where it is
  });

  it('marks every declaration important for the sheet that overrides the default one, and none for that one', () => {
    const override = highlightCss('underline', 'dark', true);
    const declarations = override.match(/[a-z-]+: [^;]+;/g) ?? [];
    expect(declarations.length).toBeGreaterThan(8);
    for (const d of declarations) expect(d).toMatch(/ !important;$/);
    expect(highlightCss('background', 'light')).not.toContain('!important');
  });

  it('uses a lighter mark on dark pages', () => {
    expect(highlightCss('underline', 'light')).toContain('#2463c7');
    expect(highlightCss('underline', 'dark')).toContain('#8ab4f8');
  });

  it('reads page background luminance, treating transparent as unknown', () => {
    expect(luminanceOf('rgb(255, 255, 255)')).toBeCloseTo(1);
    expect(luminanceOf('rgb(18, 18, 18)')).toBeLessThan(0.01);
    expect(luminanceOf('rgba(0, 0, 0, 0)')).toBeNull();
    expect(luminanceOf('transparent')).toBeNull();
  });
});
