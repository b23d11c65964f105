/**
 * One throwaway PostgreSQL cluster for the whole test run (scripts/pg-cluster.mjs), or the server
 * named by $FEEDLOOM_TEST_DATABASE_URL (CI starts its own). Tests that need it skip with the printed
 * reason when none can be started, unless $FEEDLOOM_REQUIRE_POSTGRES is set (CI), when the run fails.
 */
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string | null;
    postgresMissing: string | null;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const given = process.env.FEEDLOOM_TEST_DATABASE_URL;
  if (given) {
    project.provide('postgresUrl', given);
    project.provide('postgresMissing', null);
    return async () => undefined;
  }
  try {
    // @ts-expect-error: a plain script without types
    const { startCluster } = await import('../../scripts/pg-cluster.mjs');
    const cluster = (await startCluster()) as { url: string; stop: () => void };
    project.provide('postgresUrl', cluster.url);
    project.provide('postgresMissing', null);
    return async () => cluster.stop();
  } catch (error) {
    const reason = `no PostgreSQL server could be started: ${(error as Error).message}`;
    if (process.env.FEEDLOOM_REQUIRE_POSTGRES) throw new Error(reason);
    process.stderr.write(`\n[postgres tests skipped] ${reason}\n`);
    project.provide('postgresUrl', null);
    project.provide('postgresMissing', reason);
    return async () => undefined;
  }
}
