import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrationLockFileOf, withSqliteMigrationLock } from './sqlite-migration-lock.js';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function storeFile(): string {
  const folder = mkdtempSync(join(tmpdir(), 'calintel-migration-lock-'));
  folders.push(folder);
  return join(folder, 'calintel.sqlite');
}

/** A run that holds the lock until `release` is called. */
function heldRun(): { started: Promise<void>; release: () => void; run: () => Promise<void> } {
  let release = () => {};
  let started = () => {};
  const startedPromise = new Promise<void>((resolve) => (started = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  return {
    started: startedPromise,
    release: () => release(),
    run: async () => {
      started();
      await released;
    },
  };
}

// Two connections in one process see each other's file locks as two processes do.
describe('the SQLite migration lock', () => {
  it('makes a second run wait until the first has finished', async () => {
    const file = storeFile();
    const order: string[] = [];
    const first = heldRun();
    const firstDone = withSqliteMigrationLock(file, async () => {
      order.push('first starts');
      await first.run();
      order.push('first ends');
    });
    await first.started;
    const secondDone = withSqliteMigrationLock(file, async () => {
      order.push('second starts');
    });
    // The second is polling for the lock by now; let it try a few times before releasing.
    await new Promise((resolve) => setTimeout(resolve, 200));
    order.push('first released');
    first.release();
    await Promise.all([firstDone, secondDone]);
    expect(order).toEqual(['first starts', 'first released', 'first ends', 'second starts']);
    expect(existsSync(migrationLockFileOf(file))).toBe(true);
  });

  it('gives up after its wait with an error naming the data folder', async () => {
    const file = storeFile();
    const first = heldRun();
    const firstDone = withSqliteMigrationLock(file, first.run);
    await first.started;
    let ran = false;
    await expect(
      withSqliteMigrationLock(file, async () => void (ran = true), { waitMs: 100 }),
    ).rejects.toThrow(
      `another process has been migrating the database in ${join(file, '..')} for over 0.1 s`,
    );
    expect(ran).toBe(false);
    first.release();
    await firstDone;
  });

  it('is released when a run fails, so the next one runs', async () => {
    const file = storeFile();
    await expect(
      withSqliteMigrationLock(file, () => Promise.reject(new Error('migration failed'))),
    ).rejects.toThrow('migration failed');
    await expect(withSqliteMigrationLock(file, async () => 'ran', { waitMs: 0 })).resolves.toBe(
      'ran',
    );
  });
});
