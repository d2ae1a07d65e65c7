/**
 * Runs `calintel` for the CLI tests: in this process (`runCalintel`), or as a real process
 * through tsx (`runCalintelProcess`) where the process itself is what a test checks.
 *
 * A real process costs about 2 s of CPU before the command starts (tsx transforms and node
 * loads the whole CLI); in this process the modules are loaded once per test file. What the
 * command sees is the same: only the given environment (PATH and silent logs added), the given
 * working directory and standard input, and its standard output, standard error and exit code
 * are what the test gets. What this process cannot show (that the process ends, signals, the
 * log lines pino writes straight to file descriptor 2, a reader that goes away) stays with
 * `runCalintelProcess`.
 */
import { execFile } from 'node:child_process';
import { Console } from 'node:console';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { runCli } from '../../src/cli/program.js';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
export const MAIN = join(ROOT, 'src/cli/main.ts');

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** Added to a bare environment (PATH, silent logs). */
  env?: Record<string, string>;
  cwd?: string;
  /** Written to its standard input, which is then closed (empty by default). */
  stdin?: string;
}

const bareEnvironment = (options: CliOptions): Record<string, string> => ({
  PATH: process.env.PATH ?? '',
  LOG_LEVEL: 'silent',
  ...options.env,
});

/** Asynchronous, so that servers in the test's process (a feed) can answer it. */
export function runCalintelProcess(args: string[], options: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolvePromise) => {
    const child = execFile(
      process.execPath,
      ['--import', TSX, MAIN, ...args],
      {
        cwd: options.cwd ?? ROOT,
        encoding: 'utf8',
        env: bareEnvironment(options),
        timeout: 60_000,
      },
      (error, stdout, stderr) => {
        const status = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolvePromise({ status, stdout, stderr });
      },
    );
    child.stdin?.end(options.stdin ?? '');
  });
}

/** One command at a time: each takes over this process's environment, folder and streams. */
let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs the command in this process, as `runCalintelProcess` would run it. Logs must stay
 * silent: pino writes to file descriptor 2 itself, past the captured standard error. TZ is
 * read when a process starts, so a command that needs another zone needs its own process.
 */
export function runCalintel(args: string[], options: CliOptions = {}): Promise<CliResult> {
  const env = bareEnvironment(options);
  if (env.LOG_LEVEL !== 'silent')
    throw new Error('runCalintel captures no log lines: use runCalintelProcess for LOG_LEVEL');
  if (env.TZ !== undefined) throw new Error('runCalintel keeps this zone: use runCalintelProcess');
  const run = queue.then(() => runInProcess(args, env, options));
  queue = run.catch(() => undefined);
  return run;
}

async function runInProcess(
  args: string[],
  env: Record<string, string>,
  options: CliOptions,
): Promise<CliResult> {
  const stdout = new Capture();
  const stderr = new Capture();
  const saved = takeOver({
    env,
    cwd: options.cwd ?? ROOT,
    stdin: Readable.from([Buffer.from(options.stdin ?? '')]),
    stdout: stdout.stream,
    stderr: stderr.stream,
  });
  let status: number;
  try {
    process.exitCode = undefined;
    await runCli([process.execPath, MAIN, ...args], { exitOverride: true });
    status = Number(process.exitCode ?? 0);
  } finally {
    saved.restore();
  }
  return { status, stdout: stdout.text(), stderr: stderr.text() };
}

/** What a written stream received, as text. */
class Capture {
  private readonly chunks: Buffer[] = [];
  readonly stream: Writable = new Writable({
    write: (chunk: Buffer | string, encoding, done) => {
      this.chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk);
      done();
    },
  });
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

interface Surroundings {
  env: Record<string, string>;
  cwd: string;
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
}

/**
 * Gives the command the environment, folder and streams a process of its own would have, and
 * returns how to give this process its own back. `console` is replaced too: vitest's writes
 * elsewhere than process.stdout.
 */
function takeOver(surroundings: Surroundings): { restore(): void } {
  const saved = {
    env: process.env,
    cwd: process.cwd(),
    exitCode: process.exitCode,
    console: globalThis.console,
    streams: (['stdin', 'stdout', 'stderr'] as const).map(
      (name) => [name, Object.getOwnPropertyDescriptor(process, name)] as const,
    ),
  };
  process.env = { ...surroundings.env };
  process.chdir(surroundings.cwd);
  for (const name of ['stdin', 'stdout', 'stderr'] as const)
    Object.defineProperty(process, name, {
      configurable: true,
      enumerable: true,
      value: surroundings[name],
    });
  globalThis.console = new Console(surroundings.stdout, surroundings.stderr);
  return {
    restore() {
      process.env = saved.env;
      process.chdir(saved.cwd);
      for (const [name, descriptor] of saved.streams)
        if (descriptor) Object.defineProperty(process, name, descriptor);
      globalThis.console = saved.console;
      process.exitCode = saved.exitCode;
    },
  };
}
