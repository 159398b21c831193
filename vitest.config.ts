import { defineConfig } from 'vitest/config';

// Unit tests live beside the code (src/**/*.test.ts); golden and contract
// tests live under test/. The live differential tier (real QEMU) has its own
// config, vitest.live.config.ts, which .ci/run runs after this one.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['test/live/**', 'test/e2e/**', 'node_modules/**', 'dist/**'],
    testTimeout: 60_000,
    pool: 'forks',
    setupFiles: ['test/helpers/yield-between-tests.ts', 'test/helpers/libvirt-formats.ts'],
  },
});
