import { describe, expect, it } from 'vitest';
import type { Conflict } from '../../api/conflicts';
import { attemptNote } from './attempt-note';
import { appliedLines, resolveMessage } from './resolve-message';
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

describe('appliedLines', () => {
  const events = [
    { id: 'e1', title: 'Acme demo' },
    { id: 'e2', title: 'Focus time' },
  ] as Conflict['events'];
  const move = {
    action: 'reschedule',
    eventId: 'e2',
    to: { start: '2026-03-02T14:00:00Z', end: '2026-03-02T15:00:00Z' },
    why: 'the next free hour',
  };

  it('says what was applied and that it is still to be done in the calendar', () => {
    const writeBack = {
      status: 'not_opted_in',
      message: 'recorded only: turn on write-back to let calintel move it in your calendar',
    };
    const conflict = {
      status: 'resolved' as const,
      events,
      resolution: {
        action: 'apply',
        state: 'done',
        suggestion: move,
        writeBack,
        applied: [{ suggestion: move, writeBack }],
        note: null,
      },
    };
    expect(appliedLines(conflict, 'Europe/Berlin', 'en-GB')).toEqual([
      'Applied: Move “Focus time” to Mon, 2 Mar 2026, 15:00–16:00. Recorded only: turn on write-back to let calintel move it in your calendar.',
    ]);
  });

  it('lists every suggestion a policy applied, and reads a record with only the chosen one', () => {
    const release = { action: 'release', eventId: 'e2', why: '' };
    const merge = { action: 'merge', eventId: 'e1', keepEventId: 'e1', why: '' };
    const byPolicy = {
      status: 'resolved' as const,
      events,
      resolution: {
        action: 'apply',
        applied: [
          { suggestion: merge, writeBack: { status: 'done', message: 'merged' } },
          { suggestion: release, writeBack: { status: 'done', message: '' } },
        ],
      },
    };
    expect(appliedLines(byPolicy, 'UTC')).toEqual([
      'Applied: Merge the copies, keeping “Acme demo”. Merged.',
      'Applied: Release your hold “Focus time”.',
    ]);
    const older = {
      status: 'resolved' as const,
      events,
      resolution: { action: 'apply', suggestion: release, writeBack: { message: 'released' } },
    };
    expect(appliedLines(older, 'UTC')).toEqual([
      'Applied: Release your hold “Focus time”. Released.',
    ]);
  });

  it('says nothing for a dismissal, a conflict the calendars cleared or an unreadable record', () => {
    const dismissed = {
      status: 'dismissed' as const,
      events,
      resolution: { action: 'dismiss', suggestion: null, applied: [] },
    };
    expect(appliedLines(dismissed, 'UTC')).toEqual([]);
    expect(appliedLines({ status: 'cleared', events, resolution: null }, 'UTC')).toEqual([]);
    const broken = {
      status: 'resolved' as const,
      events,
      resolution: { action: 'apply', applied: [{}] },
    };
    expect(appliedLines(broken, 'UTC')).toEqual([]);
  });
});
