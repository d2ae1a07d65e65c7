/**
 * Acting on a conflict: applying one of its suggestions or dismissing it, by a user or by the
 * organisation's policy, and recording who decided what and when. Calintel writes to the
 * provider only to decline a meeting or delete the owner's own hold, and only when the user
 * opted in and the connection was granted write access; everything else (a new time, a
 * delegate) is advice the user carries out, and the record says so.
 */
import { AppError } from '../../domain/errors.js';
import {
  isEventWriter,
  ProviderError,
  WriteRefused,
  type CalendarProvider,
  type EventWriter,
  type WriteGuard,
} from '../../providers/provider.js';
import { conflictFingerprint } from '../../store/conflicts.repository.js';
import type { Scope, Store, StoredConflict, StoredEvent, User } from '../../store/store.js';
import { providerConnectionOf } from '../provider-connection.js';
import {
  eventStateOf,
  eventStatesOf,
  identifiedSuggestions,
  type StoredSuggestion,
} from './conflict-snapshot.js';

export type WriteBackStatus =
  'done' | 'not_needed' | 'not_opted_in' | 'no_write_access' | 'not_supported';

export interface WriteBack {
  status: WriteBackStatus | 'pending';
  message: string;
}

export interface Resolution {
  action: 'apply' | 'dismiss';
  /** The first suggestion applied (the one a user chose), or null for a dismissal. */
  suggestion: StoredSuggestion | null;
  writeBack: WriteBack;
  /** Every suggestion applied, with what happened in the calendar (the policy may apply several). */
  applied: { suggestion: StoredSuggestion; writeBack: WriteBack }[];
  note: string | null;
}

/** Actions calintel can carry out in the provider; the rest are advice. */
const WRITES: Record<string, 'decline' | 'delete'> = { decline: 'decline', release: 'delete' };

interface WriteTarget {
  writer: EventWriter;
  connection: ReturnType<typeof providerConnectionOf>;
  providerCalendarId: string;
  /** The connection's account address, when it names one. */
  account: string | null;
}

interface WriteStep {
  suggestion: StoredSuggestion;
  write: 'decline' | 'delete';
  stored: StoredEvent;
  target: WriteTarget;
  guard: WriteGuard;
}

/** One suggestion's part of a decision: a write to make, or what is recorded without one. */
type Step = WriteStep | { suggestion: StoredSuggestion; outcome: WriteBack };

export class ConflictResolver {
  constructor(
    private readonly store: Store,
    private readonly providers: ReadonlyMap<string, CalendarProvider>,
    private readonly clock: () => Date,
  ) {}

  /**
   * Applies suggestions of an open conflict (a user picks one; the policy may take several, such
   * as two holds to release), named by their ids (suggestionIdOf): an id the conflict no longer
   * has means a pass changed it since the caller read it, and nothing is done. Every write is
   * checked before anything is claimed or written: the stored event must still be as the
   * conflict was found on (its state), and the provider re-reads it before writing. The
   * conflict is then claimed as it was read, so two callers never both write to the calendar and
   * a pass that rewrote it meanwhile wins; a write-back the provider refuses reopens it and fails
   * with the provider's reason: nothing is recorded as done that was not.
   */
  async apply(
    scope: Scope,
    conflict: StoredConflict,
    suggestionIds: readonly string[],
    resolvedBy: string,
  ): Promise<Resolution> {
    requireOpen(conflict);
    const all = identifiedSuggestions(conflict);
    const chosen = suggestionIds.map((id) => {
      const suggestion = all.find((s) => s.id === id);
      if (!suggestion) throw changedSinceRead();
      return suggestion;
    });
    const user = await this.store.users.get(scope);
    const steps: Step[] = [];
    for (const suggestion of chosen) steps.push(await this.plan(scope, conflict, suggestion, user));
    const pending: WriteBack = { status: 'pending', message: 'being carried out' };
    const resolution: Resolution = {
      action: 'apply',
      suggestion: chosen[0] ?? null,
      writeBack: pending,
      applied: chosen.map((suggestion) => ({ suggestion, writeBack: pending })),
      note: null,
    };
    await this.record(scope, conflict, 'resolved', resolution, resolvedBy);
    try {
      for (const [i, step] of steps.entries()) {
        const entry = resolution.applied[i];
        if (entry) entry.writeBack = 'outcome' in step ? step.outcome : await this.carryOut(step);
      }
    } catch (error) {
      await this.store.conflicts.reopen(scope, conflict.id, this.clock());
      throw error;
    }
    resolution.writeBack = resolution.applied[0]?.writeBack ?? pending;
    await this.store.conflicts.recordResolution(scope, conflict.id, resolution);
    return resolution;
  }

  async dismiss(
    scope: Scope,
    conflict: StoredConflict,
    resolvedBy: string,
    note: string | null,
  ): Promise<Resolution> {
    requireOpen(conflict);
    const resolution: Resolution = {
      action: 'dismiss',
      suggestion: null,
      writeBack: { status: 'not_needed', message: 'nothing changes in the calendar' },
      applied: [],
      note,
    };
    await this.record(scope, conflict, 'dismissed', resolution, resolvedBy);
    return resolution;
  }

  private async record(
    scope: Scope,
    conflict: StoredConflict,
    status: 'resolved' | 'dismissed',
    resolution: Resolution,
    resolvedBy: string,
  ): Promise<void> {
    const decided = await this.store.conflicts.decide(
      scope,
      conflict.id,
      { status, resolution, resolvedBy, readAt: conflict.updatedAt },
      this.clock(),
    );
    if (!decided) throw changedSinceRead();
  }

  /**
   * What applying a suggestion takes: a record only (advice, write-back off, a provider that
   * cannot write), or a write, checked against the conflict's snapshot first.
   */
  private async plan(
    scope: Scope,
    conflict: StoredConflict,
    suggestion: StoredSuggestion,
    user: User | undefined,
  ): Promise<Step> {
    const write = WRITES[suggestion.action];
    if (!write)
      return { suggestion, outcome: { status: 'not_needed', message: adviceFor(suggestion) } };
    if (!user?.conflictWriteBack)
      return {
        suggestion,
        outcome: {
          status: 'not_opted_in',
          message: `recorded only: turn on write-back to let calintel ${write} in your calendar`,
        },
      };
    const stored = await this.store.events.get(scope, suggestion.eventId);
    if (!stored) throw new AppError('conflict', 'the event is no longer in your calendar');
    await this.requireUnchanged(scope, conflict, stored);
    const target = await this.writerFor(scope, stored);
    if ('status' in target) return { suggestion, outcome: target };
    const { start, end, allDay, startDate, endDate } = stored.event;
    return {
      suggestion,
      write,
      stored,
      target,
      guard: {
        account: target.account ?? user.email,
        expected: { start, end, allDay, startDate, endDate },
      },
    };
  }

  /**
   * The stored event must be as it was when the pass found the conflict (its state, or for a
   * conflict stored before states were kept, its events' times): otherwise the decision was
   * taken on something else, and the next pass will find the conflict again.
   */
  private async requireUnchanged(
    scope: Scope,
    conflict: StoredConflict,
    stored: StoredEvent,
  ): Promise<void> {
    const expected = eventStatesOf(conflict)?.[stored.id];
    let same: boolean;
    if (expected) same = eventStateOf(stored.event) === expected;
    else {
      const events = new Map(
        (await this.store.events.getMany(scope, conflict.eventIds)).map((e) => [e.id, e]),
      );
      const times = conflict.eventIds.map((id) => {
        const event = events.get(id)?.event;
        return event ? `${event.start}/${event.end}` : '';
      });
      same = conflictFingerprint(conflict.eventIds, times) === conflict.fingerprint;
    }
    if (!same)
      throw new AppError(
        'conflict',
        `"${stored.event.title}" changed since the conflict was found (its time, guests, organiser or title): nothing was written; reload once calintel has looked at it again`,
      );
  }

  private async carryOut(step: WriteStep): Promise<WriteBack> {
    const { write, stored, target, guard } = step;
    const ref = {
      providerCalendarId: target.providerCalendarId,
      providerEventId: stored.event.providerEventId,
    };
    try {
      if (write === 'decline') await target.writer.decline(target.connection, ref, guard);
      else await target.writer.deleteEvent(target.connection, ref, guard);
    } catch (error) {
      if (error instanceof WriteRefused)
        throw new AppError('conflict', `calintel did not ${write} the event: ${error.message}`);
      const reason = error instanceof Error ? error.message : String(error);
      throw new AppError(
        'provider_error',
        `${stored.provider} refused to ${write} the event: ${reason}`,
        !(error instanceof ProviderError),
        { cause: error },
      );
    }
    return {
      status: 'done',
      message: write === 'decline' ? 'declined in your calendar' : 'deleted from your calendar',
    };
  }

  private async writerFor(scope: Scope, stored: StoredEvent): Promise<WriteTarget | WriteBack> {
    const provider = this.providers.get(stored.provider);
    if (!provider || !isEventWriter(provider))
      return {
        status: 'not_supported',
        message: `calintel cannot write to ${stored.provider} calendars`,
      };
    const [calendar, connection] = await Promise.all([
      this.store.calendars.get(scope, stored.calendarId),
      this.store.connections.get(scope, stored.connectionId),
    ]);
    if (!calendar || !connection)
      throw new AppError('conflict', 'the calendar is no longer connected');
    const providerConnection = providerConnectionOf(this.store, scope, connection);
    if (!provider.canWrite(providerConnection))
      return {
        status: 'no_write_access',
        message:
          'recorded only: reconnect the calendar with write access to let calintel act on it',
      };
    return {
      writer: provider,
      connection: providerConnection,
      providerCalendarId: calendar.providerCalendarId,
      account: accountAddressOf(connection),
    };
  }
}

/**
 * The address of a connection's account: OAuth connections are labelled with it (Google's is
 * also its primary calendar's id, kept as `account`), Exchange keeps it as `email`.
 */
export function accountAddressOf(connection: {
  label: string;
  settings: Record<string, unknown>;
}): string | null {
  const candidates = [
    connection.settings['account'],
    connection.settings['email'],
    connection.label,
  ];
  for (const candidate of candidates)
    if (typeof candidate === 'string' && /^[^\s@]+@[^\s@]+$/.test(candidate.trim()))
      return candidate.trim();
  return null;
}

function changedSinceRead(): AppError {
  return new AppError(
    'conflict',
    'the conflict changed since you loaded it; reload it and choose again',
  );
}

function requireOpen(conflict: StoredConflict): void {
  if (conflict.status !== 'open')
    throw new AppError('conflict', `the conflict is ${conflict.status}, not open`);
}

/** What the user does for a suggestion calintel does not carry out itself. */
function adviceFor(suggestion: StoredSuggestion): string {
  switch (suggestion.action) {
    case 'reschedule':
      return `recorded: propose ${suggestion.to?.start ?? 'the suggested time'} to the organiser`;
    case 'shorten':
      return `recorded: end the meeting at ${suggestion.to?.end ?? 'the suggested time'}`;
    case 'delegate':
      return `recorded: ask ${suggestion.delegateTo ?? 'a colleague'} to go instead`;
    case 'join_virtually':
      return 'recorded: ask the organiser for a video link';
    case 'merge':
      return 'recorded: the copies count as one meeting';
    default:
      return 'recorded';
  }
}
