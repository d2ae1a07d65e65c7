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
    // Vitest's default in a run is one worker fewer than the cores: one on CI's two. Most files
    // wait on PostgreSQL, Radicale, emulators or Chromium, so two share the cores well (the whole
    // suite: 771 s with one, 593 s with two, on the same machine).
    maxWorkers: 2,
    // Room for the slowest files (CLI processes, 50,000-event stores) with two running at once.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Outbound HTTP to anything but this machine fails: see test/support/setup.ts.
    setupFiles: ['test/support/setup.ts'],
  },
});
