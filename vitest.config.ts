import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Test files that leave the process as they found it, so that they can share their workers: the
 * domain's (pure functions: no I/O, no environment, ARCHITECTURE.md), and the providers' and the
 * emulators' (mappers, clients and the emulators on port 0, each closed by its file; no mocks
 * left in place, no environment, no globals). Not the domain's relationships/: its scratch
 * buffers start small in a new process and grow, and its tests are written against that start
 * (summary.test.ts), which a shared worker would have grown.
 */
const SHARED_WORKERS = [
  'src/domain/*.test.ts',
  'src/domain/!(relationships)/**/*.test.ts',
  'src/providers/**/*.test.ts',
  'emulators/**/*.test.ts',
];

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
          name: 'shared',
          include: SHARED_WORKERS,
          // A fresh process per file costs its start and its imports again (luxon, ical.js, zod,
          // the providers' clients), more than most of these files' tests take: on a loaded
          // two-core machine the domain's 53 took 42 s alone and 16-26 s sharing, the providers'
          // and emulators' 56 took 50 s and 15 s. A test that mocks a module, or changes the
          // environment or a global, belongs in the other project.
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
