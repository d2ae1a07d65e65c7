/**
 * Taking a decision back: a user reopens a resolved or dismissed conflict, which is then open in
 * calintel again. What the decision did in the calendar (a meeting declined, a hold deleted)
 * stays done: calintel never writes it back, and says so. Those writes stay on the conflict's
 * record (`earlier`), so that the next decision on it keeps them too.
 */
import { AppError } from '../../domain/errors.js';
import type { Scope, Store, StoredConflict } from '../../store/store.js';
import { requireNotOver } from './conflict-past.js';
import { isInterrupted } from './conflict-resolver.js';
import type { AppliedSuggestion, WriteBack } from './conflict-write-back.js';

/** The resolution a reopened conflict carries: what was taken back, and what stays written. */
export interface ReopenRecord {
  action: 'reopen';
  state: 'done';
  by: string;
  at: string;
  /**
   * The conflict's fingerprint when it was reopened: the user's wish to decide it herself holds
   * for those meetings at those times only (isReopenedByUser).
   */
  fingerprint: string;
  /** The decision taken back. */
  undid: { action: unknown; by: unknown; at: unknown };
  suggestion: null;
  writeBack: WriteBack;
  applied: [];
  /**
   * The writes the decisions before made in the calendar, which reopening does not undo (status
   * done), and those a decision cut short may have made (status pending).
   */
  earlier?: AppliedSuggestion[];
  note: null;
}

/** Takes the decision on `conflict` back; returns the calendar writes that stay done. */
export async function reopenDecision(
  store: Store,
  clock: () => Date,
  scope: Scope,
  conflict: StoredConflict,
  by: string,
): Promise<AppliedSuggestion[]> {
  requireReopenable(conflict, clock().getTime());
  await requireNotOver(store, scope, conflict, clock());
  const previous = recordOf(conflict.resolution);
  const kept = [...writesDone(previous), ...writesCutShort(previous)];
  const record: ReopenRecord = {
    action: 'reopen',
    state: 'done',
    by,
    at: clock().toISOString(),
    fingerprint: conflict.fingerprint,
    undid: { action: previous['action'] ?? null, by: conflict.resolvedBy, at: conflict.resolvedAt },
    suggestion: null,
    writeBack: keptWriteBack(kept),
    applied: [],
    ...(kept.length > 0 ? { earlier: kept } : {}),
    note: null,
  };
  const reopened = await store.conflicts.undoDecision(
    scope,
    conflict.id,
    { readAt: conflict.updatedAt, record },
    clock(),
  );
  if (!reopened)
    throw new AppError(
      'conflict',
      'the conflict changed since you loaded it (calintel looked at it again, or it was decided meanwhile); reload it',
    );
  return kept;
}

/**
 * A user who took the policy's decision back decides the conflict herself: the policy leaves it
 * to her on the passes that follow, while its meetings stay where they were. Once they move
 * (the fingerprint changed), it is a new situation, and the policy applies again, as a decision
 * holds only while its fingerprint does (conflicts.repository.ts rowFor).
 */
export function isReopenedByUser(
  conflict: Pick<StoredConflict, 'resolution' | 'fingerprint'>,
): boolean {
  const record = recordOf(conflict.resolution);
  return (
    record['action'] === 'reopen' &&
    String(record['by']).startsWith('user:') &&
    record['fingerprint'] === conflict.fingerprint
  );
}

function requireReopenable(conflict: StoredConflict, now: number): void {
  if (conflict.status === 'open')
    throw new AppError('conflict', 'the conflict is open: there is no decision to take back');
  if (conflict.status === 'cleared')
    throw new AppError(
      'conflict',
      'the calendars no longer show this conflict: there is no decision to take back',
    );
  if (recordOf(conflict.resolution)['state'] === 'pending' && !isInterrupted(conflict, now))
    throw new AppError(
      'conflict',
      'the conflict is being resolved right now; reopen it once that is done',
    );
}

/**
 * Reopening writes nothing; its message says whether the decision taken back had, or may have
 * (cut short while writing).
 */
export function keptWriteBack(kept: readonly AppliedSuggestion[]): WriteBack {
  if (kept.length === 0)
    return { status: 'not_needed', message: 'nothing had been changed in your calendar' };
  const done = kept.map((entry) => entry.writeBack.message).join('; ');
  if (kept.some((entry) => entry.writeBack.status !== 'done'))
    return {
      status: 'not_needed',
      message: `may have been changed in your calendar (${done}), and is not undone: check there, and change it back yourself if you need to`,
    };
  return {
    status: 'not_needed',
    message: `not undone in your calendar (${done}): calintel does not change it back; do that yourself if you need to`,
  };
}

/** The words of a write that may have been made: its result as carryOut words it, unconfirmed. */
const MAY_HAVE_BEEN: Record<string, string> = {
  decline: 'may have been declined in your calendar',
  release: 'may have been deleted from your calendar',
};

/**
 * The writes of a decision cut short that may have been made: a crash between the provider's
 * write and its record leaves the entry pending, so every pending write (not advice, which is
 * never written) counts as possibly made, with status pending.
 */
export function writesCutShort(record: Record<string, unknown>): AppliedSuggestion[] {
  if (record['state'] !== 'pending') return [];
  return listOf(record['applied']).flatMap((entry) => {
    const words = entry.suggestion && MAY_HAVE_BEEN[entry.suggestion.action];
    if (entry.writeBack?.status !== 'pending' || !words) return [];
    const message = `${words} (calintel was cut short while writing)`;
    return [{ suggestion: entry.suggestion, writeBack: { status: 'pending', message } }];
  });
}

/** Every write the record says was done, once each (the earlier attempts' and its own). */
export function writesDone(record: Record<string, unknown>): AppliedSuggestion[] {
  const entries = [...listOf(record['earlier']), ...listOf(record['applied'])];
  const seen = new Set<string>();
  return entries.filter((entry) => {
    if (entry.writeBack?.status !== 'done' || !entry.suggestion) return false;
    const key = `${entry.suggestion.action}:${entry.suggestion.eventId}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function listOf(value: unknown): AppliedSuggestion[] {
  return Array.isArray(value) ? (value as AppliedSuggestion[]) : [];
}

function recordOf(resolution: unknown): Record<string, unknown> {
  return resolution && typeof resolution === 'object'
    ? (resolution as Record<string, unknown>)
    : {};
}
