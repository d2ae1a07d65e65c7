import { describe, expect, it } from 'vitest';
import type { Conflict } from '../../api/conflicts';
import { attemptNote, reopenNote } from './attempt-note';
import { reopenMessage, takeBackLabel } from './reopen-message';
import { appliedLines, resolveMessage } from './resolve-message';
import { isReopenable } from './status-line';
import { autoResolveNote, writeBackSavedMessage } from './write-back';

describe('resolveMessage', () => {
  const apply = { action: 'apply', suggestionId: 's0' } as const;
  it('says a suggestion was applied in the calendar only when calintel wrote it (status done)', () => {
    expect(
      resolveMessage(apply, 'Decline “Demo”', {
        status: 'done',
        message: 'declined in your calendar',
      }),
    ).toBe('Applied in your calendar: Decline “Demo”. Declined in your calendar.');
  });

  it('says a move was only recorded, that the calendar is unchanged and what is left to do', () => {
    expect(
      resolveMessage(apply, 'Move “Follow-up” to Thu, 12 Mar 2026, 16:15–17:00', {
        status: 'not_needed',
        message: 'recorded: move it to Thu, 12 Mar 2026, 16:15',
      }),
    ).toBe(
      'Recorded: Move “Follow-up” to Thu, 12 Mar 2026, 16:15–17:00. Calintel did not change your calendar (it only declines meetings and deletes your own holds); to do yourself: move it to Thu, 12 Mar 2026, 16:15.',
    );
  });

  it('names why a decline was not written: write-back off, read-only, or a provider it cannot write', () => {
    const declined = (status: string) =>
      resolveMessage(apply, 'Decline “Focus time”', {
        status,
        message: 'recorded only: turn on write-back to let calintel decline in your calendar',
      });
    expect(declined('not_opted_in')).toBe(
      'Recorded: Decline “Focus time”. Calintel did not change your calendar (write-back is off); make the change there yourself.',
    );
    expect(declined('no_write_access')).toMatch(/\(the calendar is connected read-only\)/);
    expect(declined('not_supported')).toMatch(/\(calintel cannot write to this calendar\)/);
  });

  it('tells a record without a status as it was', () => {
    expect(resolveMessage(apply, 'Move “Demo”', { message: '  ' })).toBe('Applied: Move “Demo”.');
  });

  it('says whether a dismissal kept a reason', () => {
    expect(
      resolveMessage({ action: 'dismiss' }, 'dismiss', {
        status: 'not_needed',
        message: 'nothing changes in the calendar',
      }),
    ).toBe('Conflict dismissed. Nothing changes in the calendar.');
    expect(
      resolveMessage({ action: 'dismiss', note: 'internal only' }, 'dismiss', { message: '' }),
    ).toBe('Conflict dismissed, with your reason.');
  });
});

describe('reopening', () => {
  it('says the conflict is open again, and what stays changed in the calendar', () => {
    expect(reopenMessage({ keptWrites: [] }, true)).toBe(
      'Undone: the conflict is open again. Nothing had been changed in your calendar.',
    );
    expect(
      reopenMessage(
        {
          keptWrites: [
            {
              action: 'release',
              eventId: 'e',
              title: 'Hold',
              status: 'done',
              message: 'deleted from your calendar',
            },
          ],
        },
        false,
      ),
    ).toBe(
      'Reopened: the conflict is open again. Calintel did not undo what it changed in your calendar (“Hold” deleted from your calendar): change it back there yourself if you need to.',
    );
  });

  it('offers Undo on the status line only when calintel changed nothing in the calendar', () => {
    expect(takeBackLabel('not_needed')).toBe('Undo');
    expect(takeBackLabel('not_opted_in')).toBe('Undo');
    expect(takeBackLabel('done')).toBe('Reopen');
  });

  it('never says Undone when something stays changed, or may have been', () => {
    const hold = { action: 'release', eventId: 'e', title: 'Hold' };
    expect(
      reopenMessage(
        { keptWrites: [{ ...hold, status: 'done', message: 'deleted from your calendar' }] },
        true,
      ),
    ).toMatch(/^Reopened: the conflict is open again\. Calintel did not undo /);
    const cutShort =
      'may have been deleted from your calendar (calintel was cut short while writing)';
    expect(
      reopenMessage({ keptWrites: [{ ...hold, status: 'pending', message: cutShort }] }, true),
    ).toBe(
      `Reopened: the conflict is open again. Your calendar may have been changed, and calintel did not undo it (“Hold” ${cutShort}): check there, and change it back yourself if you need to.`,
    );
  });

  it('offers Reopen on a finished decision only', () => {
    const done = { action: 'apply', state: 'done' };
    expect(isReopenable({ status: 'resolved', resolution: done })).toBe(true);
    expect(isReopenable({ status: 'dismissed', resolution: { action: 'dismiss' } })).toBe(true);
    expect(isReopenable({ status: 'resolved', resolution: { state: 'pending' } })).toBe(false);
    expect(isReopenable({ status: 'resolved', resolution: { state: 'interrupted' } })).toBe(false);
    for (const status of ['open', 'past', 'cleared'] as const)
      expect(isReopenable({ status, resolution: done })).toBe(false);
  });

  it('warns that reopening does not undo a change calintel made, and notes it once reopened', () => {
    const written = { writeBack: { status: 'done' } };
    const recorded = { writeBack: { status: 'not_needed' } };
    expect(reopenNote({ resolution: { action: 'apply', applied: [recorded] } })).toBeNull();
    expect(reopenNote({ resolution: { action: 'apply', applied: [written] } })).toBe(
      'Reopening makes it open here again; it does not undo the change calintel made in your calendar.',
    );
    expect(attemptNote({ resolution: { action: 'reopen', earlier: [] } })).toBeNull();
    expect(attemptNote({ resolution: { action: 'reopen', earlier: [written, written] } })).toBe(
      'You reopened this conflict: the 2 changes calintel made in your calendar for the earlier decision stay made. Change them back there yourself if you need to.',
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
      'Recorded: Move “Focus time” to Mon, 2 Mar 2026, 15:00–16:00. Calintel did not change your calendar (write-back is off); make the change there yourself.',
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
          { suggestion: merge, writeBack: { status: 'not_needed', message: 'recorded: merged' } },
          { suggestion: release, writeBack: { status: 'done', message: '' } },
        ],
      },
    };
    expect(appliedLines(byPolicy, 'UTC')).toEqual([
      'Recorded: Merge the copies, keeping “Acme demo”. Calintel did not change your calendar (it only declines meetings and deletes your own holds); make the change there yourself.',
      'Applied in your calendar: Release your hold “Focus time”.',
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
