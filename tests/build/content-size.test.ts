/**
 * The content script's size budget (docs/PERFORMANCE.md): content.js is parsed on every page the reader opens, most
 * of which name no one and show no card. It is the first look alone; the content app is content-app.js, loaded when
 * the page may name someone (docs/adr/0008-first-look.md), and what only a card needs is card-ui.js, loaded when a
 * card first is (docs/adr/0005-card-ui-loaded-on-demand.md).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BASE_SCHEME, BASE_STYLE, HIGHLIGHT_CSS, highlightCss } from '@/content/highlight-css';

const ROOT = resolve(import.meta.dirname, '../..');
const OUT_DIR = resolve(ROOT, process.env.READER_CONTEXT_OUT_DIR ?? '.output');
const BUILDS = ['chrome-mv3', 'firefox-mv2', 'firefox-mv3'] as const;

/** docs/PERFORMANCE.md's budget: content.js is parsed on every page load. */
const CONTENT_GZIP_BUDGET = 30 * 1024;

const gzipSize = (file: string): number => gzipSync(readFileSync(file), { level: 9 }).length;

describe.each(BUILDS)('build %s', (build) => {
  it(`content.js is at most ${CONTENT_GZIP_BUDGET / 1024} KB gzip`, () => {
    expect(gzipSize(join(OUT_DIR, build, 'content-scripts/content.js'))).toBeLessThanOrEqual(
      CONTENT_GZIP_BUDGET,
    );
  });

  it('runs one script on every page, content.js; the default highlight look is a style sheet the browser puts in first', () => {
    type Script = { js?: string[]; css?: string[]; run_at?: string; matches?: string[] };
    const manifest = JSON.parse(readFileSync(join(OUT_DIR, build, 'manifest.json'), 'utf8')) as {
      content_scripts: Script[];
    };
    expect(manifest.content_scripts.flatMap((c) => c.js ?? [])).toEqual(['content-scripts/content.js']);
    const styled = manifest.content_scripts.filter((c) => c.css);
    expect(styled).toEqual([{ matches: ['<all_urls>'], css: [HIGHLIGHT_CSS], run_at: 'document_start' }]);
    expect(readFileSync(join(OUT_DIR, build, HIGHLIGHT_CSS), 'utf8').trim()).toBe(
      highlightCss(BASE_STYLE, BASE_SCHEME),
    );
  });

  it("content.js carries none of the content app: the matcher's buckets and the page's messages are content-app.js's", () => {
    const content = readFileSync(join(OUT_DIR, build, 'content-scripts/content.js'), 'utf8');
    const app = readFileSync(join(OUT_DIR, build, 'content-app.js'), 'utf8');
    // A message type the app sends, and one it asks the background; an error text of the names' loader.
    for (const marker of ['badge:set', 'knowledge:entity', 'bundled names malformed']) {
      expect(app, marker).toContain(marker);
      expect(content, marker).not.toContain(marker);
    }
  });

  it("content.js carries none of the card's UI: Preact and @floating-ui are card-ui.js's", () => {
    const content = readFileSync(join(OUT_DIR, build, 'content-scripts/content.js'), 'utf8');
    const cardUi = readFileSync(join(OUT_DIR, build, 'card-ui.js'), 'utf8');
    // Names that survive minification: a class of the card's styles, @floating-ui's middleware data, Preact's SVG
    // namespace.
    for (const marker of ['rc-disclosure', 'middlewareData', 'http://www.w3.org/2000/svg']) {
      expect(cardUi, marker).toContain(marker);
      expect(content, marker).not.toContain(marker);
    }
  });

  it("content.js reads no page date and builds no memory record: those are page-facts.js's", () => {
    const content = readFileSync(join(OUT_DIR, build, 'content-scripts/content.js'), 'utf8');
    const facts = readFileSync(join(OUT_DIR, build, 'page-facts.js'), 'utf8');
    // A selector of content/page-date.ts and the message type of content/page-record.ts.
    for (const marker of ['article:published_time', 'memory:record']) {
      expect(facts, marker).toContain(marker);
      expect(content, marker).not.toContain(marker);
    }
  });
});
