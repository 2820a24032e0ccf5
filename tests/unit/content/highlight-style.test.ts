import { describe, expect, it } from 'vitest';
import { highlightCss, luminanceOf } from '@/content/highlights';

describe('highlight style', () => {
  it('underline style draws a dotted underline for every entity type', () => {
    const css = highlightCss('underline', 'light');
    for (const t of ['person', 'place', 'organisation', 'event'])
      expect(css).toMatch(
        new RegExp(`::highlight\\(reader-context-${t}\\) \\{ text-decoration: underline dotted`),
      );
  });

  it('background style tints instead of underlining; none draws no marks', () => {
    expect(highlightCss('background', 'dark')).toMatch(
      /::highlight\(reader-context-person\) \{ background-color/,
    );
    const none = highlightCss('none', 'light');
    expect(none).not.toMatch(/reader-context-person/);
    expect(none).toMatch(/reader-context-flash/); // revealing a mention still shows where it is
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
