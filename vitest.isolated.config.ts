import { defineConfig } from 'vitest/config';
import { ISOLATED } from './vitest.config.js';

/** The load-sensitive files, alone after the main run (see ISOLATED in vitest.config.ts). */
export default defineConfig({
  test: {
    include: ISOLATED,
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    restoreMocks: true,
  },
});
