// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { RevealWatch } from '@/content/reveal-watch';

afterEach(() => {
  document.body.innerHTML = '';
});

function watch() {
  const rescans: string[][] = [];
  const tasks: (() => void)[] = [];
  const w = new RevealWatch({
    doc: document,
    rootOptions: () => ({}),
    rescan: (roots) => rescans.push(roots.map((r) => (r as Element).id || (r as Element).localName)),
    setTimer: (fn) => {
      tasks.push(fn);
      return tasks.length;
    },
    clearTimer: () => {},
    afterRendering: (fn) => fn(),
  });
  const run = () => {
    while (tasks.length) tasks.shift()?.();
  };
  return { w, rescans, run };
}

describe('the reveal watch', () => {
  it('rescans the block of a hidden element once the page shows it', () => {
    document.body.innerHTML = '<section id="s"><p id="more" hidden>Sochi</p></section><p id="other">x</p>';
    const { w, rescans, run } = watch();
    const more = document.getElementById('more') as HTMLElement;
    w.skipped(more);
    more.removeAttribute('hidden');
    w.changed(more);
    run();
    expect(rescans).toEqual([['more']]);
  });

  it('ignores changes above no hidden element, and hidden elements still hidden', () => {
    document.body.innerHTML = '<section id="s"><p id="more" hidden>Sochi</p></section><p id="other">x</p>';
    const { w, rescans, run } = watch();
    w.skipped(document.getElementById('more') as HTMLElement);
    w.changed(document.getElementById('other') as HTMLElement);
    run();
    // The section is above the hidden paragraph, but the paragraph is still hidden.
    w.changed(document.getElementById('s') as HTMLElement);
    run();
    expect(rescans).toEqual([]);
  });

  it('a change on an ancestor reveals what is under it; forgets what the page removed', () => {
    document.body.innerHTML = '<div id="fold"><p id="a" hidden>Minsk</p><p id="b" hidden>Sochi</p></div>';
    const { w, rescans, run } = watch();
    const a = document.getElementById('a') as HTMLElement;
    const b = document.getElementById('b') as HTMLElement;
    w.skipped(a);
    w.skipped(b);
    b.remove();
    w.prune();
    a.removeAttribute('hidden');
    w.changed(document.getElementById('fold') as HTMLElement);
    run();
    expect(rescans).toEqual([['a']]);
  });
});
