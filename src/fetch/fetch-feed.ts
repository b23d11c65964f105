/**
 * Fetch one feed URL under a FetchPolicy: conditional GET, redirects followed by hand (so every hop
 * is checked for scheme and address), one total deadline across all hops and the body (an idle
 * timeout never stops a slowloris, R02), a decoded-byte cap, and HTTP statuses mapped to stable
 * codes (R01–R20). The body is returned as bytes; charset decoding and parsing happen later.
 */
import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import type { CacheHints, RedirectRecord } from '../core/types.js';
import { FeedloomError, isFeedloomError } from '../core/errors.js';
import { checkUrl, type FetchPolicy } from './policy.js';
import { agentFor, formatSeconds } from './dispatcher.js';
import { classifyNetworkError } from './network-errors.js';
import { formatBytes, readDecodedBody, sampleBody } from './read-body.js';
import {
  headerValue,
  isBotChallenge,
  parseCacheHints,
  parseContentCoding,
  parseRetryAfter,
  type ContentCoding,
  type Headers,
} from './response-headers.js';

export interface FetchRequest {
  url: string;
  validators?: { etag: string | null; lastModified: string | null };
  /** A stored copy exists, so a 304 means "unchanged" even without validators. */
  hasStoredCopy?: boolean;
  allowInsecureTLS?: boolean;
  /** The source's own request headers (`headers` in config, env: values already resolved). */
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Called every time an https hop is fetched with certificate checks off, so it is logged each use. */
  onInsecureTLS?: (url: string) => void;
}

interface OutcomeBase {
  finalUrl: string;
  redirects: RedirectRecord[];
  /** The final URL when every hop was 301/308, else null (the source's stored URL may move, R14). */
  permanentRedirect: string | null;
  cache: CacheHints;
  durationMs: number;
}

export type FetchOutcome =
  | ({ kind: 'not-modified'; status: 304 } & OutcomeBase)
  | ({
      kind: 'fetched';
      status: number;
      body: Buffer;
      contentType: string | null;
      etag: string | null;
      lastModified: string | null;
      bytes: number;
    } & OutcomeBase);

const ACCEPT_FEEDS =
  'application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5';

const FOLLOWED = new Set([301, 302, 303, 307, 308]);
const PERMANENT = new Set([301, 308]);

/**
 * How a fetch is stopped: the request in flight is destroyed, which fails the pending response or
 * body read. A plain object and one timer per fetch rather than an AbortController, whose signal
 * and listeners were a visible share of the CPU of 1,000 304s (issue 7).
 */
interface Cancellation {
  aborted: boolean;
  current: http.ClientRequest | null;
}

function cancelFetch(cancellation: Cancellation): void {
  if (cancellation.aborted) return;
  cancellation.aborted = true;
  cancellation.current?.destroy(new Error('the fetch was cancelled'));
}

export async function fetchFeed(request: FetchRequest, policy: FetchPolicy): Promise<FetchOutcome> {
  const started = performance.now();
  const cancellation: Cancellation = { aborted: false, current: null };
  const state = { url: request.url };
  const timer = setTimeout(() => cancelFetch(cancellation), policy.timeoutMs);
  const forwardAbort = () => cancelFetch(cancellation);
  const signal = request.signal;
  if (signal?.aborted) forwardAbort();
  else signal?.addEventListener('abort', forwardAbort, { once: true });
  try {
    if (cancellation.aborted) throw new Error('aborted before start');
    return await followHops(request, policy, cancellation, state, started);
  } catch (error) {
    if (!cancellation.aborted) throw error;
    if (signal?.aborted) {
      const reason: unknown = signal.reason;
      if (isFeedloomError(reason)) throw reason;
      throw new FeedloomError('E_TIMEOUT', 'the fetch was cancelled', { where: state.url, cause: reason });
    }
    throw new FeedloomError('E_TIMEOUT', `no complete response within ${formatSeconds(policy.timeoutMs)}`, { where: state.url, cause: error });
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', forwardAbort);
  }
}

async function followHops(
  request: FetchRequest,
  policy: FetchPolicy,
  cancellation: Cancellation,
  state: { url: string },
  started: number,
): Promise<FetchOutcome> {
  let url = checkUrl(request.url, policy, 'E_SCHEME');
  const origin = url.origin;
  const redirects: RedirectRecord[] = [];
  const seen = new Set([url.href]);
  for (;;) {
    state.url = url.href;
    const insecure = request.allowInsecureTLS === true && url.protocol === 'https:';
    if (insecure) request.onInsecureTLS?.(url.href);
    let body: http.IncomingMessage;
    try {
      body = await sendRequest(url, requestHeaders(request, policy, url, origin), agentFor(policy, url.protocol as 'http:' | 'https:', insecure), cancellation);
    } catch (error) {
      throw classifyNetworkError(error, 'headers', url.href);
    }
    const status = body.statusCode ?? 0;
    const headers = body.headers as Headers;
    if (!FOLLOWED.has(status)) {
      const base: OutcomeBase = {
        finalUrl: url.href,
        redirects,
        permanentRedirect: redirects.length > 0 && redirects.every((r) => PERMANENT.has(r.status)) ? url.href : null,
        cache: parseCacheHints(headers),
        durationMs: 0,
      };
      const outcome = await readResponse(request, policy, url.href, status, headers, body, base);
      outcome.durationMs = Math.round(performance.now() - started);
      return outcome;
    }
    const location = headerValue(headers, 'location');
    await discard(body);
    if (location === null || location.trim() === '') {
      throw new FeedloomError('E_HTTP_STATUS', `${status} redirect without a Location header`, { where: url.href, status });
    }
    let next: URL;
    try {
      next = new URL(location.trim(), url);
    } catch (cause) {
      throw new FeedloomError('E_HTTP_STATUS', `${status} redirect to an invalid Location "${location.slice(0, 200)}"`, { where: url.href, status, cause });
    }
    next = checkUrl(next.href, policy, 'E_REDIRECT_SCHEME');
    if (redirects.length >= policy.maxRedirects) {
      throw new FeedloomError('E_REDIRECT', `more than ${policy.maxRedirects} redirects`, { where: request.url });
    }
    redirects.push({ from: url.href, to: next.href, status, at: new Date().toISOString() });
    if (seen.has(next.href)) throw new FeedloomError('E_REDIRECT', `redirect loop back to ${next.href}`, { where: request.url });
    seen.add(next.href);
    url = next;
  }
}

/** One GET; resolves with the response as soon as its headers are in. */
function sendRequest(url: URL, headers: Record<string, string>, agent: http.Agent, cancellation: Cancellation): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? https.request : http.request;
    let response: http.IncomingMessage | undefined;
    const outgoing = send(
      { host: url.hostname.replace(/^\[|\]$/g, ''), port: url.port || undefined, path: `${url.pathname}${url.search}`, method: 'GET', headers, agent },
      (incoming) => {
        response = incoming;
        resolve(incoming);
      },
    );
    // Kept for the life of the request: a parse or socket error while the body is read (a bad chunk
    // size, R08) is emitted here, before the body's own generic "aborted"; handing it to the body
    // keeps its code for read-body.ts to classify.
    outgoing.on('error', (error) => {
      if (response && !response.complete) response.destroy(error);
      else reject(error);
    });
    cancellation.current = outgoing;
    if (cancellation.aborted) outgoing.destroy(new Error('the fetch was cancelled'));
    else outgoing.end();
  });
}

/**
 * Userinfo in the source URL becomes HTTP Basic auth (RFC 7617) and the source's own headers are
 * added, but only while the hops stay on the source's origin: a redirect elsewhere must not carry
 * the credentials with it (as curl and browsers do).
 */
function requestHeaders(request: FetchRequest, policy: FetchPolicy, url: URL, origin: string): Record<string, string> {
  const headers: Record<string, string> = {
    accept: ACCEPT_FEEDS,
    'accept-encoding': 'gzip, deflate, br',
    'user-agent': policy.userAgent,
  };
  if (url.origin === origin) {
    const source = new URL(request.url);
    if (source.username !== '' || source.password !== '') {
      const userinfo = `${decodeURIComponent(source.username)}:${decodeURIComponent(source.password)}`;
      headers.authorization = `Basic ${Buffer.from(userinfo, 'utf8').toString('base64')}`;
    }
    for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = value;
  }
  if (request.validators?.etag) headers['if-none-match'] = request.validators.etag;
  if (request.validators?.lastModified) headers['if-modified-since'] = request.validators.lastModified;
  return headers;
}

/** Drop a body we will not read; destroying it reports an abort as an error event, which is expected here. */
function abandon(body: Readable): void {
  body.on('error', ignore);
  body.destroy();
}

function ignore(): void {
  // A broken body on a response we are throwing away changes nothing.
}

/** Past this, dropping a body costs more than the kept connection saves. */
const DISCARD_LIMIT_BYTES = 64 * 1024;

/** Read and drop a body we do not need, so its connection goes back to the pool (a 304 has none). */
function discard(body: Readable): Promise<void> {
  body.on('error', ignore);
  if ((body as http.IncomingMessage).complete) {
    body.resume();
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    let seen = 0;
    body.on('data', (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > DISCARD_LIMIT_BYTES) body.destroy();
    });
    body.once('end', resolve);
    body.once('close', resolve);
    body.resume();
  });
}

async function readResponse(
  request: FetchRequest,
  policy: FetchPolicy,
  where: string,
  status: number,
  headers: Headers,
  body: Readable,
  base: OutcomeBase,
): Promise<FetchOutcome> {
  if (status === 304) {
    await discard(body);
    const solicited = Boolean(request.validators?.etag || request.validators?.lastModified || request.hasStoredCopy);
    // RFC 9110 §15.4.5: a 304 answers a conditional request; one nobody asked for is not "0 items" (R19).
    if (!solicited) throw new FeedloomError('E_UNSOLICITED_304', '304 Not Modified although nothing was cached', { where, status });
    return { kind: 'not-modified', status: 304, ...base };
  }
  const codingHeader = parseContentCoding(headerValue(headers, 'content-encoding'));
  const coding: ContentCoding | null = 'coding' in codingHeader ? codingHeader.coding : null;
  if (status < 200 || status >= 300) throw await statusError(status, headers, body, 'refused' in codingHeader ? null : coding, where);
  if ('refused' in codingHeader) {
    abandon(body);
    throw new FeedloomError('E_DECODE', codingHeader.refused, { where, status });
  }
  if (isBotChallenge(headers, '')) {
    abandon(body);
    throw new FeedloomError('E_AUTH', 'blocked by a bot-challenge page', { where, status });
  }
  const declared = Number(headerValue(headers, 'content-length') ?? NaN);
  if (declared > policy.maxBodyBytes) {
    abandon(body);
    throw new FeedloomError('E_TOO_LARGE', `declares ${formatBytes(declared)}, over the ${formatBytes(policy.maxBodyBytes)} cap`, { where, status });
  }
  const bytes = await readDecodedBody(body, coding, policy.maxBodyBytes, where);
  const contentType = headerValue(headers, 'content-type');
  if (bytes.length === 0 || bytes.every((byte) => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09)) {
    throw new FeedloomError('E_EMPTY_BODY', `${status} with an empty body`, { where, status });
  }
  if (/html/i.test(contentType ?? '') && bytes.length <= 256 * 1024 && isBotChallenge(headers, bytes.toString('utf8'))) {
    throw new FeedloomError('E_AUTH', 'blocked by a bot-challenge page', { where, status });
  }
  return {
    kind: 'fetched',
    status,
    body: bytes,
    contentType,
    etag: headerValue(headers, 'etag'),
    lastModified: headerValue(headers, 'last-modified'),
    bytes: bytes.length,
    ...base,
  };
}

async function statusError(status: number, headers: Headers, body: Readable, coding: ContentCoding | null, where: string): Promise<FeedloomError> {
  const needsSample = status === 401 || status === 403 || status === 429 || status === 503;
  const sample = needsSample ? await sampleBody(body, coding, where) : (await discard(body), '');
  if (isBotChallenge(headers, sample)) {
    return new FeedloomError('E_AUTH', `blocked by a bot-challenge page (${status})`, { where, status });
  }
  if (status === 401) return new FeedloomError('E_AUTH', '401 Unauthorized: the feed needs credentials', { where, status });
  if (status === 403) return new FeedloomError('E_AUTH', '403 Forbidden: the server refuses to serve the feed', { where, status });
  if (status === 404) return new FeedloomError('E_NOT_FOUND', '404 Not Found', { where, status });
  if (status === 410) return new FeedloomError('E_GONE', '410 Gone: the feed was removed for good', { where, status });
  if (status === 429 || status === 503) {
    const retryAfterMs = parseRetryAfter(headerValue(headers, 'retry-after'), Date.now());
    const wait = retryAfterMs === undefined ? '' : `; retry after ${formatSeconds(retryAfterMs)}`;
    return new FeedloomError('E_RATE_LIMITED', `${status} ${status === 429 ? 'Too Many Requests' : 'Service Unavailable'}${wait}`, { where, status, retryAfterMs });
  }
  return new FeedloomError('E_HTTP_STATUS', `HTTP ${status}`, { where, status });
}
