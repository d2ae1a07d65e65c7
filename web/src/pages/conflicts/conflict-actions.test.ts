import { describe, expect, it } from 'vitest';
import { attemptNote } from './attempt-note';
import { resolveMessage } from './resolve-message';
import { autoResolveNote, writeBackSavedMessage } from './write-back';

describe('resolveMessage', () => {
  it('starts with Applied for a suggestion and adds what happened in the calendar', () => {
    expect(
      resolveMessage(
        { action: 'apply', suggestionId: 's0' },
        'Decline “Focus time”',
        'recorded only: turn on write-back to let calintel decline it in your calendar',
      ),
    ).toBe(
      'Applied: Decline “Focus time”. Recorded only: turn on write-back to let calintel decline it in your calendar.',
    );
    expect(
      resolveMessage({ action: 'apply', suggestionId: 's0' }, 'Decline “Demo”', 'Declined!'),
    ).toBe('Applied: Decline “Demo”. Declined!');
    expect(resolveMessage({ action: 'apply', suggestionId: 's1' }, 'Move “Demo”', '  ')).toBe(
      'Applied: Move “Demo”.',
    );
  });

  it('says whether a dismissal kept a reason', () => {
    expect(
      resolveMessage({ action: 'dismiss' }, 'dismiss', 'nothing changes in the calendar'),
    ).toBe('Conflict dismissed. Nothing changes in the calendar.');
    expect(resolveMessage({ action: 'dismiss', note: 'internal only' }, 'dismiss', '')).toBe(
      'Conflict dismissed, with your reason.',
    );
  });
});

describe('write-back', () => {
  it('confirms the choice in words', () => {
    expect(writeBackSavedMessage(true)).toMatch(/^Saved: calintel will change your calendar/);
    expect(writeBackSavedMessage(false)).toMatch(/^Saved: calintel will no longer change/);
  });

  it('mentions auto-resolution only when the policy turns it on', () => {
    expect(autoResolveNote({})).toBeNull();
    expect(autoResolveNote({ autoResolve: { enabled: false } })).toBeNull();
    expect(autoResolveNote({ autoResolve: 'yes' })).toBeNull();
    expect(
      autoResolveNote({
        autoResolve: { enabled: true, mergeDuplicates: true, releaseHolds: false },
      }),
    ).toMatch(/policy also merges duplicate events as soon/);
    expect(
      autoResolveNote({
        autoResolve: { enabled: true, mergeDuplicates: false, releaseHolds: false },
      }),
    ).toBeNull();
  });
});

describe('attemptNote', () => {
  const done = { writeBack: { status: 'done' } };
  const failed = { writeBack: { status: 'failed' } };
  it('says what an unfinished attempt did, and nothing for a finished one', () => {
    expect(attemptNote({ resolution: null })).toBeNull();
    expect(attemptNote({ resolution: { state: 'done', applied: [done] } })).toBeNull();
    expect(attemptNote({ resolution: { state: 'interrupted' } })).toMatch(/cut short/);
    expect(attemptNote({ resolution: { state: 'failed', applied: [failed] } })).toMatch(
      /nothing was changed/,
    );
    expect(attemptNote({ resolution: { state: 'partial', applied: [done, failed] } })).toMatch(
      /^An earlier attempt stopped part-way: 1 change was made/,
    );
  });
});
