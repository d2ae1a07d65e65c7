import { describe, expect, it } from 'vitest';
import type { Conflict } from '../../api/conflicts';
import { dismissalReason } from './dismissal-reason';

const dismissed = (note: unknown): Pick<Conflict, 'status' | 'resolution'> => ({
  status: 'dismissed',
  resolution: { action: 'dismiss', state: 'done', note },
});

describe('dismissalReason', () => {
  it('is the note a dismissed conflict was given', () => {
    expect(dismissalReason(dismissed(' Same meeting twice. '))).toBe('Same meeting twice.');
  });

  it('is null when the dismissal gave none', () => {
    expect(dismissalReason(dismissed(null))).toBeNull();
    expect(dismissalReason(dismissed('   '))).toBeNull();
    expect(dismissalReason({ status: 'dismissed', resolution: null })).toBeNull();
  });

  it('is null for a conflict that is not dismissed, whatever its record says', () => {
    expect(dismissalReason({ ...dismissed('Old reason'), status: 'open' })).toBeNull();
  });
});
