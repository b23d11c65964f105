/**
 * One error type with stable codes. Scheduling, exit codes and `status` switch on `code`,
 * never on message text (STYLE.md rule 4). Each code is classed so the scheduler knows whether
 * to retry soon (transient), wait for the operator (operator), or give up (permanent).
 */
export const ERROR_CODES = {
  // network and time
  E_TIMEOUT: 'transient',
  E_DNS: 'transient',
  E_NETWORK: 'transient',
  E_TLS: 'operator',
  E_PROTOCOL: 'transient',
  E_TRUNCATED: 'transient',
  // body
  E_TOO_LARGE: 'permanent',
  E_DECODE: 'permanent',
  // redirects and policy
  E_REDIRECT: 'permanent',
  E_REDIRECT_SCHEME: 'permanent',
  E_PRIVATE_ADDRESS: 'operator',
  E_SCHEME: 'config',
  // HTTP
  E_HTTP_STATUS: 'transient',
  E_RATE_LIMITED: 'transient',
  E_AUTH: 'operator',
  E_GONE: 'permanent',
  E_NOT_FOUND: 'permanent',
  E_EMPTY_BODY: 'transient',
  E_UNSOLICITED_304: 'transient',
  // content
  E_NOT_A_FEED: 'permanent',
  E_PARSE: 'permanent',
  // local
  E_CONFIG: 'config',
  E_USAGE: 'config',
  E_FILE: 'operator',
  E_STORE_CORRUPT: 'operator',
  E_STORE_IO: 'operator',
  E_LOCKED: 'transient',
  E_BUDGET: 'transient',
  E_INTERNAL: 'permanent',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;
export type ErrorClass = (typeof ERROR_CODES)[ErrorCode];

export interface FeedloomErrorOptions {
  cause?: unknown;
  /** The URL, file or key the error is about; shown first so operators see where. */
  where?: string;
  /** For 429/503 with Retry-After: how long the host asked us to wait. */
  retryAfterMs?: number;
  /** HTTP status, when the error came from a response. */
  status?: number;
}

export class FeedloomError extends Error {
  readonly code: ErrorCode;
  readonly where?: string;
  readonly retryAfterMs?: number;
  readonly status?: number;

  constructor(code: ErrorCode, message: string, options: FeedloomErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'FeedloomError';
    this.code = code;
    this.where = options.where;
    this.retryAfterMs = options.retryAfterMs;
    this.status = options.status;
  }

  get errorClass(): ErrorClass {
    return ERROR_CODES[this.code];
  }

  /** `E_TIMEOUT: http://host/feed: no complete response within 30 s` — the CONTRACT.md line. */
  toLine(): string {
    return this.where ? `${this.code}: ${this.where}: ${this.message}` : `${this.code}: ${this.message}`;
  }
}

export function isFeedloomError(value: unknown): value is FeedloomError {
  return value instanceof FeedloomError;
}

/** Wrap anything thrown into a FeedloomError, keeping the original as `cause`. */
export function toFeedloomError(value: unknown, fallback: ErrorCode = 'E_INTERNAL', where?: string): FeedloomError {
  if (value instanceof FeedloomError) return value;
  const message = value instanceof Error ? value.message : String(value);
  return new FeedloomError(fallback, message, { cause: value, where });
}
