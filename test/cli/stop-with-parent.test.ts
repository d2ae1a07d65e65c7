/**
 * `npm start` runs the demo through `sh -c`; npm passes a SIGTERM (`kill`, `docker stop`) to that
 * shell, which exits without passing it on. The command must then stop by itself instead of
 * running on, orphaned, with its ports held. Reproduced here with a shell of our own around a
 * real process (the Google emulator: the lightest long-running command).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { MAIN, ROOT, TSX } from '../support/cli.js';

const started: number[] = [];
afterEach(() => {
  for (const pid of started.splice(0)) if (isRunning(pid)) process.kill(pid, 'SIGKILL');
});

/** Running, and not a zombie nobody has reaped yet (PID 1 here need not reap). */
function isRunning(pid: number): boolean {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

/** The shell's child once it has said it is listening. */
async function startUnderShell(
  env: Record<string, string>,
): Promise<{ shell: ChildProcess; child: number }> {
  const command = `"${process.execPath}" --import "${TSX}" "${MAIN}" emulator google --port 0; exit $?`;
  const shell = spawn('sh', ['-c', command], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '', LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    let output = '';
    shell.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('listening on')) resolve();
    });
    shell.once('exit', () => reject(new Error(`the emulator did not start: ${output}`)));
  });
  const children = spawnSync('pgrep', ['-P', String(shell.pid)], { encoding: 'utf8' }).stdout;
  const child = Number(children.trim().split('\n')[0]);
  if (!Number.isInteger(child) || child <= 0) throw new Error('no child of the shell');
  started.push(child);
  return { shell, child };
}

async function exitsWithin(pid: number, ms: number): Promise<boolean> {
  for (const until = Date.now() + ms; Date.now() < until;) {
    if (!isRunning(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return !isRunning(pid);
}

describe.skipIf(process.platform !== 'linux')(
  'a command started through npm',
  { timeout: 60_000 },
  () => {
    it('stops when the shell npm ran it in is killed', async () => {
      const { shell, child } = await startUnderShell({ npm_lifecycle_event: 'start' });
      shell.kill('SIGTERM');
      expect(await exitsWithin(child, 10_000)).toBe(true);
    });

    it('started without npm, runs on under a supervisor that keeps it (no watch)', async () => {
      const { shell, child } = await startUnderShell({});
      shell.kill('SIGTERM');
      expect(await exitsWithin(child, 2_500)).toBe(false);
    });
  },
);
