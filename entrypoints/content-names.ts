/**
 * The bundled names (core/knowledge/names.ts), as a script of their own injected at document_end, before content.js
 * runs at document_idle (see the manifest hook in wxt.config.ts), which reads them from the content scripts' shared
 * global. At document_end its evaluation is a task apart from content.js's: with the 10,000-entity benchmark
 * knowledge the two together made one 30–48 ms task.
 *
 * Why a separate file: V8 collects source positions lazily, by reparsing a function's whole source the first time
 * a stack trace is taken in it — and Chrome takes one on every extension API call. With the names inside
 * content.js, each of those reparses covered the names too: two ≈28 ms reparses of a 2 MB script with the
 * 10,000-entity benchmark knowledge (a 100 ms start-up task). Here nothing ever takes a stack trace.
 */
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import chunks from '#knowledge-names';
import { NAMES_GLOBAL } from '@/core/knowledge/names';

export default defineUnlistedScript(() => {
  (globalThis as Record<symbol, unknown>)[NAMES_GLOBAL] = chunks;
});
