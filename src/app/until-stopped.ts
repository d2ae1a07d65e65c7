/**
 * What a long-running command (serve, demo, an emulator) waits for before it stops cleanly:
 * SIGINT, SIGTERM, or, when npm started it (`npm start`, `npx calintel serve`), its parent going
 * away. npm runs a script through `sh -c` and passes a SIGTERM (`kill`, `docker stop`) on to that
 * shell, which exits without passing it to its own child: the service was left running, orphaned,
 * holding its ports. A process started by a supervisor with `node` directly is not watched.
 */

/** How often the parent is looked at: a stop asked for this way is answered within a second. */
const PARENT_CHECK_MS = 1_000;

export interface StopWatch {
  /** Resolves with what asked the process to stop: `SIGINT`, `SIGTERM` or `parent exited`. */
  stopped: Promise<string>;
  /** Stops listening (the signals' handlers and the parent check). */
  dispose(): void;
}

export interface StopWatchOptions {
  /** The environment npm sets for its scripts (npm_lifecycle_event, npm_command). */
  env?: NodeJS.ProcessEnv;
  /** The parent's pid now (process.ppid, read afresh each time). */
  parentPid?: () => number;
  checkEveryMs?: number;
}

/** Whether npm (a script, or npx / npm exec) started this process, through a shell of its own. */
export function startedByNpm(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env['npm_lifecycle_event'] || env['npm_command']);
}

export function watchForStop(options: StopWatchOptions = {}): StopWatch {
  // npm's own variables about how the process was started, not settings: not in the Config.
  // eslint-disable-next-line no-restricted-properties
  const env = options.env ?? process.env;
  const parentPid = options.parentPid ?? (() => process.ppid);
  let timer: NodeJS.Timeout | undefined;
  let onSignal: ((signal: NodeJS.Signals) => void) | undefined;
  const dispose = () => {
    if (timer) clearInterval(timer);
    if (onSignal) {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  };
  const stopped = new Promise<string>((resolve) => {
    const stop = (reason: string) => {
      dispose();
      resolve(reason);
    };
    onSignal = (signal) => stop(signal);
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    if (!startedByNpm(env)) return;
    const parent = parentPid();
    // Orphaned, the process is adopted by init or a subreaper: its parent's pid changes.
    timer = setInterval(() => {
      if (parentPid() !== parent) stop('parent exited');
    }, options.checkEveryMs ?? PARENT_CHECK_MS);
    timer.unref();
  });
  return { stopped, dispose };
}

/** Resolves when the process is asked to stop (see watchForStop). */
export function untilStopped(options: StopWatchOptions = {}): Promise<string> {
  return watchForStop(options).stopped;
}
