/**
 * Who owns each normalised name: a name declared by several entities needs `yieldTo` on all but one (unless
 * they are exact-case names of different case, which never meet in the matcher).
 */
import { normalizeName } from '@/core/text/normalize';
import type { Checks } from './checks';
import { cmp } from './order';
import type { EntityFile } from './sources';
import { type CompileError, errorAt, type YamlSource } from './yaml-source';

export function checkNameOwners(
  entityFiles: readonly EntityFile[],
  entityIds: ReadonlySet<string>,
  { checkEntityRef }: Checks,
  errors: CompileError[],
): void {
  interface Declaration {
    entity: string;
    source: YamlSource;
    index: number;
    exactCase: boolean;
    cased: string;
    yieldTo?: string | undefined;
  }
  const byName = new Map<string, Declaration[]>();
  for (const { source, data } of entityFiles) {
    data.names.forEach((n, index) => {
      const { folded, cased } = normalizeName(n.text);
      const exactCase = n.kind === 'acronym' || n.caseSensitive === true;
      const list = byName.get(folded) ?? [];
      list.push({ entity: data.id, source, index, exactCase, cased, yieldTo: n.yieldTo });
      byName.set(folded, list);
      checkEntityRef(source, ['names', index, 'yieldTo'], n.yieldTo);
      if (n.yieldTo === data.id)
        errors.push(errorAt(source, ['names', index, 'yieldTo'], 'yieldTo names itself'));
    });
  }
  for (const [folded, decls] of [...byName].sort((a, b) => cmp(a[0], b[0]))) {
    const entities = new Set(decls.map((d) => d.entity));
    const owners = decls.filter((d) => d.yieldTo === undefined);
    const ownerIds = new Set(owners.map((d) => d.entity));
    for (const d of decls) {
      if (d.yieldTo !== undefined && entityIds.has(d.yieldTo) && !ownerIds.has(d.yieldTo)) {
        errors.push(
          errorAt(
            d.source,
            ['names', d.index, 'yieldTo'],
            `yieldTo '${d.yieldTo}', but ${d.yieldTo} does not declare the name '${folded}' (or yields it too)`,
          ),
        );
      }
    }
    if (entities.size < 2) continue;
    // Exact-case names of different case ("Nato" / "NATO") never meet in the matcher.
    const distinctCases =
      owners.every((d) => d.exactCase) && new Set(owners.map((d) => d.cased)).size === owners.length;
    const where = (d: Declaration) => `${d.source.file}:${errorAt(d.source, ['names', d.index], '').line}`;
    if (ownerIds.size > 1 && !distinctCases) {
      const [first, ...rest] = owners as [Declaration, ...Declaration[]];
      errors.push(
        errorAt(
          first.source,
          ['names', first.index, 'text'],
          `name '${folded}' is claimed by ${[...ownerIds].join(' and ')} (also at ${rest.map(where).join(', ')}) with no rule deciding: add 'yieldTo: <id>' to all but one`,
        ),
      );
    } else if (ownerIds.size === 0) {
      const d = decls[0] as Declaration;
      errors.push(
        errorAt(
          d.source,
          ['names', d.index, 'yieldTo'],
          `name '${folded}' yields everywhere: one entity must own it`,
        ),
      );
    }
  }
}
