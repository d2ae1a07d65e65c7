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
  | 'done'
  | 'not_needed'
  | 'not_opted_in'
  | 'no_write_access'
  | 'not_supported'
  /** The provider write was refused or failed: nothing of it was done. */
  | 'failed'
  /** Not attempted: a write before it failed. */
  | 'skipped';

export interface WriteBack {
  status: WriteBackStatus | 'pending';
  message: string;
}

export interface AppliedSuggestion {
  suggestion: StoredSuggestion;
  writeBack: WriteBack;
}

/**
 * Where a decision's writes stand. `pending`: being carried out (a resolution still pending
 * PENDING_LEASE_MS after its last progress was cut short, and shows as `interrupted`: it may be
 * applied again); `done`: every part written or recorded; `partial`: some writes done, then one
 * failed; `failed`: the first write failed, nothing written. A partial or failed decision leaves
 * the conflict open, with this record of what was done.
 */
export type ResolutionState = 'pending' | 'done' | 'partial' | 'failed';

export interface Resolution {
  action: 'apply' | 'dismiss';
  state: ResolutionState;
  /** Who decided (`user:<id>` or `policy`), and when the decision was taken. */
  by: string;
  at: string;
  /** The first suggestion applied (the one a user chose), or null for a dismissal. */
  suggestion: StoredSuggestion | null;
  writeBack: WriteBack;
  /** Every suggestion applied, with what happened in the calendar (the policy may apply several). */
  applied: AppliedSuggestion[];
  /** Writes an earlier, partial or interrupted attempt on this conflict made. */
  earlier?: AppliedSuggestion[];
  note: string | null;
}

/** How long a pending resolution may go without progress before it counts as interrupted. */
export const PENDING_LEASE_MS = 10 * 60_000;

/** The audit action of every provider write a decision makes (details.outcome says how it went). */
export const WRITE_BACK_AUDIT = 'conflict.write_back';

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
   * a pass that rewrote it meanwhile wins.
   *
   * Each write is audited (attempted, then done or failed) and recorded on the conflict as soon
   * as it is done. When one fails, the ones after it are skipped, the conflict is open again with
   * the record of what was done (state partial, or failed when nothing was), and the call fails
   * with the provider's reason. A decision cut short (a crash between claim and writes) shows as
   * interrupted once PENDING_LEASE_MS has passed, and may be applied again.
   */
  async apply(
    scope: Scope,
    conflict: StoredConflict,
    suggestionIds: readonly string[],
    resolvedBy: string,
  ): Promise<Resolution> {
    const reclaim = this.requireDecidable(conflict);
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
      state: 'pending',
      by: resolvedBy,
      at: this.clock().toISOString(),
      suggestion: chosen[0] ?? null,
      writeBack: pending,
      applied: chosen.map((suggestion) => ({ suggestion, writeBack: pending })),
      ...earlierOf(conflict, chosen),
      note: null,
    };
    await this.record(scope, conflict, 'resolved', resolution, resolvedBy, reclaim);
    for (const [i, step] of steps.entries()) {
      const entry = resolution.applied[i] as AppliedSuggestion;
      if ('outcome' in step) {
        entry.writeBack = step.outcome;
        continue;
      }
      try {
        entry.writeBack = await this.carryOut(scope, conflict, step);
      } catch (error) {
        entry.writeBack = { status: 'failed', message: messageOf(error) };
        await this.giveUp(scope, conflict, resolution, steps, i);
        throw error;
      }
      // What is done is on record before the next write, whatever happens to that one.
      if (
        !(await this.store.conflicts.recordResolution(scope, conflict.id, resolution, this.clock()))
      )
        throw new AppError(
          'conflict',
          'the conflict was reopened while calintel was writing; reload it to see what was done',
        );
    }
    resolution.state = 'done';
    resolution.writeBack = resolution.applied[0]?.writeBack ?? pending;
    await this.store.conflicts.recordResolution(scope, conflict.id, resolution, this.clock());
    return resolution;
  }

  async dismiss(
    scope: Scope,
    conflict: StoredConflict,
    resolvedBy: string,
    note: string | null,
  ): Promise<Resolution> {
    const reclaim = this.requireDecidable(conflict);
    const resolution: Resolution = {
      action: 'dismiss',
      state: 'done',
      by: resolvedBy,
      at: this.clock().toISOString(),
      suggestion: null,
      writeBack: { status: 'not_needed', message: 'nothing changes in the calendar' },
      applied: [],
      ...earlierOf(conflict),
      note,
    };
    await this.record(scope, conflict, 'dismissed', resolution, resolvedBy, reclaim);
    return resolution;
  }

  /** Whether a resolution of this conflict is pending and cut short (see PENDING_LEASE_MS). */
  isInterrupted(conflict: StoredConflict): boolean {
    return isInterrupted(conflict, this.clock().getTime());
  }

  /**
   * An open conflict may be decided, and so may one whose decision was interrupted (true: it is
   * claimed back from that decision).
   */
  private requireDecidable(conflict: StoredConflict): boolean {
    if (conflict.status === 'open') return false;
    if (this.isInterrupted(conflict)) return true;
    if (conflict.status === 'resolved' && stateOf(conflict.resolution) === 'pending')
      throw new AppError(
        'conflict',
        'the conflict is being resolved; if that was cut short, it can be applied again a few minutes from now',
      );
    throw new AppError('conflict', `the conflict is ${conflict.status}, not open`);
  }

  private async record(
    scope: Scope,
    conflict: StoredConflict,
    status: 'resolved' | 'dismissed',
    resolution: Resolution,
    resolvedBy: string,
    reclaim: boolean,
  ): Promise<void> {
    const decided = await this.store.conflicts.decide(
      scope,
      conflict.id,
      { status, resolution, resolvedBy, readAt: conflict.updatedAt, reclaim },
      this.clock(),
    );
    if (!decided) throw changedSinceRead();
  }

  /**
   * After step `failed` failed: the writes after it are skipped, and the conflict is open again
   * with the record of what this attempt did.
   */
  private async giveUp(
    scope: Scope,
    conflict: StoredConflict,
    resolution: Resolution,
    steps: readonly Step[],
    failed: number,
  ): Promise<void> {
    steps.forEach((step, i) => {
      const entry = resolution.applied[i] as AppliedSuggestion;
      if (i <= failed) return;
      entry.writeBack =
        'outcome' in step
          ? step.outcome
          : { status: 'skipped', message: 'not attempted: a write before it failed' };
    });
    const done = resolution.applied.some((a) => a.writeBack.status === 'done');
    resolution.state = done ? 'partial' : 'failed';
    resolution.writeBack = resolution.applied[0]?.writeBack ?? resolution.writeBack;
    await this.store.conflicts.reopen(scope, conflict.id, this.clock(), resolution);
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

  /** One provider write, audited before and after. */
  private async carryOut(
    scope: Scope,
    conflict: StoredConflict,
    step: WriteStep,
  ): Promise<WriteBack> {
    const { write, stored, target, guard } = step;
    const ref = {
      providerCalendarId: target.providerCalendarId,
      providerEventId: stored.event.providerEventId,
    };
    const audit = (outcome: 'attempted' | 'done' | 'failed', message?: string) =>
      this.store.audit.append(scope, {
        action: WRITE_BACK_AUDIT,
        target: stored.id,
        details: {
          conflictId: conflict.id,
          write,
          suggestionId: (step.suggestion as { id?: string }).id ?? null,
          provider: stored.provider,
          providerCalendarId: ref.providerCalendarId,
          providerEventId: ref.providerEventId,
          title: stored.event.title,
          account: guard.account,
          outcome,
          ...(message ? { message } : {}),
        },
      });
    await audit('attempted');
    try {
      if (write === 'decline') await target.writer.decline(target.connection, ref, guard);
      else await target.writer.deleteEvent(target.connection, ref, guard);
    } catch (error) {
      const failure =
        error instanceof WriteRefused
          ? new AppError('conflict', `calintel did not ${write} the event: ${error.message}`)
          : new AppError(
              'provider_error',
              `${stored.provider} refused to ${write} the event: ${messageOf(error)}`,
              !(error instanceof ProviderError),
              { cause: error },
            );
      await audit('failed', failure.message);
      throw failure;
    }
    await audit('done');
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

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function stateOf(resolution: unknown): string | null {
  const state = (resolution as { state?: unknown } | null)?.state;
  return typeof state === 'string' ? state : null;
}

/** A resolved conflict whose writes were claimed and then made no progress for the lease. */
export function isInterrupted(conflict: StoredConflict, now: number): boolean {
  return (
    conflict.status === 'resolved' &&
    stateOf(conflict.resolution) === 'pending' &&
    now - Date.parse(conflict.updatedAt) > PENDING_LEASE_MS
  );
}

/**
 * The writes earlier attempts on the conflict made, kept on the record of the next decision:
 * once each, and not those this decision makes again.
 */
function earlierOf(
  conflict: StoredConflict,
  now: readonly StoredSuggestion[] = [],
): { earlier?: AppliedSuggestion[] } {
  const previous = conflict.resolution as Partial<Resolution> | null;
  if (!previous || typeof previous !== 'object') return {};
  const key = (s: StoredSuggestion) => `${s.action}:${s.eventId}`;
  const seen = new Set(now.map(key));
  const earlier: AppliedSuggestion[] = [];
  for (const entry of [...(previous.earlier ?? []), ...(previous.applied ?? [])]) {
    if (entry?.writeBack?.status !== 'done' || !entry.suggestion) continue;
    if (seen.has(key(entry.suggestion))) continue;
    seen.add(key(entry.suggestion));
    earlier.push(entry);
  }
  return earlier.length > 0 ? { earlier } : {};
}

function changedSinceRead(): AppError {
  return new AppError(
    'conflict',
    'the conflict changed since you loaded it; reload it and choose again',
  );
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
