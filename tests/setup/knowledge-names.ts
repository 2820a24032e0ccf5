/**
 * `#knowledge-names` for the tests: the names bundle the build makes (wxt.config.ts bundles it only under
 * `wxt dev`), from the same knowledge file.
 */
import knowledge from '#knowledge';
import { parseKnowledge } from '@/core/knowledge/schema';
import { toNameBundle } from '@/scripts/knowledge/names-script';

export default toNameBundle(parseKnowledge(knowledge));
