// Vitest 5 formats failed-test reports with Map.groupBy, which Node 20 lacks (it arrived in Node 21): without
// this, any failure crashes the reporter with "Map.groupBy is not a function" instead of showing the failure.
// Imported by the vitest configs (the reporter runs in the main process) and listed in setupFiles (workers).
if (typeof (Map as { groupBy?: unknown }).groupBy !== 'function') {
  Object.defineProperty(Map, 'groupBy', {
    configurable: true,
    writable: true,
    value<K, T>(items: Iterable<T>, key: (item: T, index: number) => K): Map<K, T[]> {
      const groups = new Map<K, T[]>();
      let i = 0;
      for (const item of items) {
        const k = key(item, i++);
        const group = groups.get(k);
        if (group) group.push(item);
        else groups.set(k, [item]);
      }
      return groups;
    },
  });
}

export {};
