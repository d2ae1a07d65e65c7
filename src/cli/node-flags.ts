/**
 * The V8 flags the `calintel` command runs with: its shebang (`main.ts`) and `npm start` pass
 * them, and the benchmarks start their measuring processes with them, so that what is measured
 * is what runs. node-flags.test.ts checks that the three agree.
 *
 * `--max-semi-space-size=64` (MB; Node 20's default is 16): a sync or an import holds a page of
 * a few thousand events while it maps and commits it, longer than the default young generation
 * lasts between collections. The page was then copied by scavenge after scavenge and promoted to
 * the old generation, which V8 lets grow to several times its live size before collecting it.
 * With room for a page in the young generation, its objects die young: a 100,000-event Google
 * sync used 1.0 s less CPU and peaked at 380 MB instead of 540 MB, and a 50,000-VEVENT ICS
 * import peaked at 390 MB instead of 510 MB, in less time (BENCHMARKS.md). It is a ceiling: an
 * idle service's young generation stays small.
 */
export const NODE_FLAGS = ['--max-semi-space-size=64'] as const;
