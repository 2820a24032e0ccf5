/**
 * A Vite plugin that takes the one HTML sink out of Preact: its support for `dangerouslySetInnerHTML`, an
 * assignment to `innerHTML`. Reader Context never uses that prop (tests/unit/security/source.test.ts forbids it in
 * our sources), so the assignment is dead code; but it is in every bundle that renders with Preact, and
 * `web-ext lint` (addons.mozilla.org's linter) reports it as UNSAFE_VAR_ASSIGNMENT, which a reviewer must then
 * read. Without it the bundles hold no HTML sink at all, and a component that ever passed the prop would throw
 * instead of writing markup.
 *
 * The build fails if Preact's code no longer has exactly one such assignment: a new Preact release must be looked
 * at, not patched blindly.
 */
import type { Plugin } from 'vite';

/** Preact's distributed ES module (the build's `preact` import), whatever the path to node_modules. */
const PREACT_MODULE = /[\\/]preact[\\/]dist[\\/]preact\.mjs(?:\?.*)?$/;
/** `dom.innerHTML = newHtml.__html`, minified: the prop's only write. */
const SINK = /\b([A-Za-z_$][\w$]*)\.innerHTML=([A-Za-z_$][\w$]*)\.__html\b/g;
const REFUSAL = '(()=>{throw new TypeError("dangerouslySetInnerHTML is not supported in this build")})()';

/** Replaces the sink in Preact's source; throws when it is not there exactly once. */
export function withoutInnerHtml(code: string): string {
  const found = code.match(SINK)?.length ?? 0;
  if (found !== 1) {
    throw new Error(`preact-without-inner-html: expected 1 innerHTML assignment in Preact, found ${found}`);
  }
  return code.replace(SINK, REFUSAL);
}

export function preactWithoutInnerHtml(): Plugin {
  return {
    name: 'reader-context:preact-without-inner-html',
    transform(code, id) {
      if (!PREACT_MODULE.test(id)) return null;
      return { code: withoutInnerHtml(code), map: null };
    },
  };
}
