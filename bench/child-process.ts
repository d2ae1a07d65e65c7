/**
 * Benchmark children: one process per measurement, so that peak memory (VmHWM) and the heap are
 * the measurement's own. Every child that runs calintel's code starts with the command's own V8
 * flags (NODE_FLAGS), so that what is measured is what runs; this is the one place that adds them.
 */
import { spawnSync } from 'node:child_process';
import { NODE_FLAGS } from '../src/cli/node-flags.js';

export interface ChildOptions {
  /** Node options before the script besides calintel's flags (--expose-gc, --cpu-prof...). */
  nodeArgs?: readonly string[];
  /** Largest stdout accepted, in bytes (default 1 MB). */
  maxBuffer?: number;
  /** Copy the child's stderr to ours when it succeeds (warnings a run should show). */
  echoStderr?: boolean;
}

/** The arguments that run `script` (a path) under tsx with calintel's V8 flags. */
export function childArgs(
  script: string,
  args: readonly string[],
  nodeArgs: readonly string[] = [],
): string[] {
  return [...NODE_FLAGS, ...nodeArgs, '--import', 'tsx', script, ...args];
}

/** Runs `script` to the end and returns the JSON of the last line it printed; `label` names a failure. */
export function runJsonChild<T>(
  label: string,
  script: string,
  args: readonly string[],
  options: ChildOptions = {},
): T {
  const run = spawnSync(process.execPath, childArgs(script, args, options.nodeArgs), {
    encoding: 'utf8',
    maxBuffer: options.maxBuffer ?? 1 << 20,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (run.status !== 0) throw new Error(`${label} failed:\n${run.stderr}`);
  if (options.echoStderr && run.stderr) process.stderr.write(run.stderr);
  return JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as T;
}
