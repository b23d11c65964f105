/**
 * A hostile feed server on loopback for the reliability rows (RELIABILITY.md R01–R20, R31). One
 * HTTP listener on 127.0.0.1 (port 0), an optional TLS listener with a self-signed certificate made
 * by `openssl` at start (no network), a raw TCP listener for responses Node's http module refuses
 * to write (huge headers, bad chunks, HTTP/0.9), and optional canary listeners on 127.0.0.2 and
 * 127.0.0.3 at the same port: a refused address must never be dialled, and a canary hit proves it was.
 *
 * Every request is logged (`requests`, and GET /__log). Routes are listed in `ROUTES` below.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import zlib from 'node:zlib';

export interface HostileRequest {
  listener: 'http' | 'tls';
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  at: number;
  /** Becomes true when the connection that carried this request closes. */
  socketClosed: boolean;
}

export interface HostileServer {
  /** `http://127.0.0.1:<port>`. */
  origin: string;
  port: number;
  /** `127.0.0.1:<port>`: the one entry a test's allowlist needs. */
  hostPort: string;
  /** `https://127.0.0.1:<tlsPort>` (self-signed), when started with `tls: true`. */
  tlsOrigin: string | null;
  tlsPort: number | null;
  /** `http://127.0.0.1:<rawPort>`: the raw TCP listener. */
  rawOrigin: string;
  rawPort: number;
  requests: HostileRequest[];
  /** Connections that reached a canary (127.0.0.2/127.0.0.3 at `port`): must stay empty. */
  foreignHits: string[];
  /** Connections currently open on the HTTP and TLS listeners (a cut-off fetch must leave none). */
  openSockets(): number;
  /** Requests whose path starts with `path`. */
  hits(path: string): HostileRequest[];
  close(): Promise<void>;
}

export interface HostileOptions {
  tls?: boolean;
  canaries?: boolean;
}

export const FEED_XML = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Hostile fixture</title><link>http://127.0.0.1/</link><description>ok</description>
<item><title>First</title><link>http://127.0.0.1/first</link><guid>first</guid><pubDate>Sat, 28 Nov 2026 10:00:00 GMT</pubDate></item>
</channel></rss>
`;

export const CHALLENGE_HTML =
  '<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title></head><body><script src="/cdn-cgi/challenge-platform/h/b/orchestrate/chl_page/v1"></script></body></html>';

export const ETAG = '"v1-fixture"';
export const LAST_MODIFIED = 'Sat, 28 Nov 2026 09:00:00 GMT';

const REDIRECT_SCHEMES: Record<string, string> = {
  file: 'file:///etc/passwd',
  ftp: 'ftp://127.0.0.1/feed.xml',
  gopher: 'gopher://127.0.0.1:70/1',
  data: 'data:application/rss+xml,%3Crss%2F%3E',
  javascript: 'javascript:alert(1)',
  mailto: 'mailto:feeds@example.org',
};

const MIB = 1024 * 1024;
const ZERO_MEMBER = zlib.gzipSync(Buffer.alloc(MIB), { level: 9 });
const brotliBombs = new Map<number, Promise<Buffer>>();

/** Brotli of `mib` MiB of zeros (~1 KiB); built once per size and process (a 1 GiB one takes ~2.5 s). */
function brotliBomb(mib: number): Promise<Buffer> {
  let bomb = brotliBombs.get(mib);
  if (!bomb) {
    bomb = (async () => {
      const encoder = zlib.createBrotliCompress({ params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_LGWIN]: 24 } });
      const out: Buffer[] = [];
      encoder.on('data', (chunk: Buffer) => out.push(chunk));
      const zeros = Buffer.alloc(MIB);
      for (let i = 0; i < mib; i += 1) {
        if (!encoder.write(zeros)) await new Promise((resolve) => encoder.once('drain', resolve));
      }
      encoder.end();
      await new Promise((resolve) => encoder.on('end', resolve));
      return Buffer.concat(out);
    })();
    brotliBombs.set(mib, bomb);
  }
  return bomb;
}

/** Write chunks from `next` with backpressure until it returns null or the client goes away. */
async function pump(res: http.ServerResponse, next: () => Buffer | null): Promise<void> {
  let closed = false;
  res.on('close', () => {
    closed = true;
  });
  while (!closed) {
    const chunk = next();
    if (chunk === null) break;
    if (!res.write(chunk)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.on('drain', done);
        res.on('close', done);
      });
    }
  }
  if (!closed) res.end();
}

const hugeFeeds = new Map<number, Buffer>();

/** A valid RSS document of about `bytes` bytes (R31 `/huge`), built once per size and process. */
function hugeFeed(bytes: number): Buffer {
  const cached = hugeFeeds.get(bytes);
  if (cached) return cached;
  const built = buildHugeFeed(bytes);
  hugeFeeds.set(bytes, built);
  return built;
}

function buildHugeFeed(bytes: number): Buffer {
  const item = (n: number) =>
    `<item><title>Item ${n}</title><link>http://127.0.0.1/item/${n}</link><guid>item-${n}</guid><description>${'x'.repeat(900)}</description></item>\n`;
  const parts = ['<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>Huge</title><link>http://127.0.0.1/</link><description>big</description>\n'];
  let size = parts[0].length;
  for (let n = 0; size < bytes; n += 1) {
    const chunk = item(n);
    parts.push(chunk);
    size += chunk.length;
  }
  parts.push('</channel></rss>\n');
  return Buffer.from(parts.join(''));
}

const flakyCounts = new Map<string, number>();

function createHandler(ctx: { port: () => number; tlsPort: () => number | null }): http.RequestListener {
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    const q = (name: string) => url.searchParams.get(name);
    const feed = (status = 200, extra: http.OutgoingHttpHeaders = {}) => {
      res.writeHead(status, { 'content-type': 'application/rss+xml; charset=utf-8', ...extra });
      res.end(FEED_XML);
    };
    const redirect = (status: number, location: string | null) => {
      res.writeHead(status, location === null ? {} : { location });
      res.end();
    };
    const encoded = (coding: string, body: Buffer) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': coding, 'content-length': body.length });
      res.end(body);
    };
    const html = (head: string) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!DOCTYPE html><html><head><title>A site</title>${head}</head><body><p>Not a feed.</p></body></html>`);
    };
    let match: RegExpExecArray | null;

    if (path === '/ok' || path === '/feed.xml') return feed();
    // R01: accept, read the request, never answer.
    if (path === '/hang-headers') return;
    // R02: one byte every `every` ms (default 2 s), for ever.
    if (path === '/slow') {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      const timer = setInterval(() => res.write(' '), Number(q('every') ?? 2000));
      res.on('close', () => clearInterval(timer));
      return;
    }
    // R03: half the declared body, then silence.
    if (path === '/stall') {
      const body = Buffer.from(FEED_XML);
      res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-length': body.length });
      res.write(body.subarray(0, body.length >> 1));
      return;
    }
    // R04: no Content-Length, never ends.
    if (path === '/endless') {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      void pump(res, () => chunk);
      return;
    }
    // R05: declared 50 GiB.
    if (path === '/huge-declared') {
      res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-length': String(50 * 1024 * MIB) });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      void pump(res, () => chunk);
      return;
    }
    // R05: declares 4096, sends 1024, closes.
    if (path === '/truncated-length') {
      res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-length': '4096' });
      res.write(Buffer.from(FEED_XML.padEnd(1024, ' ').slice(0, 1024)));
      setTimeout(() => req.socket.destroy(), 20);
      return;
    }
    // R05: chunked, some of the body, then the socket is closed.
    if (path === '/close-mid-body') {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.write(FEED_XML.slice(0, 100));
      setTimeout(() => req.socket.destroy(), 20);
      return;
    }
    // R05: TCP reset before any response.
    if (path === '/reset') return void req.socket.resetAndDestroy();
    // R09: 1 MiB-of-zeros gzip members back to back: `mib` MiB decoded (default 1 GiB) from ~1 KiB each.
    if (path === '/gzip-bomb') {
      let left = Number(q('mib') ?? 1024);
      res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' });
      void pump(res, () => (left-- > 0 ? ZERO_MEMBER : null));
      return;
    }
    if (path === '/br-bomb') {
      void brotliBomb(Number(q('mib') ?? 1024)).then((bomb) => encoded('br', bomb));
      return;
    }
    // R10: six stacked gzips, declared as such.
    if (path === '/gzip-chain') {
      let body = Buffer.from(FEED_XML);
      for (let i = 0; i < 6; i += 1) body = zlib.gzipSync(body);
      res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip, gzip, gzip, gzip, gzip, gzip' });
      return res.end(body);
    }
    if (path === '/encoding-lie') return encoded('gzip', Buffer.from(FEED_XML));
    if (path === '/encoding-unknown') return encoded('x-feedloom-squash', Buffer.from(FEED_XML));
    if (path === '/gzip-ok') return encoded('gzip', zlib.gzipSync(FEED_XML));
    if (path === '/br-ok') return encoded('br', zlib.brotliCompressSync(FEED_XML));
    if (path === '/deflate-ok') return encoded('deflate', zlib.deflateSync(FEED_XML));
    if (path === '/deflate-raw-ok') return encoded('deflate', zlib.deflateRawSync(FEED_XML));
    if (path === '/gzip-truncated') {
      const body = zlib.gzipSync(FEED_XML);
      return encoded('gzip', body.subarray(0, body.length - 12));
    }
    // R11
    if (path === '/redirect-loop') return redirect(302, '/redirect-loop');
    if ((match = /^\/redirect-chain\/(\d+)$/.exec(path))) {
      const n = Number(match[1]);
      return n <= 0 ? feed() : redirect(302, `/redirect-chain/${n - 1}`);
    }
    // R12
    if ((match = /^\/redirect-scheme\/(\w+)$/.exec(path))) return redirect(302, REDIRECT_SCHEMES[match[1]] ?? 'about:blank');
    // R13: redirect to another spelling of a loopback alias on this port, e.g. /redirect-private/2130706434.
    if ((match = /^\/redirect-private\/(.+)$/.exec(path))) return redirect(302, `http://${decodeURIComponent(match[1])}:${ctx.port()}/ok`);
    if (path === '/redirect-to') return redirect(Number(q('status') ?? 302), q('url') ?? '/ok');
    // R14
    if (path === '/redirect-no-location') return redirect(302, null);
    if (path === '/redirect-relative') return redirect(302, 'ok?via=relative');
    if (path === '/moved-permanently') return redirect(301, '/moved-308');
    if (path === '/moved-308') return redirect(308, '/ok');
    if (path === '/moved-mixed') return redirect(301, '/redirect-chain/1');
    if (path === '/redirect-https-bad-tls') return redirect(302, `https://127.0.0.1:${ctx.tlsPort() ?? 1}/ok`);
    // R15, R16
    if (path === '/429' || path === '/503') {
      const after = q('after');
      res.writeHead(Number(path.slice(1)), { 'content-type': 'text/plain', ...(after === null ? {} : { 'retry-after': after }) });
      return res.end('slow down');
    }
    if ((match = /^\/status\/(\d{3})$/.exec(path))) {
      res.writeHead(Number(match[1]), { 'content-type': 'text/plain' });
      return res.end(`status ${match[1]}`);
    }
    // Fails `fail` times per `key` with `status` (or a reset), then serves the feed (retry tests).
    if (path === '/flaky') {
      const key = q('key') ?? 'default';
      const count = (flakyCounts.get(key) ?? 0) + 1;
      flakyCounts.set(key, count);
      if (count > Number(q('fail') ?? 1)) return feed();
      if (q('status') === 'reset') return void req.socket.resetAndDestroy();
      res.writeHead(Number(q('status') ?? 500), q('after') === null ? {} : { 'retry-after': q('after') as string });
      return res.end('try again');
    }
    // R17, R18
    if (path === '/404' || path === '/410' || path === '/401' || path === '/403') {
      res.writeHead(Number(path.slice(1)), { 'content-type': 'text/html' });
      return res.end('<html><body>no</body></html>');
    }
    if (path === '/403-challenge') {
      res.writeHead(403, { 'content-type': 'text/html; charset=UTF-8', server: 'cloudflare' });
      return res.end(CHALLENGE_HTML);
    }
    if (path === '/503-challenge') {
      res.writeHead(503, { 'content-type': 'text/html', 'cf-mitigated': 'challenge', 'retry-after': '5' });
      return res.end('<html></html>');
    }
    if (path === '/200-challenge') {
      res.writeHead(200, { 'content-type': 'text/html; charset=UTF-8' });
      return res.end(CHALLENGE_HTML);
    }
    // R19
    if (path === '/etag') {
      const fresh =
        req.headers['if-none-match'] === ETAG ||
        (req.headers['if-none-match'] === undefined && req.headers['if-modified-since'] !== undefined && Date.parse(req.headers['if-modified-since']) >= Date.parse(LAST_MODIFIED));
      if (fresh) {
        res.writeHead(304, { etag: ETAG, 'last-modified': LAST_MODIFIED });
        return res.end();
      }
      return feed(200, { etag: ETAG, 'last-modified': LAST_MODIFIED, 'cache-control': 'max-age=300', age: '20', expires: 'Sat, 28 Nov 2026 12:00:00 GMT' });
    }
    if (path === '/304-unsolicited') {
      res.writeHead(304);
      return res.end();
    }
    // R20
    if (path === '/empty') {
      res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-length': '0' });
      return res.end();
    }
    if (path === '/empty-chunked') {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.write('');
      return res.end();
    }
    if (path === '/200-error-page') {
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end('<!DOCTYPE html><html><head><title>Error</title></head><body><h1>Something went wrong</h1></body></html>');
    }
    // R22: HTML pages advertising feeds, for discovery (one level, same policy).
    if (path === '/html-with-alternate-link') return html(`<link rel="alternate" type="application/rss+xml" href="/ok">`);
    if (path === '/html-alternate-loop') return html(`<link rel="alternate" type="application/rss+xml" href="/html-alternate-loop">`);
    if (path === '/html-alternate-private') {
      return html(
        `<link rel="alternate" type="application/rss+xml" href="http://127.0.0.2:${ctx.port()}/ok">` +
          `<link rel="alternate" type="application/atom+xml" href="http://2130706435:${ctx.port()}/ok">` +
          `<link rel="alternate" type="application/rss+xml" href="http://169.254.169.254/latest/meta-data/">`,
      );
    }
    // R31: a valid feed of `mib` MiB (default 20).
    if (path === '/huge') {
      const body = hugeFeed(Number(q('mib') ?? 20) * MIB);
      res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-length': body.length });
      return res.end(body);
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('no such fixture route');
  };
}

/** Responses Node's http module will not write; chosen by the request path. */
function rawResponse(path: string): Buffer {
  const head = (lines: string[]) => Buffer.from(lines.join('\r\n') + '\r\n\r\n');
  if (path === '/huge-headers') return head(['HTTP/1.1 200 OK', `X-Big: ${'a'.repeat(256 * 1024)}`, 'Content-Length: 2']);
  if (path === '/many-headers') return head(['HTTP/1.1 200 OK', ...Array.from({ length: 20_000 }, (_, i) => `X-H${i}: v`), 'Content-Length: 2']);
  if (path === '/bad-chunked') return Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n');
  if (path === '/http09') return Buffer.from(FEED_XML);
  const body = Buffer.from(FEED_XML);
  return Buffer.concat([head(['HTTP/1.1 200 OK', 'Content-Type: application/rss+xml', `Content-Length: ${body.length}`, 'Connection: close']), body]);
}

let certificate: { key: Buffer; cert: Buffer } | null = null;

/** A self-signed certificate for 127.0.0.1 made with the local openssl; nothing leaves the machine. */
export function selfSignedCertificate(): { key: Buffer; cert: Buffer } {
  if (certificate) return certificate;
  const dir = mkdtempSync(join(tmpdir(), 'feedloom-tls-'));
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '2',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
    ], { stdio: 'ignore' });
    certificate = { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
    return certificate;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function listen(server: net.Server, host: string, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as net.AddressInfo).port));
  });
}

export async function startHostileServer(options: HostileOptions = {}): Promise<HostileServer> {
  const requests: HostileRequest[] = [];
  const foreignHits: string[] = [];
  const sockets = new Set<net.Socket>();
  const httpSockets = new Set<net.Socket>();
  const servers: net.Server[] = [];
  let port = 0;
  let tlsPort: number | null = null;
  const handler = createHandler({ port: () => port, tlsPort: () => tlsPort });
  const track = (server: net.Server) => {
    servers.push(server);
    server.on('connection', (socket: net.Socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    return server;
  };
  const logged = (listener: HostileRequest['listener']): http.RequestListener => (req, res) => {
    const entry: HostileRequest = { listener, method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, at: Date.now(), socketClosed: false };
    requests.push(entry);
    req.socket.once('close', () => {
      entry.socketClosed = true;
    });
    if (req.url === '/__log') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ requests, foreignHits }));
    }
    handler(req, res);
  };

  const counted = (server: net.Server) => {
    server.on('connection', (socket: net.Socket) => {
      httpSockets.add(socket);
      socket.on('close', () => httpSockets.delete(socket));
    });
    return track(server);
  };
  port = await listen(counted(http.createServer(logged('http'))), '127.0.0.1');
  if (options.tls) {
    tlsPort = await listen(counted(https.createServer(selfSignedCertificate(), logged('tls'))), '127.0.0.1');
  }
  const raw = track(
    net.createServer((socket) => {
      let head = '';
      socket.on('data', (chunk) => {
        head += chunk.toString('latin1');
        if (!head.includes('\r\n\r\n')) return;
        const path = /^[A-Z]+ (\S+)/.exec(head)?.[1] ?? '/';
        socket.end(rawResponse(path));
      });
      socket.on('error', () => undefined);
    }),
  );
  const rawPort = await listen(raw, '127.0.0.1');
  if (options.canaries) {
    for (const alias of ['127.0.0.2', '127.0.0.3']) {
      const canary = track(
        net.createServer((socket) => {
          foreignHits.push(`${alias}:${port}`);
          socket.destroy();
        }),
      );
      await listen(canary, alias, port);
    }
  }

  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    hostPort: `127.0.0.1:${port}`,
    tlsOrigin: tlsPort === null ? null : `https://127.0.0.1:${tlsPort}`,
    tlsPort,
    rawOrigin: `http://127.0.0.1:${rawPort}`,
    rawPort,
    requests,
    foreignHits,
    openSockets: () => httpSockets.size,
    hits: (path) => requests.filter((r) => r.url.startsWith(path)),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    },
  };
}
