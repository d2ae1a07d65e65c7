/**
 * Scheduling conflicts: recomputed as `detect_conflicts_for_user_task` after meeting detection
 * (which follows every sync that changed events), only on the days the changes touched; listed,
 * resolved or dismissed through the API; acted on by the organisation's policy when it says so.
 */
import type {
  ConflictListQuery,
  ConflictPage,
  ConflictSettingsPatch,
  ConflictSettingsView,
  ConflictView,
  ReopenResult,
  ResolveInput,
  ResolveResult,
} from '../../api/conflicts-schemas.js';
import { AppError, notFound } from '../../domain/errors.js';
import { PermanentJobFailure, type JobQueue } from '../../jobs/job-queue.js';
import type { CalendarProvider } from '../../providers/provider.js';
import {
  InvalidCursorError,
  type OrgScope,
  type ConflictStatus,
  type Scope,
  type Store,
  type StoredConflict,
} from '../../store/store.js';
import { calendarNames } from '../conflicts/calendar-names.js';
import { ConflictResolver } from '../conflicts/conflict-resolver.js';
import { identifiedSuggestions } from '../conflicts/conflict-snapshot.js';
import { ConflictScanner, type ScanSummary } from '../conflicts/conflict-scanner.js';
import {
  parseConflictPolicy,
  passContextOf,
  type ConflictPolicy,
} from '../conflicts/conflict-policy.js';
import { isReopenedByUser, reopenDecision } from '../conflicts/conflict-reopen.js';
import { isLeftShort, toConflictView } from '../conflicts/conflict-views.js';
import type { Logger } from '../logger.js';
import { rangeInstants } from './viewer-zone.js';

/** Recomputes one user's conflicts where their calendars changed (payload: { orgId, userId }). */
export const DETECT_CONFLICTS_FOR_USER_TASK = 'detect_conflicts_for_user_task';
/** Queues a conflict pass for every user (scheduled hourly; see queueForEveryone). */
export const REFRESH_CONFLICTS = 'refresh_conflicts';

export interface ConflictsServiceDeps {
  store: Store;
  queue: JobQueue;
  logger: Logger;
  providers: ReadonlyMap<string, CalendarProvider>;
  clock: () => Date;
  /** The sync window now: what a user's first pass covers. */
  window: () => { from: Date; to: Date };
}

export class ConflictsService {
  private readonly scanner: ConflictScanner;
  private readonly resolver: ConflictResolver;

  constructor(private readonly deps: ConflictsServiceDeps) {
    this.scanner = new ConflictScanner(deps.store);
    this.resolver = new ConflictResolver(deps.store, deps.providers, deps.clock);
  }

  /** One waiting pass per user: a burst of changes costs one run, which reads them all. */
  async queueForUser(scope: Scope): Promise<void> {
    await this.deps.queue
      .enqueue(
        DETECT_CONFLICTS_FOR_USER_TASK,
        { orgId: scope.orgId, userId: scope.userId },
        { dedupeKey: `detect-conflicts:${scope.userId}`, orgId: scope.orgId },
      )
      .catch((error: unknown) =>
        this.deps.logger.warn(
          { err: error, userId: scope.userId },
          'conflict detection not queued',
        ),
      );
  }

  /** Queues a pass for every user of the organisation (after a policy change). */
  async queueForOrganisation(scope: OrgScope): Promise<number> {
    const users = await this.deps.store.users.list(scope);
    for (const user of users) await this.queueForUser({ orgId: scope.orgId, userId: user.id });
    return users.length;
  }

  /**
   * The hourly `refresh_conflicts` handler: a pass for every user. Cheap when nothing changed (an
   * empty read of the change log); a user never scanned gets a first pass; an open conflict whose
   * meetings are all over reads as past (judged when read: nothing to rewrite).
   */
  async queueForEveryone(): Promise<number> {
    let queued = 0;
    for (const orgId of await this.deps.store.organisations.ids())
      queued += await this.queueForOrganisation({ orgId });
    return queued;
  }

  /** The `detect_conflicts_for_user_task` handler; a stopping worker's signal stops the pass. */
  async runScanJob(payload: unknown, signal?: AbortSignal): Promise<ScanSummary> {
    const p = (payload ?? {}) as Record<string, unknown>;
    if (typeof p['orgId'] !== 'string' || typeof p['userId'] !== 'string')
      throw new PermanentJobFailure(
        `${DETECT_CONFLICTS_FOR_USER_TASK}: payload needs orgId and userId`,
      );
    const scope = { orgId: p['orgId'], userId: p['userId'] };
    const summary = await this.scan(scope, signal);
    this.deps.logger.info({ userId: scope.userId, ...summary }, 'conflicts recomputed');
    return summary;
  }

  /** Recomputes the user's conflicts where their calendars changed since the last pass. */
  async scan(scope: Scope, signal?: AbortSignal): Promise<ScanSummary> {
    const [organisation, users] = await Promise.all([
      this.deps.store.organisations.get({ orgId: scope.orgId }),
      this.deps.store.users.list({ orgId: scope.orgId }),
    ]);
    const user = users.find((u) => u.id === scope.userId);
    if (!organisation || !user) throw new PermanentJobFailure('the user no longer exists');
    const policy = this.policyOf(scope, organisation.conflictPolicy);
    const window = this.deps.window();
    return this.scanner.scan(scope, user.email, {
      ...passContextOf(
        scope.orgId,
        policy,
        organisation.internalDomains,
        users,
        this.deps.clock().getTime(),
      ),
      window: { from: window.from.getTime(), to: window.to.getTime() },
      onOpen: (open) => this.autoResolve(scope, policy, open),
      ...(signal ? { signal } : {}),
    });
  }

  /** A stored policy that no longer parses is reported and replaced by the defaults. */
  private policyOf(scope: Scope, stored: unknown): ConflictPolicy {
    try {
      return parseConflictPolicy(stored);
    } catch (error) {
      this.deps.logger.warn({ err: error, orgId: scope.orgId }, 'conflict policy ignored');
      return parseConflictPolicy({});
    }
  }

  /**
   * The policy's simple cases, whenever a pass finds them open: duplicates merged, the owner's
   * own holds released (all of a conflict's at once). A write-back the provider refuses leaves
   * the conflict open for the user, with the record of any write done before it.
   */
  private async autoResolve(
    scope: Scope,
    policy: ConflictPolicy,
    open: readonly StoredConflict[],
  ): Promise<void> {
    const rules = policy.autoResolve;
    if (!rules.enabled) return;
    for (const conflict of open) {
      if (!conflict.autoResolvable || isReopenedByUser(conflict)) continue;
      const ids = identifiedSuggestions(conflict).flatMap((s) =>
        (s.action === 'merge' && rules.mergeDuplicates) ||
        (s.action === 'release' && rules.releaseHolds)
          ? [s.id]
          : [],
      );
      if (ids.length === 0) continue;
      await this.resolver
        .apply(scope, conflict, ids, 'policy')
        .catch((error: unknown) =>
          this.deps.logger.warn(
            { err: error, userId: scope.userId, conflictId: conflict.id },
            'conflict not resolved by the policy',
          ),
        );
    }
  }

  async list(scope: Scope, query: ConflictListQuery): Promise<ConflictPage> {
    // No timeZone of its own: a date alone is read in the user's zone.
    const { from, to } = await rangeInstants(this.deps.store, scope, {
      from: query.from,
      to: query.to,
    });
    const now = this.deps.clock();
    try {
      const page = await this.deps.store.conflicts.list(scope, {
        from: (from ?? now).toISOString(),
        ...(to ? { to: to.toISOString() } : {}),
        ...(query.kind ? { kind: query.kind } : {}),
        ...(query.severity ? { severity: query.severity } : {}),
        ...storedStatusOf(query.status),
        limit: query.limit,
        ...(query.cursor ? { cursor: query.cursor } : {}),
      });
      // Until the pass after a deletion clears them, conflicts left short of events are hidden;
      // open and past are told apart only by the events' ends, so here too.
      const items = (await this.views(scope, page.items)).filter(
        (view) => !isLeftShort(view) && (!query.status || view.status === query.status),
      );
      return { items, nextCursor: page.nextCursor };
    } catch (error) {
      if (error instanceof InvalidCursorError)
        throw new AppError(
          'invalid_cursor',
          'querystring.cursor: not a cursor this API gave out; start again without it',
        );
      throw error;
    }
  }

  async resolve(scope: Scope, id: string, input: ResolveInput): Promise<ResolveResult> {
    const conflict = await this.deps.store.conflicts.get(scope, id);
    if (!conflict) throw notFound('conflict');
    const by = `user:${scope.userId}`;
    const resolution =
      input.action === 'apply'
        ? await this.resolver.apply(scope, conflict, [input.suggestionId], by)
        : await this.resolver.dismiss(scope, conflict, by, input.note ?? null);
    const decided = await this.deps.store.conflicts.get(scope, id);
    if (!decided) throw notFound('conflict');
    const [view] = await this.views(scope, [decided]);
    const writeBack = resolution.writeBack;
    return {
      conflict: view as ConflictView,
      writeBack: {
        status: writeBack.status,
        message: writeBack.message,
        ...(writeBack.messageParts ? { messageParts: writeBack.messageParts } : {}),
      },
    };
  }

  /**
   * Takes the caller's (or the policy's) decision on a conflict back: it is open again. What the
   * decision did in the calendar stays done, and the answer lists it (keptWrites).
   */
  async reopen(scope: Scope, id: string): Promise<ReopenResult> {
    const conflict = await this.deps.store.conflicts.get(scope, id);
    if (!conflict) throw notFound('conflict');
    const by = `user:${scope.userId}`;
    const kept = await reopenDecision(this.deps.store, this.deps.clock, scope, conflict, by);
    const reopened = await this.deps.store.conflicts.get(scope, id);
    if (!reopened) throw notFound('conflict');
    const [view] = await this.views(scope, [reopened]);
    const events = await this.deps.store.events.getMany(
      scope,
      kept.map((entry) => entry.suggestion.eventId),
    );
    const titles = new Map(events.map((e) => [e.id, e.event.title]));
    return {
      conflict: view as ConflictView,
      keptWrites: kept.map(({ suggestion, writeBack }) => ({
        action: suggestion.action,
        eventId: suggestion.eventId,
        title: titles.get(suggestion.eventId) ?? null,
        status: writeBack.status === 'done' ? ('done' as const) : ('pending' as const),
        message: writeBack.message,
      })),
      message: (reopened.resolution as { writeBack: { message: string } }).writeBack.message,
    };
  }

  async settings(scope: Scope): Promise<ConflictSettingsView> {
    const [organisation, user] = await Promise.all([
      this.deps.store.organisations.get({ orgId: scope.orgId }),
      this.deps.store.users.get(scope),
    ]);
    return {
      writeBack: user?.conflictWriteBack ?? false,
      policy: this.policyOf(scope, organisation?.conflictPolicy ?? {}).document,
    };
  }

  /**
   * The caller's write-back choice is theirs; the policy is the organisation's, changed by its
   * admins only. A member's request that touches the policy changes nothing (403).
   */
  async updateSettings(scope: Scope, patch: ConflictSettingsPatch): Promise<ConflictSettingsView> {
    if (patch.policy !== undefined && (await this.deps.store.users.get(scope))?.role !== 'admin')
      throw new AppError(
        'forbidden',
        'only an admin of the organisation may change its conflict policy (an admin can make you one: `calintel users set-role`)',
      );
    if (patch.policy !== undefined) {
      // Checked before it is stored: a bad policy is a 400, never a stored one that breaks scans.
      parseConflictPolicy(patch.policy, 'body.policy');
      await this.deps.store.organisations.setConflictPolicy({ orgId: scope.orgId }, patch.policy);
      // Offices, hours or the auto-resolution rules changed: every conflict is found again.
      await this.deps.store.conflicts.resetScans({ orgId: scope.orgId });
      await this.queueForOrganisation({ orgId: scope.orgId });
    }
    if (patch.writeBack !== undefined)
      await this.deps.store.users.setConflictWriteBack(scope, patch.writeBack);
    return this.settings(scope);
  }

  private async views(scope: Scope, conflicts: readonly StoredConflict[]): Promise<ConflictView[]> {
    const ids = conflicts.flatMap((c) => c.eventIds);
    const [stored, calendars, connections] = await Promise.all([
      this.deps.store.events.getMany(scope, ids),
      this.deps.store.calendars.list(scope),
      this.deps.store.connections.list(scope),
    ]);
    const events = new Map(stored.map((e) => [e.id, e]));
    const names = calendarNames(calendars, connections);
    const now = this.deps.clock().getTime();
    return conflicts.map((c) => toConflictView(c, events, now, names));
  }
}

/**
 * The stored rows a status asked for are among. Past is judged when read, from the events' ends
 * as they are now, so the read is not narrowed for it: a past conflict is stored open, or
 * resolved by a decision cut short (interrupted), and its stored end may be stale (an event
 * moved earlier since the last pass). The views' filter decides; a page may come out short, and
 * its cursor still moves on.
 */
function storedStatusOf(status: ConflictListQuery['status']): { status?: ConflictStatus } {
  if (status === 'past') return {};
  return status ? { status } : {};
}
