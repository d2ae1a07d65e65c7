import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { Store } from '../../store/store.js';
import { refindAfterZoneChange } from './zone-change.js';

const scope = { orgId: 'org-1', userId: 'user-1' };

describe('refindAfterZoneChange', () => {
  it('queues the user’s detection and the organisation’s conflicts, scans reset first', async () => {
    const calls: string[] = [];
    const store = {
      conflicts: { resetScans: async () => void calls.push('reset conflict scans') },
    } as unknown as Store;
    await refindAfterZoneChange({
      store,
      logger: pino({ level: 'silent' }),
      meetings: { queueDetection: async (s) => calls.push(`detect ${s.userId}`) },
      conflicts: { queueForOrganisation: async (s) => calls.push(`conflicts ${s.orgId}`) },
    })(scope);
    expect(calls).toEqual(['detect user-1', 'reset conflict scans', 'conflicts org-1']);
  });

  it('keeps the change when the queue is down: logs, queues what it can, throws nothing', async () => {
    const warnings: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(line) });
    const queued: string[] = [];
    const store = { conflicts: { resetScans: async () => undefined } } as unknown as Store;
    await refindAfterZoneChange({
      store,
      logger,
      meetings: { queueDetection: () => Promise.reject(new Error('redis down')) },
      conflicts: { queueForOrganisation: async (s) => queued.push(s.orgId) },
    })(scope);
    expect(queued).toEqual(['org-1']);
    expect(warnings.join('')).toContain('time zone changed: meeting detection not queued');
  });
});
