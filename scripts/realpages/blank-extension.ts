/** Unpacked extensions with nothing in them: the "without Reader Context" side of every comparison. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getRunRoot } from '@/tests/e2e/harness';

/** An unpacked extension with nothing in it: the "without Reader Context" side of every comparison. */
export function blankExtension(): string {
  const dir = join(getRunRoot(), 'blank-extension');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({
      manifest_version: 2,
      name: 'blank',
      version: '1.0',
      browser_specific_settings: { gecko: { id: 'blank@reader-context.test' } },
    }),
  );
  return dir;
}

export function blankExtensionMv3(): string {
  const dir = join(getRunRoot(), 'blank-extension-mv3');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({
      manifest_version: 3,
      name: 'blank',
      version: '1.0',
      background: { service_worker: 'sw.js' },
    }),
  );
  writeFileSync(join(dir, 'sw.js'), '');
  return dir;
}
