import { defineConfig } from 'vitest/config';

// The dashboard's browser tests (test/e2e): headless Debian chromium driven
// by playwright-core against a fleet service seeded with real host files.
// Needs the built dashboard (npm run build); .ci/run runs them.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    setupFiles: ['test/helpers/yield-between-tests.ts', 'test/helpers/libvirt-formats.ts'],
    fileParallelism: false,
  },
});
