/**
 * The store images `npm run store:images` made and store/listing.md lists: the sizes the stores accept, and
 * 24-bit PNG without alpha (the Chrome Web Store refuses screenshots with an alpha channel).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const IMAGES = resolve(import.meta.dirname, '../../../store/images');
const EXPECTED: [file: string, width: number, height: number][] = [
  ['card-light.png', 1280, 800],
  ['card-dark.png', 1280, 800],
  ['popup.png', 1280, 800],
  ['options.png', 1280, 800],
  ['touch.png', 1280, 800],
  ['promo-tile.png', 440, 280],
];
/** PNG colour type 2: truecolour, no alpha. */
const RGB = 2;

describe('store images', () => {
  it.each(EXPECTED)('%s is a %i×%i RGB PNG', (file, width, height) => {
    const png = readFileSync(resolve(IMAGES, file));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    // The IHDR chunk comes first: width and height at bytes 16 and 20, bit depth at 24, colour type at 25.
    expect([png.readUInt32BE(16), png.readUInt32BE(20), png[24], png[25]]).toEqual([width, height, 8, RGB]);
  });

  it('are the ones store/listing.md lists', () => {
    const listing = readFileSync(resolve(IMAGES, '../listing.md'), 'utf8');
    for (const [file] of EXPECTED) expect(listing).toContain(`images/${file}`);
  });
});
