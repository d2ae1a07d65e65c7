import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'src/**/*.test.ts',
      'test/**/*.test.ts',
      'emulators/**/*.test.ts',
      'web/src/**/*.test.ts',
    ],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Outbound HTTP to anything but this machine fails: see test/support/setup.ts.
    setupFiles: ['test/support/setup.ts'],
  },
});
