// The knowledge file the build bundles (see the '#knowledge' alias in wxt.config.ts). Typed as unknown on
// purpose: it is data, and every reader validates it with parseKnowledge before use.
declare module '#knowledge' {
  const knowledge: unknown;
  export default knowledge;
}

// The names slice of the same file (core/knowledge/names.ts) as chunks of JSON text, made at build time;
// each is parsed and validated with parseNameChunk.
declare module '#knowledge-names' {
  const chunks: readonly string[];
  export default chunks;
}
