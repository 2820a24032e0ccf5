// The knowledge file the build bundles (see the '#knowledge' alias in wxt.config.ts). Typed as unknown on
// purpose: it is data, and every reader validates it with parseKnowledge before use.
declare module '#knowledge' {
  const knowledge: unknown;
  export default knowledge;
}
