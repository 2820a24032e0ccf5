// The knowledge file the build bundles (see the '#knowledge' alias in wxt.config.ts). Typed as unknown on
// purpose: it is data, and every reader validates it with parseKnowledge before use.
declare module '#knowledge' {
  const knowledge: unknown;
  export default knowledge;
}

// The names slice of the same file (core/matcher/names/format.ts, NameBundle), made at build time; its texts are
// parsed and validated by loadNames when needed. Only `wxt dev` bundles it (see wxt.config.ts).
declare module '#knowledge-names' {
  const bundle: import('../matcher/names/format').NameBundle;
  export default bundle;
}

// The first look's patterns for the same file (core/matcher/first-look.ts, LookData), as JSON, or 'null' when the
// build writes none; made at build time (wxt.config.ts) and read by the background (background/first-look.ts).
declare module '#first-look' {
  const json: string;
  export default json;
}
