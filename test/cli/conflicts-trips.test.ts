import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCalintel } from '../support/cli.js';

interface Line {
  kind: string;
  eventIds: string[];
  reasons: string[];
  suggestions: { action: string; eventId: string; why: string }[];
  travel?: { from: { label: string } | null; to: { label: string } | null; mode: string | null };
}

describe('calintel conflicts: a train or flight puts you where it arrives', () => {
  it('the ICE to Bremen of the Helvetia corpus: the workshop in Bremerhaven is a drive from Bremen, and the train is only rebooked', async () => {
    const corpus = join(ROOT, 'corpus/helvetia-analytics');
    const result = await runCalintel([
      'conflicts',
      '--input',
      join(corpus, 'events.jsonl'),
      '--org',
      join(corpus, 'org.json'),
      '--as-of',
      '2026-03-01',
    ]);
    expect(result.status, result.stderr).toBe(0);
    const conflicts = result.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Line);
    const train = conflicts.find((c) =>
      c.reasons.some((r) => r.includes('🚆 ICE 1013 Berlin Hbf → Bremen Hbf')),
    );
    expect(train?.travel).toMatchObject({
      from: { label: 'Bremen, DE' },
      to: { label: 'Bremerhaven, DE' },
      mode: 'driving',
    });
    expect(train?.reasons[0]).toMatch(/arrives at Bremen, DE/);
    const trainId = 'helvetia-analytics-133';
    expect(train?.eventIds).toContain(trainId);
    for (const suggestion of train?.suggestions ?? []) {
      if (suggestion.eventId !== trainId) continue;
      expect(suggestion.action).toBe('reschedule');
      expect(suggestion.why).toMatch(/^book an earlier train/);
    }
    expect(train?.suggestions.map((s) => s.action)).toContain('join_virtually');
    expect(train?.suggestions.find((s) => s.action === 'join_virtually')?.eventId).not.toBe(
      trainId,
    );
    // No trip is ever placed where it left from at its end.
    for (const conflict of conflicts.filter((c) => c.kind === 'travel'))
      expect(conflict.reasons[0]).not.toMatch(/"[^"]*(→|✈|🚆|🚄|🚗)[^"]*" at [^"]+ ends/u);
  });
});
