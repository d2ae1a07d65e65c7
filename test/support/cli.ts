/** Runs `calintel` as a real process through tsx, for the CLI tests. */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const ROOT = resolve(import.meta.dirname, '..', '..');
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

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

/** Asynchronous, so that servers in the test's process (a feed) can answer it. */
export function runCalintel(args: string[], options: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolvePromise) => {
    const child = execFile(
      process.execPath,
      ['--import', TSX, join(ROOT, 'src/cli/main.ts'), ...args],
      {
        cwd: options.cwd ?? ROOT,
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', ...options.env },
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
