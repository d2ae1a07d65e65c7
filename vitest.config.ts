import { configDefaults, defineConfig } from 'vitest/config';

/**
 * The domain's own tests: pure functions, no I/O, no environment, no mocks (ARCHITECTURE.md).
 * Not relationships/: its scratch buffers start small in a new process and grow, and its tests
 * are written against that start (summary.test.ts), which a shared worker would have grown.
 */
const SHARED_WORKERS = ['src/domain/*.test.ts', 'src/domain/!(relationships)/**/*.test.ts'];

export default defineConfig({
  test: {
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
    projects: [
      {
        extends: true,
        test: {
          name: 'domain',
          include: SHARED_WORKERS,
          // A fresh process per file costs its start and the import of luxon, ical.js and zod
          // again, about as much as most of these files' tests take. That is safe only because
          // the domain is pure; a test here that mocks a module or changes the process's state
          // belongs elsewhere.
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          // A process of its own per file: these use databases, servers, the environment, mocks.
          name: 'isolated',
          include: [
            'src/**/*.test.ts',
            'test/**/*.test.ts',
            'emulators/**/*.test.ts',
            'web/src/**/*.test.ts',
          ],
          exclude: [...configDefaults.exclude, ...SHARED_WORKERS],
        },
      },
    ],
  },
});
