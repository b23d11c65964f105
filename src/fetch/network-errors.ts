/**
 * Map what node:http, net, tls and dns throw onto feedloom's stable codes. Codes, not messages, are
 * matched wherever the runtime provides them (miniflux `isNetworkError`/`isSSLError` do the same).
 */
import { FeedloomError, isFeedloomError } from '../core/errors.js';

export type FetchPhase = 'connect' | 'headers' | 'body';

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'EAI_NONAME', 'ENODATA', 'ESERVFAIL']);
const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);
const PROTOCOL_CODES = new Set(['UND_ERR_HEADERS_OVERFLOW', 'UND_ERR_INFO', 'HPE_HEADER_OVERFLOW']);
const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_UNTRUSTED',
  'CERT_REVOKED',
  'HOSTNAME_MISMATCH',
  'EPROTO',
]);

function errorChain(error: unknown): Array<{ code?: string; name?: string; message?: string }> {
  const chain: Array<{ code?: string; name?: string; message?: string }> = [];
  let current: unknown = error;
  for (let depth = 0; current && typeof current === 'object' && depth < 6; depth += 1) {
    chain.push(current as { code?: string });
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
}

/** Turn a transport error into a FeedloomError naming `where`; a FeedloomError in the chain wins. */
export function classifyNetworkError(error: unknown, phase: FetchPhase, where: string): FeedloomError {
  const chain = errorChain(error);
  const own = chain.find((link) => isFeedloomError(link)) as FeedloomError | undefined;
  if (own) {
    // The connector names `host:port`; the operator needs the URL of the hop instead.
    return own.where?.includes('://') ? own : new FeedloomError(own.code, own.message, { where, cause: own.cause, status: own.status, retryAfterMs: own.retryAfterMs });
  }
  const codes = chain.map((link) => String(link.code ?? ''));
  const text = chain.map((link) => `${link.name ?? ''} ${link.message ?? ''}`).join(' ');
  const make = (code: FeedloomError['code'], message: string) => new FeedloomError(code, message, { where, cause: error });
  const detail = (chain[chain.length - 1]?.message ?? String(error)).replace(/\s+/g, ' ').slice(0, 200);

  if (codes.some((code) => DNS_CODES.has(code))) return make('E_DNS', `could not resolve the host name (${detail})`);
  if (codes.some((code) => code === 'UND_ERR_CONNECT_TIMEOUT')) return make('E_TIMEOUT', 'could not connect in time');
  if (codes.some((code) => TIMEOUT_CODES.has(code))) return make('E_TIMEOUT', `no complete response in time (${detail})`);
  if (codes.some((code) => TLS_CODES.has(code) || code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_')) || /\b(SSL|TLS)\b|certificate/i.test(text)) {
    return make('E_TLS', `TLS failed: ${detail}`);
  }
  if (codes.some((code) => PROTOCOL_CODES.has(code) || code.startsWith('HPE_')) || /HTTPParserError/.test(text)) {
    return make('E_PROTOCOL', `malformed HTTP response (${codes.find((code) => code.startsWith('HPE_') || code.startsWith('UND_')) ?? detail})`);
  }
  if (codes.includes('UND_ERR_RES_CONTENT_LENGTH_MISMATCH')) return make('E_TRUNCATED', 'the body was shorter than its Content-Length');
  if (phase === 'body') return make('E_TRUNCATED', `the connection ended before the body was complete (${detail})`);
  if (codes.includes('ECONNREFUSED')) return make('E_NETWORK', 'connection refused');
  if (codes.includes('ECONNRESET')) return make('E_NETWORK', 'connection reset by the server');
  return make('E_NETWORK', detail);
}
