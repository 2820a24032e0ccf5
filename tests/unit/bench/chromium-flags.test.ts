import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHROMIUM_DISABLE_FEATURES_ARG, CHROMIUM_DISABLED_FEATURES } from '@/tests/e2e/harness/chromium';

/** The features the installed playwright-core turns off, read from its own source (its list is not exported). */
function playwrightDisabledFeatures(): string[] {
  const root = dirname(createRequire(import.meta.url).resolve('playwright-core/package.json'));
  const file = [join(root, 'lib/coreBundle.js'), join(root, 'lib/server/chromium/chromiumSwitches.js')].find(
    existsSync,
  );
  if (!file) throw new Error(`playwright-core at ${root}: no chromium switches file found`);
  const list = /disabledFeatures = \[([\s\S]*?)\]/.exec(readFileSync(file, 'utf8'))?.[1];
  if (!list) throw new Error(`${file}: no disabledFeatures list found`);
  return [...list.matchAll(/"([A-Za-z0-9]+)"/g)].map((m) => m[1] as string);
}

describe('Chromium feature flags (harness and bench)', () => {
  it('repeats every feature Playwright turns off, since Chromium keeps only the last --disable-features', () => {
    const theirs = playwrightDisabledFeatures();
    expect(theirs).toContain('PaintHolding');
    const ours = new Set<string>(CHROMIUM_DISABLED_FEATURES);
    expect(theirs.filter((f) => !ours.has(f))).toEqual([]);
  });

  it("turns off the browser's WebUI omnibox popup, in all three variants, in one switch", () => {
    for (const f of ['WebUIOmniboxPopup', 'WebUIOmniboxAimPopup', 'WebUIOmniboxFullPopup'])
      expect(CHROMIUM_DISABLED_FEATURES).toContain(f);
    expect(CHROMIUM_DISABLE_FEATURES_ARG).toBe(`--disable-features=${CHROMIUM_DISABLED_FEATURES.join(',')}`);
  });
});
