import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { parseKnowledge } from '@/core/knowledge/schema';
import { NAMES_GLOBAL, type NameBundle } from '@/core/matcher/names/format';
import { bundledNames } from '@/core/matcher/names/load';
import knowledgeJson from '@/data/knowledge.json' with { type: 'json' };
import { namesScript, toNameBundle } from '@/scripts/knowledge/names-script';

const knowledge = parseKnowledge(knowledgeJson);

/** A bundle with its bucket texts as an array, to compare with what `toNameBundle` made. */
const plain = (b: NameBundle) => ({
  ...b,
  items: Array.from({ length: b.items.length }, (_, i) => b.items.at(i)),
});

describe('namesScript', () => {
  // Run as content-names.js runs: a script of its own, in a global the content script then reads.
  const run = (script: string) => {
    const g = runInNewContext(`${script}; globalThis`) as Record<symbol, object | undefined>;
    // Exactly the bundle's parts: the first look's patterns are the background's (`lookJson`), not the pages'.
    expect(Object.keys(g[NAMES_GLOBAL] ?? {}).sort()).toEqual([
      'fuzzy',
      'fuzzyKeys',
      'ids',
      'items',
      'names',
      'slots',
      'types',
    ]);
    return plain(bundledNames(g));
  };

  it('leaves exactly the bundle it was given, whatever its texts hold', () => {
    const bundle = toNameBundle(knowledge);
    const odd = JSON.stringify([
      // biome-ignore lint/suspicious/noTemplateCurlyInString: text that would be a placeholder in a template literal
      'quote " apostrophe \' backslash \\ backtick ` ${not a template} </script> \u2028 \u2029 \u0001 Лукашэнка',
    ]);
    const withOdd = {
      ...bundle,
      ids: `${bundle.ids} o-brien`,
      types: `${bundle.types}p`,
      names: `${bundle.names}\u0001Conan O'Brien \\ \u2028 \u2029 ' "`,
      items: [...bundle.items.slice(0, -1), odd],
    };
    expect(run(namesScript(withOdd))).toEqual(withOdd);
    expect(run(namesScript(bundle))).toEqual(bundle);
    const none = {
      ids: '',
      types: '',
      names: '',
      fuzzy: '[]',
      fuzzyKeys: '[]',
      slotBits: 14,
      slots: [],
      items: [],
    };
    expect(run(namesScript(none))).toEqual(none);
  });

  it('packs each part into one single-quoted text, lists joined by U+0001, each slot after the first as its distance from the one before: one statement, nothing else', () => {
    const script = namesScript({
      ids: 'a b',
      types: 'pO',
      names: 'A\u0001B',
      fuzzy: '["a"]',
      fuzzyKeys: '[]',
      slotBits: 14,
      slots: [3, 1, 5, 2],
      items: ['[]', '["it\'s"]'],
    });
    expect(script).toBe(
      `globalThis[Symbol.for("reader-context.names")]={ids:'a b',types:'pO',names:'A\u0001B',fuzzy:'["a"]',fuzzyKeys:'[]',slots:'{"bits":14,"slots":[3,1,2,2]}',items:'[]\u0001["it\\'s"]'};\n`,
    );
  });
});
