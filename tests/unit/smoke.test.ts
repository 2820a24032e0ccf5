import { describe, expect, it } from 'vitest';
import pkg from '@/package.json' with { type: 'json' };

describe('package', () => {
  it('declares the Node range it supports', () => {
    expect(pkg.engines.node).toMatch(/>=20\.19/);
  });
});
