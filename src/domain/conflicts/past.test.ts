import { describe, expect, it } from 'vitest';
import { conflictStateAt, isOver } from './past.js';

const at = (iso: string) => Date.parse(iso);
const NOW = at('2026-03-10T12:00:00Z');

describe('isOver', () => {
  it('is true once every event has ended, an end at now included', () => {
    expect(isOver([at('2026-03-10T11:00:00Z'), at('2026-03-10T12:00:00Z')], 0, NOW)).toBe(true);
  });

  it('is false while one event still goes on, though the overlap itself is over', () => {
    const overlapEnd = at('2026-03-10T11:00:00Z');
    expect(isOver([overlapEnd, at('2026-03-10T12:30:00Z')], overlapEnd, NOW)).toBe(false);
  });

  it('judges by the conflict’s own end when no event end is known', () => {
    expect(isOver([], at('2026-03-10T11:59:00Z'), NOW)).toBe(true);
    expect(isOver([Number.NaN], at('2026-03-10T12:01:00Z'), NOW)).toBe(false);
  });
});

describe('conflictStateAt', () => {
  const ended = [at('2026-03-09T10:00:00Z')];
  const ahead = [at('2026-03-11T10:00:00Z')];

  it('reports an open conflict whose events have all ended as past', () => {
    expect(conflictStateAt('open', ended, 0, NOW)).toBe('past');
  });

  it('keeps an open conflict with an event still to end open', () => {
    expect(conflictStateAt('open', ahead, 0, NOW)).toBe('open');
  });

  it('keeps decisions and clearings as they are, however old', () => {
    for (const status of ['resolved', 'dismissed', 'cleared'] as const)
      expect(conflictStateAt(status, ended, 0, NOW)).toBe(status);
  });
});
