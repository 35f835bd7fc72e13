import { defineConfig } from 'vitest/config';

/**
 * Files that flake when the whole suite runs in parallel on a loaded 2-CPU machine; npm test runs
 * them afterwards on their own (vitest.isolated.config.ts). They still run and count.
 */
export const ISOLATED = ['test/faults/kubernetes-watch.test.ts'];

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['**/node_modules/**', ...ISOLATED],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    restoreMocks: true,
  },
});
