/**
 * Runs the real axe-core over a rendered view in happy-dom. Rules that need layout (colour contrast, target
 * size) cannot run without a rendering engine; the end-to-end suite runs axe in real browsers for those.
 */
import axe from 'axe-core';

export async function axeViolations(root: Element | Document = document) {
  // The real pages (popup.html, options.html) declare these; the test document does not.
  document.documentElement.lang ||= 'en';
  document.title ||= 'Reader Context';
  const result = await axe.run(root as Element, {
    rules: { 'color-contrast': { enabled: false }, 'target-size': { enabled: false } },
    resultTypes: ['violations'],
  });
  return result.violations.map((v) => ({
    id: v.id,
    help: v.help,
    nodes: v.nodes.map((n) => n.html),
  }));
}
