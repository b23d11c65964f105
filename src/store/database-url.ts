/**
 * The PostgreSQL store's URL: config `store.url`, overridden by $FEEDLOOM_DATABASE_URL so the password
 * need not sit in the config, and the only form of it feedloom ever shows. No driver code here, so
 * commands that only name the store do not load pg.
 */

const DATABASE_URL_ENV = 'FEEDLOOM_DATABASE_URL';

/** The connection string in force: the environment wins over the config. */
export function databaseUrlOf(configured: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const fromEnv = env[DATABASE_URL_ENV];
  return fromEnv !== undefined && fromEnv.trim() !== '' ? fromEnv.trim() : configured;
}

/**
 * `host:port/database` as an operator recognises it, with no user or password: the only form of the
 * URL that feedloom ever prints, logs or writes.
 */
export function describeDatabase(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') return 'a database URL that is not postgres://';
    const host = parsed.searchParams.get('host') ?? (parsed.hostname || 'localhost');
    const port = parsed.port || '5432';
    const database = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || decodeURIComponent(parsed.username) || 'postgres';
    return `${host}:${port}/${database}`;
  } catch {
    return 'an unreadable database URL';
  }
}

/** Why a URL cannot be a store URL, or null when it can. */
export function databaseUrlProblem(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not a URL (expected postgres://user@host:port/database)';
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') return `must start with postgres:// or postgresql://, not ${parsed.protocol}//`;
  return null;
}

