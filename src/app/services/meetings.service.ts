/**
 * Meetings: detection queued (on request, after every sync that changed events, after a CRM
 * change, a model adaptation, a connection deleted with its events or new internal domains) and
 * run as `detect_meetings_for_user_task`; the meetings list; insights and feedback through their
 * own services.
 */
import type {
  DetectQueued,
  DetectRequest,
  FeedbackInput,
  FeedbackResult,
  InsightsView,
  MeetingListQuery,
  MeetingPage,
} from '../../api/meetings-schemas.js';
import type { MeetingModels } from '../../domain/detection/analyse.js';
import { AppError, invalidInput } from '../../domain/errors.js';
import { PermanentJobFailure, type JobContext, type JobQueue } from '../../jobs/job-queue.js';
import { InvalidCursorError, type OrgScope, type Scope, type Store } from '../../store/store.js';
import type { Logger } from '../logger.js';
import { adaptOrganisationModel } from '../meetings/adapt-model.js';
import { adjustmentInUse } from '../meetings/organisation-analysis.js';
import {
  addSummary,
  emptySummary,
  type DetectionSummary,
  type MeetingDetector,
} from '../meetings/meeting-detector.js';
import { toMeetingView } from '../meetings/meeting-views.js';
import { MeetingFeedbackService } from './meeting-feedback.service.js';
import { MeetingInsightsService } from './meeting-insights.service.js';
import { accountFilterId } from './meetings-account-filter.js';
import { bodyRangeInstants, rangeInstants } from './viewer-zone.js';

/** Detects the meetings of one user in a range (payload: { orgId, userId, from?, to? }). */
export const DETECT_MEETINGS_FOR_USER_TASK = 'detect_meetings_for_user_task';
/** Refits an organisation's adjustment from its feedback (payload: { orgId }). */
export const ADAPT_MEETING_MODEL = 'adapt_meeting_model';

/**
 * Changes since the last detection that are still analysed one by one; past this, or after a
 * deletion, a job runs over the whole window instead (see detectSinceLastScan).
 */
export const INCREMENTAL_LIMIT = 500;

export interface DetectMeetingsPayload {
  orgId: string;
  userId: string;
  from?: string;
  to?: string;
}

export interface MeetingsServiceDeps {
  store: Store;
  queue: JobQueue;
  logger: Logger;
  detector: MeetingDetector;
  models: () => MeetingModels;
  clock: () => Date;
  /** The default range of detection now: what retention keeps, up to the sync window's end. */
  window: () => { from: Date; to: Date };
  /**
   * After a detection job: what depends on meetings (conflict priorities, relationships)
   * catches up. A failure there is logged; the detection itself stands.
   */
  onDetected?: (scope: Scope, summary: DetectionSummary) => Promise<void>;
  /** How long feedback waits before the refit, which later verdicts join (default none). */
  adaptationDelayMs?: number;
}

export class MeetingsService {
  private readonly feedbackService: MeetingFeedbackService;
  private readonly insightsService: MeetingInsightsService;

  constructor(private readonly deps: MeetingsServiceDeps) {
    this.feedbackService = new MeetingFeedbackService(
      deps.store,
      deps.detector,
      deps.clock,
      (scope) => this.queueAdaptation(scope),
      (scope) => this.afterOutOfTurnRun(scope),
      (scope, summary) => this.followUp(scope, summary),
    );
    this.insightsService = new MeetingInsightsService(deps.store, deps.detector);
  }

  /** `POST /meetings/detect/`: queues detection of the caller's meetings in a range. */
  async queueDetection(scope: Scope, body: DetectRequest = {}): Promise<DetectQueued> {
    const range = this.range(await bodyRangeInstants(this.deps.store, scope, body));
    if (range.to <= range.from) throw invalidInput('body.to: must be after from');
    const custom = body.from !== undefined || body.to !== undefined;
    const payload: DetectMeetingsPayload = {
      orgId: scope.orgId,
      userId: scope.userId,
      ...(custom ? { from: range.from.toISOString(), to: range.to.toISOString() } : {}),
    };
    // Asked for by hand over the default range: everything, not only what changed.
    if (!custom) await this.deps.store.meetings.resetScans(scope, [scope.userId]);
    const jobId = await this.enqueueDetection(payload);
    return { jobId, from: range.from.toISOString(), to: range.to.toISOString() };
  }

  /**
   * After a sync changed a user's events: queue their detection. A sync must not fail because
   * the queue is unavailable for a moment; the next change or the next request detects again.
   */
  async queueAfterSync(scope: Scope): Promise<void> {
    await this.enqueueDetection({ orgId: scope.orgId, userId: scope.userId }).catch(
      (error: unknown) =>
        this.deps.logger.warn({ err: error, userId: scope.userId }, 'meeting detection not queued'),
    );
  }

  /**
   * Queues detection of everything for every user of the organisation (its CRM data or model
   * changed, or the daily run); returns how many. The scans are reset first, so that a job
   * waiting or running for a user does not stop at what changed since its last scan.
   */
  async queueForOrganisation(scope: OrgScope): Promise<number> {
    const users = await this.deps.store.users.list(scope);
    await this.deps.store.meetings.resetScans(
      scope,
      users.map((user) => user.id),
    );
    for (const user of users) await this.enqueueDetection({ orgId: scope.orgId, userId: user.id });
    return users.length;
  }

  /**
   * After a change outside a sync to what every meeting of the organisation may be: a
   * connection deleted with its events (an account's history counts the whole organisation's
   * meetings), or its internal domains. Like queueForOrganisation, but the change that called
   * it has happened and stands if the queue is unavailable for a moment: the failure is logged,
   * and the next job (a sync's, or the daily run) reads everything, the scans being reset.
   */
  async queueAfterOrganisationChange(scope: OrgScope, reason: string): Promise<void> {
    await this.queueForOrganisation(scope).catch((error: unknown) =>
      this.deps.logger.warn(
        { err: error, orgId: scope.orgId, reason },
        'meeting detection not queued',
      ),
    );
  }

  /**
   * The daily `detect_meetings_for_everyone` handler: a detection for every user. Between syncs
   * that change something, the window moves on by itself: Google syncs without a time range,
   * so an event more than the window's future ahead is stored, and is detected only once the
   * window reaches it. On a calendar nothing changes on, that run is this one.
   */
  async queueForEveryone(): Promise<number> {
    let queued = 0;
    for (const orgId of await this.deps.store.organisations.ids())
      queued += await this.queueForOrganisation({ orgId });
    return queued;
  }

  /** Every user's next detection reads everything (retention deleted meetings they counted). */
  async resetEveryone(): Promise<void> {
    for (const orgId of await this.deps.store.organisations.ids())
      await this.deps.store.meetings.resetOrganisationScans({ orgId });
  }

  /** Runs detection in this process (the CLI's `sync --detect-meetings`). */
  detectNow(
    scope: Scope,
    request: DetectRequest = {},
    signal?: AbortSignal,
  ): Promise<DetectionSummary> {
    return this.deps.detector.stoppedBy(signal).detectRange(scope, this.range(request));
  }

  /** Runs detection in this process for each user once (`sync --detect-meetings`), summed. */
  async detectForUsers(scopes: readonly Scope[]): Promise<DetectionSummary> {
    const users = new Map(scopes.map((s) => [s.userId, { orgId: s.orgId, userId: s.userId }]));
    const total = emptySummary();
    for (const scope of users.values()) {
      const summary = await this.detectNow(scope).finally(() => this.afterOutOfTurnRun(scope));
      addSummary(total, summary);
      await this.followUp(scope, summary);
    }
    return total;
  }

  /**
   * After a run outside the user's queue of detection jobs (a range asked for, the CLI,
   * feedback): it may have read an event before a sync that a queued job has handled since, and
   * written over that job's meeting, or changed what later meetings' histories count without a
   * change-log entry. The next job reads everything, and one is queued.
   */
  async afterOutOfTurnRun(scope: Scope): Promise<void> {
    await this.deps.store.meetings.resetScans(scope, [scope.userId]);
    await this.queueAfterSync(scope);
  }

  /** What depends on meetings catches up; its failure is logged, the detection stands. */
  private async followUp(scope: Scope, summary: DetectionSummary): Promise<void> {
    await this.deps
      .onDetected?.(scope, summary)
      .catch((error: unknown) =>
        this.deps.logger.warn(
          { err: error, userId: scope.userId },
          'follow-up of detection failed',
        ),
      );
  }

  /**
   * The `detect_meetings_for_user_task` handler. A stopping worker's signal stops it between
   * batches; the scan is then not moved on, so the job, given back, reads the same again.
   */
  async runDetectionJob(payload: unknown, signal?: AbortSignal): Promise<DetectionSummary> {
    const job = parseDetectPayload(payload);
    const scope = { orgId: job.orgId, userId: job.userId };
    const custom = job.from !== undefined || job.to !== undefined;
    const summary = custom
      ? await this.detectNow(scope, job, signal).finally(() => this.afterOutOfTurnRun(scope))
      : await this.detectSinceLastScan(scope, signal);
    const { relationshipKeys, ...counts } = summary;
    this.deps.logger.info(
      { userId: job.userId, ...counts, relationships: relationshipKeys.length },
      'meetings detected',
    );
    await this.followUp(scope, summary);
    return summary;
  }

  /**
   * The default detection job: the events changed since the user's last scan of the change log
   * (and the later meetings of their accounts, see detectChanged), so that one pushed change
   * costs its own work, not the whole window's (about half a second of CPU per change at
   * 10,000 events, seconds at 100,000). The whole window instead when the user was never
   * scanned, the scan was reset (see meeting-scans.repository.ts), the models changed, more
   * than INCREMENTAL_LIMIT changes wait, or an event was deleted: its meeting went with it, and
   * where it stood in its account's history with it (detectChanged also falls back to the
   * whole window for a change that reaches before its start). The scan moves on only if it is
   * as this job read it.
   */
  private async detectSinceLastScan(scope: Scope, signal?: AbortSignal): Promise<DetectionSummary> {
    const store = this.deps.store;
    const modelVersion = this.deps.models().version;
    const scan = await store.meetings.scan(scope);
    const changed =
      scan?.cursor && scan.modelVersion === modelVersion
        ? await this.changedSince(scope, scan.cursor)
        : null;
    let summary: DetectionSummary;
    let cursor: string;
    if (changed) {
      const events = await store.events.getMany(scope, changed.eventIds);
      summary = await this.deps.detector
        .stoppedBy(signal)
        .detectChanged(scope, this.deps.window(), events);
      cursor = changed.next;
    } else {
      // Read first: changes committed while the run reads the window are read again next time.
      cursor = await store.changes.latestCursor(scope);
      summary = await this.detectNow(scope, {}, signal);
    }
    // Not moved on (a reset came, or, which the queue should prevent, another job ran beside
    // this one): the next job reads everything, and so repairs whatever this one left.
    if (!(await store.meetings.saveScan(scope, { cursor, modelVersion }, scan)))
      await store.meetings.resetScans(scope, [scope.userId]);
    return summary;
  }

  /** The events changed after `cursor`, or null when only a full run will do. */
  private async changedSince(
    scope: Scope,
    cursor: string,
  ): Promise<{ eventIds: string[]; next: string } | null> {
    const page = await this.deps.store.changes
      .list(scope, { since: cursor, limit: INCREMENTAL_LIMIT + 1 })
      .catch((error: unknown) => {
        if (error instanceof InvalidCursorError) return null;
        throw error;
      });
    if (!page || page.items.length > INCREMENTAL_LIMIT) return null;
    const eventIds = new Set<string>();
    for (const item of page.items) {
      // An event gone (deleted, or its entry no longer names it): its meeting went with it.
      if (item.change.kind === 'deleted' || item.eventId === null) return null;
      eventIds.add(item.eventId);
    }
    return { eventIds: [...eventIds], next: page.nextCursor };
  }

  /**
   * The `adapt_meeting_model` handler: refit, then detect every user's meetings again if the
   * adjustment detection applies changed (most refits change nothing), or on a retry: the failed
   * attempt may have stored the new adjustment and died before queueing, so nothing differs now.
   */
  async runAdaptJob(payload: unknown, { attempt }: Pick<JobContext, 'attempt'>): Promise<void> {
    const orgId = (payload as { orgId?: unknown } | null)?.orgId;
    if (typeof orgId !== 'string')
      throw new PermanentJobFailure(`${ADAPT_MEETING_MODEL}: payload needs orgId`);
    const models = this.deps.models();
    const org = await this.deps.detector.organisation({ orgId });
    const outcome = await adaptOrganisationModel(
      this.deps.store,
      { orgId },
      models,
      org.analyser.index,
      this.deps.clock(),
    );
    const adjusted = adjustmentInUse(
      await this.deps.store.meetings.getAdjustment({ orgId }),
      models,
    );
    const changed = JSON.stringify(adjusted) !== JSON.stringify(org.adjustment);
    this.deps.logger.info({ orgId, ...outcome, changed }, 'meeting model adapted to feedback');
    if (changed || attempt > 1) await this.queueForOrganisation({ orgId });
  }

  async list(scope: Scope, query: MeetingListQuery): Promise<MeetingPage> {
    const { from, to, ...zone } = await rangeInstants(this.deps.store, scope, query);
    const accountId = await accountFilterId(this.deps.store, scope, query);
    try {
      const page = await this.deps.store.meetings.list(scope, {
        ...(from ? { from: from.toISOString() } : {}),
        ...(to ? { to: to.toISOString() } : {}),
        ...zone,
        ...(query.type ? { meetingType: query.type } : {}),
        ...(accountId ? { accountId } : {}),
        ...(query.minConfidence !== undefined ? { minConfidence: query.minConfidence } : {}),
        ...(query.q ? { q: query.q } : {}),
        limit: query.limit,
        cursor: query.cursor ?? null,
      });
      // The meetings table keeps instants only; whether a meeting is all day is the event's.
      const events = await this.deps.store.events.getMany(
        scope,
        page.items.map((m) => m.eventId),
      );
      const byId = new Map(events.map((e) => [e.id, e.event]));
      return {
        items: page.items.map((m) => toMeetingView(m, byId.get(m.eventId))),
        nextCursor: page.nextCursor,
      };
    } catch (error) {
      if (error instanceof InvalidCursorError)
        throw new AppError(
          'invalid_cursor',
          'querystring.cursor: not a cursor this API gave out; start again without it',
        );
      throw error;
    }
  }

  insights(scope: Scope, eventId: string): Promise<InsightsView> {
    return this.insightsService.insights(scope, eventId);
  }

  feedback(scope: Scope, id: string, input: FeedbackInput): Promise<FeedbackResult> {
    return this.feedbackService.give(scope, id, input);
  }

  private queueAdaptation(scope: OrgScope): Promise<string | null> {
    const delayMs = this.deps.adaptationDelayMs ?? 0;
    const runAt = delayMs > 0 ? { runAt: new Date(this.deps.clock().getTime() + delayMs) } : {};
    // A burst of corrections costs one refit: those given while it waits join it.
    const dedupeKey = `adapt-meeting-model:${scope.orgId}`;
    return this.deps.queue.enqueue(
      ADAPT_MEETING_MODEL,
      { orgId: scope.orgId },
      { dedupeKey, orgId: scope.orgId, ...runAt },
    );
  }

  /** One waiting detection per user and range: a burst of syncs costs one run. */
  private enqueueDetection(payload: DetectMeetingsPayload): Promise<string | null> {
    const range = payload.from ? `:${payload.from}/${payload.to}` : '';
    return this.deps.queue.enqueue(DETECT_MEETINGS_FOR_USER_TASK, payload, {
      dedupeKey: `detect-meetings:${payload.userId}${range}`,
      orgId: payload.orgId,
    });
  }

  private range(request: DetectRequest): { from: Date; to: Date } {
    const window = this.deps.window();
    return {
      from: request.from ? new Date(request.from) : window.from,
      to: request.to ? new Date(request.to) : window.to,
    };
  }
}

function parseDetectPayload(payload: unknown): DetectMeetingsPayload {
  const p = (payload ?? {}) as Record<string, unknown>;
  const text = (v: unknown) => typeof v === 'string' && v.length > 0;
  const instant = (v: unknown) =>
    v === undefined || (text(v) && !Number.isNaN(Date.parse(v as string)));
  if (!text(p['orgId']) || !text(p['userId']) || !instant(p['from']) || !instant(p['to'])) {
    throw new PermanentJobFailure(
      `${DETECT_MEETINGS_FOR_USER_TASK}: payload needs orgId and userId (and ISO from/to, if any)`,
    );
  }
  return payload as DetectMeetingsPayload;
}
