// Self-test of the harness, independent of what the real content script does yet: a probe extension sets
// highlights (Range and StaticRange) and a scan mark from its isolated world; the harness must read them from the
// page's main world in every browser.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  countMarks,
  launch,
  MARKS,
  PROBE_EXTENSION,
  readHighlights,
  startServer,
  TARGETS,
  type TestServer,
  waitForScan,
} from './harness';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
  server.route('/inline.html', { body: '<!doctype html><title>inline</title><h1>Hello worlds</h1>' });
  server.headers('/basic.html', { 'x-e2e': 'yes' });
});
afterAll(async () => {
  await server?.close();
});

// One Firefox manifest version is enough for the probe (it is MV3 everywhere).
const probeTargets = [
  ...new Set(TARGETS.map((t) => (t === 'chromium' ? 'chromium' : 'firefox-mv3'))),
] as const;

describe.each(probeTargets)('harness: %s', (target) => {
  let session: Awaited<ReturnType<typeof launch>>;
  beforeAll(async () => {
    session = await launch(target, { extensionDir: PROBE_EXTENSION });
  });
  afterAll(async () => {
    await session?.close();
  });

  it('sees isolated-world scan marks and highlights from the main world', async () => {
    const page = await session.open(server.url('/inline.html'));
    await waitForScan(page);
    expect(await countMarks(page, MARKS.scan)).toBe(1);
    expect(await readHighlights(page)).toEqual([
      { name: 'reader-context', texts: ['Hello'], priority: 0, type: 'highlight' },
      { name: 'reader-context-static', texts: ['worlds'], priority: 0, type: 'highlight' },
    ]);
    await page.close();
  });

  it('tells tabs apart and opens extension pages', async () => {
    const a = await session.open(server.url('/basic.html', 'a'));
    const b = await session.open(server.url('/basic.html', 'b'));
    const [idA, idB] = [await session.tabIdOf(a), await session.tabIdOf(b)];
    expect(idA).not.toBe(idB);
    expect(await session.tabIdOf(a)).toBe(idA);
    const options = await session.openOptions();
    expect(await options.text('h1')).toBe('probe');
    await Promise.all([a.close(), b.close(), options.close()]);
  });
});

it('serves routes, extra headers and 404s on 127.0.0.1 only', async () => {
  const basic = await fetch(server.url('/basic.html', 'ip'));
  expect(basic.headers.get('x-e2e')).toBe('yes');
  expect(await (await fetch(server.url('/inline.html', 'ip'))).text()).toContain('Hello worlds');
  expect((await fetch(server.url('/missing.html', 'ip'))).status).toBe(404);
  expect((await fetch(`${server.origin('ip')}/../package.json`)).status).not.toBe(200);
});
