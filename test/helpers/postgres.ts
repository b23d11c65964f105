/** A fresh database per test file (or per test) on the run's throwaway cluster. */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, inject } from 'vitest';

export const postgresUrl = inject('postgresUrl');

/** `describe` when a server is up, else a skipped describe whose name says why. */
export const describePostgres: typeof describe = postgresUrl ? describe : (((name: string, fn: () => void) => describe.skip(`${name} (skipped: ${inject('postgresMissing')})`, fn)) as unknown as typeof describe);

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Creates an empty database and returns its URL. */
export async function freshDatabase(prefix = 't'): Promise<string> {
  if (!postgresUrl) throw new Error('no PostgreSQL server for this run');
  const name = `feedloom_${prefix}_${randomBytes(5).toString('hex')}`;
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  return withDatabase(postgresUrl, name);
}

/** The rows of one query, on a connection of its own. */
export async function query<R extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(sql, params)).rows;
  } finally {
    await client.end();
  }
}
