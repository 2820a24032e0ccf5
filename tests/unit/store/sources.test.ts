import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { differences, reviewerSteps } from '@/scripts/store/sources';

const LISTING = resolve(import.meta.dirname, '../../../store/listing.md');

describe('store: building from the sources zip', () => {
  it('reads the reviewers’ build steps from store/listing.md', () => {
    expect(reviewerSteps(readFileSync(LISTING, 'utf8'))).toEqual([
      'npm ci',
      'npx wxt build -b firefox',
      'npx wxt build -b firefox --mv3',
    ]);
  });

  it('refuses a listing without them', () => {
    expect(() => reviewerSteps('# Listing\n## Notes to reviewers\nNone.\n')).toThrow(/no ```sh block/);
  });

  it('lists every file missing, extra or different', () => {
    const a = new Map([
      ['same.js', Buffer.from('x')],
      ['changed.js', Buffer.from('old')],
      ['gone.js', Buffer.from('g')],
    ]);
    const b = new Map([
      ['same.js', Buffer.from('x')],
      ['changed.js', Buffer.from('new!')],
      ['new.js', Buffer.from('n')],
    ]);
    expect(differences(a, b)).toEqual([
      'differs: changed.js (3 bytes submitted, 4 built)',
      'only in the submitted zip: gone.js',
      'only in the build from sources: new.js',
    ]);
    expect(differences(a, a)).toEqual([]);
  });
});
