import { defineConfig } from 'vitest/config';

// The live differential tier: talks to a real qemu-system-* binary.
export default defineConfig({
  test: {
    include: ['test/live/**/*.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 120_000,
    pool: 'forks',
    setupFiles: ['test/helpers/yield-between-tests.ts', 'test/helpers/libvirt-formats.ts'],
    fileParallelism: false,
  },
});
