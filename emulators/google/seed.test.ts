import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultSeed, loadSeedFile, parseSeed, startGoogleEmulator } from './index.js';

const EXAMPLE = fileURLToPath(new URL('./example-seed.json', import.meta.url));

describe('seed', () => {
  it('loads the example seed file that `calintel emulator google --seed` takes', async () => {
    const seed = await loadSeedFile(EXAMPLE);
    const emulator = await startGoogleEmulator({
      seed,
      now: () => new Date('2026-03-01T00:00:00Z'),
    });
    try {
      const single = emulator.state.listTruth('alice@example.com', { singleEvents: true });
      expect(single.slice(0, 4).map((e) => e.id)).toEqual([
        'pipelinereview_20260302T080000Z',
        'acmepricing01',
        'offsite2026',
        'pipelinereview_20260309T080000Z',
      ]);
      expect(single.map((e) => e.id)).not.toContain('pipelinereview_20260316T080000Z');
    } finally {
      await emulator.close();
    }
  });

  it('names every problem of a bad seed with its path', () => {
    expect(() =>
      parseSeed({ users: [{ email: 'a@b.c', calendars: [{ id: '', events: [{ start: {} }] }] }] }),
    ).toThrow(/users\.0\.calendars\.0\.id[\s\S]*users\.0\.calendars\.0\.events\.0\.start/);
  });

  it('has a default seed with a series, a moved and a cancelled instance', async () => {
    const emulator = await startGoogleEmulator({
      seed: defaultSeed(new Date('2026-03-01T00:00:00Z')),
    });
    try {
      const stored = emulator.state.listTruth('alice@example.com');
      expect(stored.filter((e) => e.recurringEventId).map((e) => e.status)).toEqual([
        'confirmed',
        'cancelled',
      ]);
    } finally {
      await emulator.close();
    }
  });
});
