/**
 * Connecting to the PostgreSQL store: a pool, and errors that name the host and database but never
 * the password (issue 12).
 */
import pg from 'pg';
import { FeedloomError } from '../core/errors.js';
import { databaseUrlProblem, describeDatabase } from './database-url.js';

/** Node's and PostgreSQL's error codes, turned into the store's own, naming host and database. */
export function postgresError(error: unknown, where: string, doing: string): FeedloomError {
  if (error instanceof FeedloomError) return error;
  const code = (error as { code?: string }).code;
  const message = String((error as Error).message ?? error);
  const reason =
    code === 'ECONNREFUSED'
      ? 'connection refused'
      : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
        ? 'host not found'
        : code === '28P01' || code === '28000'
          ? 'authentication failed'
          : code === '3D000'
            ? 'database does not exist'
            : code === 'ECONNRESET' || code === '57P01' || /connection terminated/i.test(message)
              ? 'the connection was lost'
              : code === 'ETIMEDOUT' || /timeout/i.test(message)
                ? 'timed out'
                : `${code ?? 'error'}: ${scrubPassword(message)}`;
  return new FeedloomError('E_STORE_IO', `cannot ${doing} the PostgreSQL store (${reason})`, { where, cause: error });
}

/** A driver message can quote the connection string; nothing after "password" or "://user:" leaves. */
function scrubPassword(message: string): string {
  return message.replace(/(postgres(?:ql)?:\/\/[^:@/\s]*:)[^@\s]*@/gi, '$1***@').replace(/(password[=:]\s*)\S+/gi, '$1***');
}

export interface PoolOptions {
  /** Connections this process may hold: fetch concurrency does not need one each (ingest is serial). */
  max?: number;
  applicationName?: string;
}

export async function connectPool(url: string, options: PoolOptions = {}): Promise<pg.Pool> {
  const where = describeDatabase(url);
  const problem = databaseUrlProblem(url);
  if (problem) throw new FeedloomError('E_CONFIG', `store.url ${problem}`, { where: 'store.url' });
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 4,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 10_000,
    application_name: options.applicationName ?? 'feedloom',
  });
  // An idle client that loses its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  // Nor one checked out (a transaction between queries, the emit lock's session): node-postgres
  // rejects its queries and also emits 'error', which without a listener is an uncaught exception.
  pool.on('connect', (client) => client.on('error', () => undefined));
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw postgresError(error, where, 'connect to');
  }
  return pool;
}

/** Runs `work` in one transaction on one connection of the pool; rolls back on any error. */
export async function inTransaction<T>(pool: pg.Pool, where: string, doing: string, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    throw postgresError(error, where, 'connect to');
  }
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw postgresError(error, where, doing);
  } finally {
    client.release();
  }
}
