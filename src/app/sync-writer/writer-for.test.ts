import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/config.js';
import type { Store } from '../../store/store.js';
import { syncWriterFor } from './writer-for.js';
import { SyncWriterThread } from './writer-thread.js';

describe('syncWriterFor', () => {
  const sqlite = { dialect: 'sqlite' } as Store;
  const postgres = { dialect: 'postgres' } as Store;
  const config = (env: Record<string, string> = {}) =>
    loadConfig({
      CALINTEL_DATA_DIR: '/tmp/calintel-writer-for',
      CALINTEL_SECRET_KEY: '0f'.repeat(32),
      ...env,
    });

  it('gives a SQLite file the service opened itself a writer thread', () => {
    expect(syncWriterFor(config(), sqlite, true)).toBeInstanceOf(SyncWriterThread);
  });

  it('commits on the main thread when the setting is off, the store was handed in, or in memory', () => {
    expect(syncWriterFor(config({ SYNC_WRITER_THREAD: 'false' }), sqlite, true)).toBeNull();
    expect(syncWriterFor(config(), sqlite, false)).toBeNull();
    expect(syncWriterFor(config({ DATABASE_URL: 'sqlite::memory:' }), sqlite, true)).toBeNull();
    expect(syncWriterFor(config({ DATABASE_URL: 'postgres://db/x' }), postgres, true)).toBeNull();
  });
});
