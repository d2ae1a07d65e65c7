/**
 * Meetings: detection queued (on request, after every sync that changed events, after a CRM
 * change or a model adaptation) and run as `detect_meetings_for_user_task`; the meetings list;
 * insights and feedback through their own services.
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
import { invalidInput } from '../../domain/errors.js';
import { PermanentJobFailure, type JobQueue } from '../../jobs/job-queue.js';
import { InvalidCursorError, type OrgScope, type Scope, type Store } from '../../store/store.js';
import type { Logger } from '../logger.js';
import { adaptOrganisationModel } from '../meetings/adapt-model.js';
import {
  addSummary,
  emptySummary,
  type DetectionSummary,
  type MeetingDetector,
} from '../meetings/meeting-detector.js';
import { toMeetingView } from '../meetings/meeting-views.js';
import { MeetingFeedbackService } from './meeting-feedback.service.js';
import { MeetingInsightsService } from './meeting-insights.service.js';

/** Detects the meetings of one user in a range (payload: { orgId, userId, from?, to? }). */
export const DETECT_MEETINGS_FOR_USER_TASK = 'detect_meetings_for_user_task';
/** Refits an organisation's adjustment from its feedback (payload: { orgId }). */
export const ADAPT_MEETING_MODEL = 'adapt_meeting_model';

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
  /** The sync window now: the default range of detection. */
  window: () => { from: Date; to: Date };
  /**
   * After a detection job: what depends on meetings (conflict priorities, relationships)
   * catches up. A failure there is logged; the detection itself stands.
   */
  onDetected?: (scope: Scope, summary: DetectionSummary) => Promise<void>;
}

export class MeetingsService {
  private readonly feedbackService: MeetingFeedbackService;
  private readonly insightsService: MeetingInsightsService;

  constructor(private readonly deps: MeetingsServiceDeps) {
    this.feedbackService = new MeetingFeedbackService(deps.store, deps.detector, (scope) =>
      this.queueAdaptation(scope),
    );
    this.insightsService = new MeetingInsightsService(deps.store, deps.detector);
  }

  /** `POST /meetings/detect/`: queues detection of the caller's meetings in a range. */
  async queueDetection(scope: Scope, request: DetectRequest = {}): Promise<DetectQueued> {
    const range = this.range(request);
    if (range.to <= range.from) throw invalidInput('body.to: must be after from');
    const custom = request.from !== undefined || request.to !== undefined;
    const payload: DetectMeetingsPayload = {
      orgId: scope.orgId,
      userId: scope.userId,
      ...(custom ? { from: range.from.toISOString(), to: range.to.toISOString() } : {}),
    };
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

  /** Queues detection for every user of the organisation; returns how many. */
  async queueForOrganisation(scope: OrgScope): Promise<number> {
    const users = await this.deps.store.users.list(scope);
    for (const user of users) await this.enqueueDetection({ orgId: scope.orgId, userId: user.id });
    return users.length;
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

  /** Runs detection in this process (the CLI's `sync --detect-meetings`). */
  detectNow(scope: Scope, request: DetectRequest = {}): Promise<DetectionSummary> {
    return this.deps.detector.detectRange(scope, this.range(request));
  }

  /** Runs detection in this process for each user once (`sync --detect-meetings`), summed. */
  async detectForUsers(scopes: readonly Scope[]): Promise<DetectionSummary> {
    const users = new Map(scopes.map((s) => [s.userId, { orgId: s.orgId, userId: s.userId }]));
    const total = emptySummary();
    for (const scope of users.values()) {
      const summary = await this.detectNow(scope);
      addSummary(total, summary);
      await this.followUp(scope, summary);
    }
    return total;
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

  /** The `detect_meetings_for_user_task` handler. */
  async runDetectionJob(payload: unknown): Promise<DetectionSummary> {
    const job = parseDetectPayload(payload);
    const scope = { orgId: job.orgId, userId: job.userId };
    const summary = await this.detectNow(scope, job);
    const { relationshipKeys, ...counts } = summary;
    this.deps.logger.info(
      { userId: job.userId, ...counts, relationships: relationshipKeys.length },
      'meetings detected',
    );
    await this.followUp(scope, summary);
    return summary;
  }

  /** The `adapt_meeting_model` handler: refit, then detect again with the new adjustment. */
  async runAdaptJob(payload: unknown): Promise<void> {
    const orgId = (payload as { orgId?: unknown } | null)?.orgId;
    if (typeof orgId !== 'string')
      throw new PermanentJobFailure(`${ADAPT_MEETING_MODEL}: payload needs orgId`);
    const org = await this.deps.detector.organisation({ orgId });
    const outcome = await adaptOrganisationModel(
      this.deps.store,
      { orgId },
      this.deps.models(),
      org.analyser.index,
    );
    this.deps.logger.info({ orgId, ...outcome }, 'meeting model adapted to feedback');
    await this.queueForOrganisation({ orgId });
  }

  async list(scope: Scope, query: MeetingListQuery): Promise<MeetingPage> {
    if (query.from && query.to && Date.parse(query.to) <= Date.parse(query.from))
      throw invalidInput('querystring.to: must be after from');
    try {
      const page = await this.deps.store.meetings.list(scope, {
        ...(query.from ? { from: new Date(query.from).toISOString() } : {}),
        ...(query.to ? { to: new Date(query.to).toISOString() } : {}),
        ...(query.type ? { meetingType: query.type } : {}),
        ...(query.accountId ? { accountId: query.accountId } : {}),
        ...(query.minConfidence !== undefined ? { minConfidence: query.minConfidence } : {}),
        limit: query.limit,
        cursor: query.cursor ?? null,
      });
      return { items: page.items.map(toMeetingView), nextCursor: page.nextCursor };
    } catch (error) {
      if (error instanceof InvalidCursorError)
        throw invalidInput('querystring.cursor: not a cursor this API gave out');
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
    return this.deps.queue.enqueue(
      ADAPT_MEETING_MODEL,
      { orgId: scope.orgId },
      // A burst of corrections costs one refit.
      { dedupeKey: `adapt-meeting-model:${scope.orgId}`, orgId: scope.orgId },
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
