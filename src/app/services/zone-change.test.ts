import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { EnqueueOptions, JobQueue } from '../../jobs/job-queue.js';
import type { Store } from '../../store/store.js';
import {
  RESCAN_CONFLICTS_AFTER_ZONE_CHANGE,
  ZONE_CHANGE_RESCAN_DELAY_MS,
  ZoneChangeRefind,
  type ZoneChangeDeps,
} from './zone-change.js';

const scope = { orgId: 'org-1', userId: 'user-1' };
const NOW = new Date('2026-03-02T09:00:00Z');

function refindWith(overrides: Partial<ZoneChangeDeps>, calls: string[]) {
  const enqueued: { name: string; payload: unknown; options?: EnqueueOptions }[] = [];
  const queue = {
    enqueue: async (name: string, payload: unknown, options?: EnqueueOptions) => {
      enqueued.push({ name, payload, ...(options ? { options } : {}) });
      return 'job-1';
    },
  } as unknown as JobQueue;
  const store = {
    conflicts: { resetScans: async () => void calls.push('reset conflict scans') },
  } as unknown as Store;
  const refind = new ZoneChangeRefind({
    store,
    queue,
    logger: pino({ level: 'silent' }),
    clock: () => NOW,
    meetings: { queueDetection: async (s) => calls.push(`detect ${s.userId}`) },
    conflicts: { queueForOrganisation: async (s) => calls.push(`conflicts ${s.orgId}`) },
    ...overrides,
  });
  return { refind, enqueued };
}

describe('ZoneChangeRefind', () => {
  it('queues the user’s detection, and the organisation’s rescan to wait under one key', async () => {
    const calls: string[] = [];
    const { refind, enqueued } = refindWith({}, calls);
    await refind.queue(scope);
    expect(calls).toEqual(['detect user-1']);
    expect(enqueued).toEqual([
      {
        name: RESCAN_CONFLICTS_AFTER_ZONE_CHANGE,
        payload: { orgId: 'org-1' },
        options: {
          dedupeKey: 'zone-change-conflicts:org-1',
          orgId: 'org-1',
          runAt: new Date(NOW.getTime() + ZONE_CHANGE_RESCAN_DELAY_MS),
        },
      },
    ]);
  });

  it('rescans when the job runs: the organisation’s conflict scans reset first', async () => {
    const calls: string[] = [];
    const { refind } = refindWith({}, calls);
    await refind.runRescanJob({ orgId: 'org-1' });
    expect(calls).toEqual(['reset conflict scans', 'conflicts org-1']);
    await expect(refind.runRescanJob({})).rejects.toThrow('payload needs orgId');
  });

  it('keeps the change when the queue is down: logs, queues what it can, throws nothing', async () => {
    const warnings: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(line) });
    const { refind, enqueued } = refindWith(
      { logger, meetings: { queueDetection: () => Promise.reject(new Error('redis down')) } },
      [],
    );
    await refind.queue(scope);
    expect(enqueued.map((job) => job.name)).toEqual([RESCAN_CONFLICTS_AFTER_ZONE_CHANGE]);
    expect(warnings.join('')).toContain('time zone changed: meeting detection not queued');
  });
});
