/**
 * Carrying out and recording the provider writes of a conflict decision: what a decision's record
 * holds (each applied suggestion with its write-back, and the state pending, done, partial or
 * failed), finding the writer and account for an event, making one write audited before and
 * after, and giving up after a failed write (the rest skipped, the conflict open again with what
 * was done). Kept apart from the resolver, which decides what to apply and claims the conflict,
 * so that the provider side of a decision reads on its own.
 */
import type { WordingPart } from '../../domain/conflicts/index.js';
import { AppError } from '../../domain/errors.js';
import {
  isEventWriter,
  ProviderError,
  WriteRefused,
  type CalendarProvider,
  type EventWriter,
  type WriteGuard,
} from '../../providers/provider.js';
import type { DecisionRef } from '../../store/conflicts.repository.js';
import type { Scope, Store, StoredConflict, StoredEvent } from '../../store/store.js';
import { providerConnectionOf } from '../provider-connection.js';
import type { StoredSuggestion } from './conflict-snapshot.js';

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
  /** Advice that names instants: the message with them apart (conflict-advice.ts). */
  messageParts?: WordingPart[];
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

export interface WriteTarget {
  writer: EventWriter;
  connection: ReturnType<typeof providerConnectionOf>;
  providerCalendarId: string;
  /** The connection's account address, when it names one. */
  account: string | null;
}

export interface WriteStep {
  suggestion: StoredSuggestion;
  write: 'decline' | 'delete';
  stored: StoredEvent;
  target: WriteTarget;
  guard: WriteGuard;
}

/** One suggestion's part of a decision: a write to make, or what is recorded without one. */
export type Step = WriteStep | { suggestion: StoredSuggestion; outcome: WriteBack };

/**
 * After step `failed` failed: the writes after it are skipped, and the conflict is open again
 * with the record of what this attempt did.
 */
export async function giveUp(
  store: Store,
  clock: () => Date,
  scope: Scope,
  conflict: StoredConflict,
  attempt: { resolution: Resolution; decision: DecisionRef; steps: readonly Step[] },
  failed: number,
): Promise<void> {
  const { resolution, decision, steps } = attempt;
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
  // A decision taken after this one (the user reopened the conflict meanwhile) stays as it is.
  await store.conflicts.reopen(scope, conflict.id, decision, clock(), resolution);
}

/** One provider write, audited before and after. */
export async function carryOut(
  store: Store,
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
    store.audit.append(scope, {
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

export async function writerFor(
  store: Store,
  providers: ReadonlyMap<string, CalendarProvider>,
  scope: Scope,
  stored: StoredEvent,
): Promise<WriteTarget | WriteBack> {
  const provider = providers.get(stored.provider);
  if (!provider || !isEventWriter(provider))
    return {
      status: 'not_supported',
      message: `calintel cannot write to ${stored.provider} calendars`,
    };
  const [calendar, connection] = await Promise.all([
    store.calendars.get(scope, stored.calendarId),
    store.connections.get(scope, stored.connectionId),
  ]);
  if (!calendar || !connection)
    throw new AppError('conflict', 'the calendar is no longer connected');
  const providerConnection = providerConnectionOf(store, scope, connection);
  if (!provider.canWrite(providerConnection))
    return {
      status: 'no_write_access',
      message: 'recorded only: reconnect the calendar with write access to let calintel act on it',
    };
  return {
    writer: provider,
    connection: providerConnection,
    providerCalendarId: calendar.providerCalendarId,
    account: accountAddressOf(connection),
  };
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

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
