/**
 * A static HTTP server for the fixture pages in tests/e2e/pages/, bound to 127.0.0.1 only on a random port.
 *
 * Sites: the same server answers under several host names, so tests can visit "different sites" (different
 * registrable domains, for the per-site switch) without any network:
 *   - `site('a')` → http://news-a.test:PORT, `site('b')` → http://news-b.test:PORT: names under the reserved `.test`
 *     TLD that both browsers are told to resolve to 127.0.0.1 (Chromium: --host-resolver-rules; Firefox:
 *     network.dns.localDomains). Each is its own registrable domain.
 *   - `site('ip')` → http://127.0.0.1:PORT and `site('localhost')` → http://localhost:PORT also work.
 *
 * Per-test responses: `route(path, response)` overrides or adds a path (body, headers, status), `headers(path, h)`
 * adds headers to a static file (e.g. a CSP of `script-src 'none'`), `resetRoutes()` clears both.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { PAGES_DIR } from './paths';

export const SITE_HOSTS = {
  a: 'news-a.test',
  b: 'news-b.test',
  ip: '127.0.0.1',
  localhost: 'localhost',
} as const;
export type SiteName = keyof typeof SITE_HOSTS;

/** The host names a browser must map to 127.0.0.1 (everything under .test). */
export const TEST_HOSTS = [SITE_HOSTS.a, SITE_HOSTS.b] as const;

export interface RouteResponse {
  status?: number;
  headers?: Record<string, string>;
  /** Body text; when absent the static file at the same path is served (with these headers and status). */
  body?: string | Buffer;
  contentType?: string;
}
export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface TestServer {
  readonly port: number;
  /** http://HOST:PORT for a site (default 'a'). */
  origin(site?: SiteName): string;
  /** Absolute URL of a path on a site: `url('/basic.html')`, `url('/basic.html', 'b')`. */
  url(path: string, site?: SiteName): string;
  route(path: string, response: RouteResponse | RouteHandler): void;
  /** Extra headers for a path (static file or route), e.g. `headers('/csp.html', { 'content-security-policy': "script-src 'none'" })`. */
  headers(path: string, headers: Record<string, string>): void;
  resetRoutes(): void;
  /** Paths requested so far (pathname + search), to check what a page asked for. */
  readonly requests: readonly string[];
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

export async function startServer(root: string = PAGES_DIR): Promise<TestServer> {
  const routes = new Map<string, RouteResponse | RouteHandler>();
  const extraHeaders = new Map<string, Record<string, string>>();
  const requests: string[] = [];

  async function serveFile(
    pathname: string,
    res: ServerResponse,
    override: RouteResponse = {},
  ): Promise<void> {
    const rel = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
    const file = join(root, rel.endsWith(sep) || rel === '' || rel === '.' ? join(rel, 'index.html') : rel);
    if (!file.startsWith(root + sep) && file !== root) {
      res.writeHead(403).end('forbidden');
      return;
    }
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${pathname}`);
      return;
    }
    res.writeHead(override.status ?? 200, {
      'content-type': override.contentType ?? MIME[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
      ...extraHeaders.get(pathname),
      ...override.headers,
    });
    res.end(body);
  }

  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://placeholder');
      requests.push(url.pathname + url.search);
      const route = routes.get(url.pathname);
      if (typeof route === 'function') {
        await route(req, res);
      } else if (route && route.body !== undefined) {
        res.writeHead(route.status ?? 200, {
          'content-type': route.contentType ?? MIME[extname(url.pathname)] ?? 'text/html; charset=utf-8',
          'cache-control': 'no-store',
          ...extraHeaders.get(url.pathname),
          ...route.headers,
        });
        res.end(route.body);
      } else {
        await serveFile(url.pathname, res, route);
      }
    } catch (error) {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    }
  });
  // Keep-alive sockets would hold close() open until the browsers let go of them.
  server.keepAliveTimeout = 1000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    port,
    requests,
    origin: (site = 'a') => `http://${SITE_HOSTS[site]}:${port}`,
    url: (path, site = 'a') => `http://${SITE_HOSTS[site]}:${port}${path.startsWith('/') ? '' : '/'}${path}`,
    route: (path, response) => void routes.set(path, response),
    headers: (path, headers) => void extraHeaders.set(path, { ...extraHeaders.get(path), ...headers }),
    resetRoutes: () => {
      routes.clear();
      extraHeaders.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
