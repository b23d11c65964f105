import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Tests start real loopback servers and child processes; two cores share them.
    pool: 'forks',
    // One throwaway PostgreSQL cluster for the run (skipped with a reason when none can start).
    globalSetup: ['test/helpers/postgres-global-setup.ts'],
  },
});
