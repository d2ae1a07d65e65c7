/**
 * Acting on a conflict: applying one of its suggestions or dismissing it, by a user or by the
 * organisation's policy, and recording who decided what and when. Calintel writes to the
 * provider only to decline a meeting or delete the owner's own hold, and only when the user
 * opted in and the connection was granted write access; everything else (a new time, a
 * delegate) is advice the user carries out, and the record says so.
 */
import { AppError } from '../../domain/errors.js';
import type { CalendarProvider } from '../../providers/provider.js';
import { conflictFingerprint } from '../../store/conflicts.repository.js';
import type { Scope, Store, StoredConflict, StoredEvent, User } from '../../store/store.js';
import { adviceFor, instantText } from './conflict-advice.js';
import { conflictIdentityOf, loadConflictEvent } from './conflict-events.js';
import { requireNotOver } from './conflict-past.js';
import {
  parseConflictPolicy,
  passContextOf,
  settingsFromPolicy,
  type ConflictPolicy,
} from './conflict-policy.js';
import { ConflictScanner } from './conflict-scanner.js';
import {
  eventStateOf,
  eventStatesOf,
  identifiedSuggestions,
  suggestionOrigin,
  type StoredSuggestion,
} from './conflict-snapshot.js';
import {
  carryOut,
  giveUp,
  messageOf,
  PENDING_LEASE_MS,
  writerFor,
  type AppliedSuggestion,
  type Resolution,
  type Step,
  type WriteBack,
} from './conflict-write-back.js';
import { ownerOf, takerOfSlot } from './stale-suggestions.js';
import { touchedDays } from './touched-spans.js';

export { accountAddressOf, PENDING_LEASE_MS, WRITE_BACK_AUDIT } from './conflict-write-back.js';
export type {
  AppliedSuggestion,
  Resolution,
  ResolutionState,
  WriteBack,
  WriteBackStatus,
} from './conflict-write-back.js';

/** Actions calintel can carry out in the provider; the rest are advice. */
const WRITES: Record<string, 'decline' | 'delete'> = { decline: 'decline', release: 'delete' };

export class ConflictResolver {
  constructor(
    private readonly store: Store,
    private readonly providers: ReadonlyMap<string, CalendarProvider>,
    private readonly clock: () => Date,
  ) {}

  /**
   * Applies suggestions of an open conflict (a user picks one; the policy may take several, such
   * as two holds to release), named by their ids (suggestionIdOf): an id the conflict no longer
   * has means a pass changed it since the caller read it (`conflict`), one it never had is the
   * caller's mistake (`unknown_suggestion`); either way nothing is done. Every write is
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
    await requireNotOver(this.store, scope, conflict, this.clock());
    const all = identifiedSuggestions(conflict);
    const chosen = suggestionIds.map((id) => {
      const suggestion = all.find((s) => s.id === id);
      if (!suggestion)
        throw suggestionOrigin(conflict, id) === 'earlier'
          ? changedSinceRead()
          : new AppError(
              'unknown_suggestion',
              `conflict ${conflict.id} has no suggestion "${id}": name one of the suggestions it lists (their ids)`,
            );
      return suggestion;
    });
    const user = await this.store.users.get(scope);
    const steps: Step[] = [];
    for (const suggestion of chosen) steps.push(await this.plan(scope, conflict, suggestion, user));
    const pending: WriteBack = { status: 'pending', message: 'being carried out' };
    const decidedAt = this.clock();
    const resolution: Resolution = {
      action: 'apply',
      state: 'pending',
      by: resolvedBy,
      at: decidedAt.toISOString(),
      suggestion: chosen[0] ?? null,
      writeBack: pending,
      applied: chosen.map((suggestion) => ({ suggestion, writeBack: pending })),
      ...earlierOf(conflict, chosen),
      note: null,
    };
    await this.record(scope, conflict, 'resolved', resolution, reclaim, decidedAt);
    // Every later record is of this decision only: not of one taken after a reopen.
    const decision = { resolvedBy, resolvedAt: resolution.at };
    const save = () =>
      this.store.conflicts.recordResolution(scope, conflict.id, decision, resolution, this.clock());
    for (const [i, step] of steps.entries()) {
      const entry = resolution.applied[i] as AppliedSuggestion;
      if ('outcome' in step) {
        entry.writeBack = step.outcome;
        continue;
      }
      try {
        entry.writeBack = await carryOut(this.store, scope, conflict, step);
      } catch (error) {
        entry.writeBack = { status: 'failed', message: messageOf(error) };
        await giveUp(this.store, this.clock, scope, conflict, { resolution, decision, steps }, i);
        throw error;
      }
      // What is done is on record before the next write, whatever happens to that one.
      if (!(await save()))
        throw new AppError(
          'conflict',
          'the conflict was reopened while calintel was writing; reload it to see what was done',
        );
    }
    resolution.state = 'done';
    resolution.writeBack = resolution.applied[0]?.writeBack ?? pending;
    await save();
    return resolution;
  }

  async dismiss(
    scope: Scope,
    conflict: StoredConflict,
    resolvedBy: string,
    note: string | null,
  ): Promise<Resolution> {
    const reclaim = this.requireDecidable(conflict);
    await requireNotOver(this.store, scope, conflict, this.clock());
    const decidedAt = this.clock();
    const resolution: Resolution = {
      action: 'dismiss',
      state: 'done',
      by: resolvedBy,
      at: decidedAt.toISOString(),
      suggestion: null,
      writeBack: { status: 'not_needed', message: 'nothing changes in the calendar' },
      applied: [],
      ...earlierOf(conflict),
      note,
    };
    await this.record(scope, conflict, 'dismissed', resolution, reclaim, decidedAt);
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
    reclaim: boolean,
    decidedAt: Date,
  ): Promise<void> {
    // Decided at resolution.at: its resolved_at is what the writes after it are bound to.
    const decided = await this.store.conflicts.decide(
      scope,
      conflict.id,
      { status, resolution, resolvedBy: resolution.by, readAt: conflict.updatedAt, reclaim },
      decidedAt,
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
    await this.requireSlotFree(scope, conflict, suggestion);
    const write = WRITES[suggestion.action];
    if (!write) {
      const owner = await ownerOf(this.store, scope, conflict);
      const event = owner
        ? await loadConflictEvent(this.store, scope, owner, suggestion.eventId)
        : undefined;
      const zone = suggestion.to ? await this.zoneOf(scope, user) : 'UTC';
      const advice = adviceFor(suggestion, event, zone);
      return { suggestion, outcome: { status: 'not_needed', ...advice } };
    }
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
    const target = await writerFor(this.store, this.providers, scope, stored);
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
   * A reschedule's slot must still be free: a meeting booked there since the pass found it
   * (even days later, or in a colleague's calendar) makes it a time that conflicts. The conflict
   * is then found again, so that it suggests a time that is free, and nothing is recorded.
   */
  private async requireSlotFree(
    scope: Scope,
    conflict: StoredConflict,
    suggestion: StoredSuggestion,
  ): Promise<void> {
    const taker = await takerOfSlot(this.store, scope, conflict, suggestion);
    if (taker === null) return;
    await this.recompute(scope, conflict);
    const when = suggestion.to
      ? instantText(
          suggestion.to.start,
          await this.zoneOf(scope, await this.store.users.get(scope)),
        )
      : 'the suggested time';
    throw new AppError(
      'conflict',
      `${when} is no longer free (${taker}): nothing was recorded; reload the conflict for a time that is free`,
    );
  }

  /**
   * The zone the user reads times in, as a pass words its suggestions (suggestions.ts ownerZone):
   * the policy's zone for them, else their own, else the policy's default.
   */
  private async zoneOf(scope: Scope, user: User | undefined): Promise<string> {
    const organisation = await this.store.organisations.get({ orgId: scope.orgId });
    const settings = settingsFromPolicy(
      policyOrDefaults(organisation?.conflictPolicy),
      organisation?.internalDomains ?? [],
      user ? [user] : [],
    );
    return (user && settings.timeZoneOf(user.email)) ?? settings.defaultTimeZone;
  }

  /** Finds the conflict again over its days, with the organisation's settings as a pass has them. */
  private async recompute(scope: Scope, conflict: StoredConflict): Promise<void> {
    const [organisation, users] = await Promise.all([
      this.store.organisations.get({ orgId: scope.orgId }),
      this.store.users.list({ orgId: scope.orgId }),
    ]);
    const owner = users.find((u) => u.id === scope.userId);
    if (!organisation || !owner) return;
    const policy = policyOrDefaults(organisation.conflictPolicy);
    const span = { from: Date.parse(conflict.start), to: Date.parse(conflict.end) };
    const context = {
      ...passContextOf(
        scope.orgId,
        policy,
        organisation.internalDomains,
        users,
        this.clock().getTime(),
      ),
      window: span,
    };
    const scanner = new ConflictScanner(this.store);
    for (const days of touchedDays([span]))
      await scanner.recompute(scope, owner.email, days, context);
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
      const found = conflict.eventIds.map((id) => events.get(id));
      const times = found.map((e) => (e ? `${e.event.start}/${e.event.end}` : ''));
      const identities = found.map((e, i) => (e ? conflictIdentityOf(e) : conflict.eventIds[i]!));
      same = conflictFingerprint(identities, times) === conflict.fingerprint;
    }
    if (!same)
      throw new AppError(
        'conflict',
        `"${stored.event.title}" changed since the conflict was found (its time, guests, organiser or title): nothing was written; reload once calintel has looked at it again`,
      );
  }
}

/** The organisation's policy; one that no longer parses counts as the defaults (as in a pass). */
function policyOrDefaults(stored: unknown): ConflictPolicy {
  try {
    return parseConflictPolicy(stored);
  } catch {
    return parseConflictPolicy({});
  }
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
