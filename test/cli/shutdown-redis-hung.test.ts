/**
 * A worker of the scaled shape stopped (SIGTERM: a deploy, `docker stop`) while its Redis keeps
 * the connections open and answers nothing (hung, paused, a black-holed path) still ends: the
 * job queue's close drops its Redis connections past its bound and says so, and the process
 * exits by itself instead of waiting until the supervisor kills it.
 *
 * The service runs as a real process (the bound, the signal and the exit are what is checked,
 * and a hung Redis client inside the test runner could hold the runner itself), against the
 * real Redis behind a proxy this test freezes. A process still running at the end is killed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { MAIN, ROOT, TSX } from '../support/cli.js';
import { TEST_SECRET_KEY } from '../support/databases.js';
import { deleteKeys, describeWithRedis, REDIS_URL, uniquePrefix } from '../support/queues.js';
import { startTcpProxy } from '../support/tcp-proxy.js';

/** Far past the queue's 10 s close bound and the process's start; only a hang reaches it. */
const EXIT_WAIT_MS = 45_000;

const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const close of closers.reverse()) await close().catch(() => undefined);
  closers.length = 0;
});

/** The process's exit code (or signal), or null if it is still running after `ms`. */
function exitWithin(child: ChildProcess, ms: number): Promise<number | string | null> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve(child.exitCode ?? child.signalCode);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), ms);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(code ?? signal);
    });
  });
}

/** Resolves once `output()` contains `words`; rejects if the process exits first or after `ms`. */
function untilSaid(child: ChildProcess, output: () => string, words: string, ms: number) {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`not said in time: ${words}\n${output()}`)),
      ms,
    );
    const check = () => {
      if (!output().includes(words)) return;
      clearTimeout(timer);
      resolve();
    };
    for (const stream of [child.stdout, child.stderr]) stream?.on('data', check);
    child.once('exit', () => {
      clearTimeout(timer);
      reject(new Error(`the service exited before saying "${words}":\n${output()}`));
    });
    check();
  });
}

describeWithRedis('a worker stopped while Redis answers nothing', () => {
  it.skipIf(process.platform !== 'linux')(
    'exits on SIGTERM, dropping the job queue connections and saying so',
    async () => {
      const redis = new URL(REDIS_URL);
      const proxy = await startTcpProxy({ host: redis.hostname, port: Number(redis.port || 6379) });
      closers.push(() => proxy.close());
      const prefix = uniquePrefix();
      closers.push(() => deleteKeys(`${prefix}:*`));
      const child = spawn(
        process.execPath,
        ['--import', TSX, MAIN, 'serve', '--role', 'worker,scheduler'],
        {
          cwd: ROOT,
          env: {
            PATH: process.env.PATH ?? '',
            LOG_LEVEL: 'info',
            CALINTEL_DATA_DIR: mkdtempSync(join(tmpdir(), 'calintel-redis-hung-stop-')),
            CALINTEL_SECRET_KEY: TEST_SECRET_KEY,
            REDIS_URL: proxy.urlFor(REDIS_URL),
            REDIS_PREFIX: prefix,
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      closers.push(async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      });
      let output = '';
      for (const stream of [child.stdout, child.stderr])
        stream?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      await untilSaid(child, () => output, 'calintel is running', EXIT_WAIT_MS);

      proxy.freeze();
      child.kill('SIGTERM');
      const exit = await exitWithin(child, EXIT_WAIT_MS);
      expect(exit, `the service did not exit:\n${output}`).toBe(0);
      expect(output).toContain('shutting down');
      expect(output).toContain(
        'shutdown: the job queue did not close within 10 s (Redis not answering',
      );
      expect(output).toContain('"msg":"stopped"');
    },
    120_000,
  );
});
