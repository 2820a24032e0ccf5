/**
 * page-facts.js: what a page says about itself and the reading memory's recorder, loaded by content.js when it
 * first needs them (content/page-facts.ts says when and why).
 */
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { MemoryRecorder } from '@/content/memory-recorder';
import { provide } from '@/content/on-demand';
import { pagePublishedDate } from '@/content/page-date';
import { PAGE_FACTS_GLOBAL, type PageFacts } from '@/content/page-facts';
import { buildRecord } from '@/content/page-record';

export default defineUnlistedScript(() => {
  provide<PageFacts>(PAGE_FACTS_GLOBAL, {
    publishedDate: pagePublishedDate,
    recorder: (deps) => new MemoryRecorder({ ...deps, build: async () => buildRecord(document, deps.store) }),
  });
});
