/**
 * Detection over stored events: each event of a user analysed in start order (so that each
 * account's history counts the sales meetings before it), users' feedback applied, and the
 * meetings table brought in step: new and changed meetings written, the rest removed.
 */
import { AccountHistoryTracker } from '../../domain/detection/account-history.js';
import type { MeetingModels, MeetingType } from '../../domain/detection/analyse.js';
import { matchMeeting } from '../../domain/matching/match-meeting.js';
import type {
  MeetingDraft,
  MeetingPlace,
  OrgScope,
  Scope,
  Store,
  StoredEvent,
} from '../../store/store.js';
import { decideMeeting, FeedbackVerdicts } from './decide-meeting.js';
import { toMeetingInput } from './meeting-input.js';
import { loadOrganisationAnalysis, type OrganisationAnalysis } from './organisation-analysis.js';

export interface DetectionSummary {
  /** Events analysed. */
  analysed: number;
  /** Of those, sales meetings (detected, or confirmed by a user). */
  salesMeetings: number;
  byType: Partial<Record<MeetingType, number>>;
  created: number;
  updated: number;
  unchanged: number;
  removed: number;
  /** Relationships whose meetings were written or removed (before and after): to recompute. */
  relationshipKeys: string[];
}

/** Drafts are written in batches of this many, so that a large calendar is never held at once. */
const BATCH = 500;
const PAGE = 2000;

/** One run's state: the organisation, the user's feedback, the history so far, what to write. */
interface Run {
  scope: Scope;
  org: OrganisationAnalysis;
  owner: string | null;
  verdicts: FeedbackVerdicts;
  history: AccountHistoryTracker;
  /** Event ids that have a meeting now; each one not kept by this run is removed. */
  existing: Set<string>;
  drafts: MeetingDraft[];
  removals: string[];
  summary: DetectionSummary;
  touchedKeys: Set<string>;
}

export class MeetingDetector {
  constructor(
    private readonly store: Store,
    private readonly models: () => MeetingModels,
  ) {}

  /** The organisation's analyser and adjustment: build once, use for many users and events. */
  organisation(scope: OrgScope): Promise<OrganisationAnalysis> {
    return loadOrganisationAnalysis(this.store, scope, this.models());
  }

  /** Detects meetings among the user's events that overlap [from, to). */
  async detectRange(
    scope: Scope,
    range: { from: Date; to: Date },
    org?: OrganisationAnalysis,
  ): Promise<DetectionSummary> {
    const from = range.from.toISOString();
    const to = range.to.toISOString();
    const run = await this.startRun(
      scope,
      from,
      org,
      await this.store.meetings.eventIdsInRange(scope, { from, to }),
    );
    for await (const stored of this.store.events.iterate(scope, { ...range, limit: PAGE })) {
      await this.analyse(run, stored);
    }
    // Meetings in the range whose event was not listed: moved out of it, or deleted meanwhile.
    for (const eventId of [...run.existing]) {
      const stored = await this.store.events.get(scope, eventId);
      if (stored) await this.analyse(run, stored);
    }
    run.removals.push(...run.existing);
    return this.finish(run);
  }

  /**
   * Detects meetings among these events of the user (a series a user gave feedback on). The
   * history counts meetings before `historyFrom` (default: the first event's start) and those
   * among the events; meetings of other events in between are not counted, so a caller that
   * needs exact histories passes every later meeting of the accounts concerned (detectChanged).
   */
  async detectEvents(
    scope: Scope,
    events: readonly StoredEvent[],
    org?: OrganisationAnalysis,
    historyFrom?: string,
  ): Promise<DetectionSummary> {
    const sorted = [...events].sort(
      (a, b) => a.event.start.localeCompare(b.event.start) || a.id.localeCompare(b.id),
    );
    const first = sorted[0];
    if (!first) return emptySummary();
    const existing = await this.store.meetings.withMeetings(
      scope,
      sorted.map((e) => e.id),
    );
    const from =
      historyFrom !== undefined && historyFrom < first.event.start
        ? historyFrom
        : first.event.start;
    const run = await this.startRun(scope, from, org, existing);
    for (const stored of sorted) await this.analyse(run, stored);
    return this.finish(run);
  }

  /**
   * Detection after a sync that changed a few events: those events, and every later sales
   * meeting of the accounts they concern, now or before the change (`removed`: the meetings of
   * events the sync deleted, read before the deletion). A meeting's type reads how many sales
   * meetings with its account came before it, so those later meetings may change type; the
   * user's other events cannot change and are not read. The result equals a full run's for
   * every event it analyses.
   */
  async detectChanged(
    scope: Scope,
    range: { from: Date; to: Date },
    synced: readonly StoredEvent[],
    removed: readonly MeetingPlace[] = [],
  ): Promise<DetectionSummary> {
    const changed = await this.withinReach(scope, range, synced);
    if (changed.length === 0 && removed.length === 0) return emptySummary();
    const org = await this.organisation(scope);
    const owner = (await this.store.users.get(scope))?.email ?? null;
    const ids = changed.map((stored) => stored.id);
    const places = [...(await this.store.meetings.placesOf(scope, ids)).values(), ...removed];
    const accounts = new Set(places.map((place) => place.accountId));
    const starts = places.map((place) => place.start);
    for (const stored of changed) {
      const accountId = matchMeeting(toMeetingInput(stored, owner), org.analyser.index).accountId;
      if (accountId) accounts.add(accountId);
      starts.push(stored.event.start);
    }
    const from = starts.reduce((a, b) => (b < a ? b : a));
    const known = new Set(ids);
    const later = accounts.size
      ? await this.store.meetings.eventIdsOfAccountsFrom(scope, [...accounts], from)
      : [];
    const others = await this.store.events.getMany(
      scope,
      later.filter((id) => !known.has(id)),
    );
    return this.detectEvents(scope, [...changed, ...others], org, from);
  }

  /**
   * What a full run over `range` would analyse of these events: those that overlap it, and
   * those outside it that have a meeting (moved out of it: their meeting follows them).
   */
  private async withinReach(
    scope: Scope,
    range: { from: Date; to: Date },
    events: readonly StoredEvent[],
  ): Promise<StoredEvent[]> {
    const from = range.from.toISOString();
    const to = range.to.toISOString();
    const overlaps = (stored: StoredEvent) => stored.event.end > from && stored.event.start < to;
    const outside = events.filter((stored) => !overlaps(stored));
    const kept = new Set(
      await this.store.meetings.withMeetings(
        scope,
        outside.map((stored) => stored.id),
      ),
    );
    return events.filter((stored) => overlaps(stored) || kept.has(stored.id));
  }

  private async startRun(
    scope: Scope,
    from: string,
    org: OrganisationAnalysis | undefined,
    existing: readonly string[],
  ): Promise<Run> {
    const user = await this.store.users.get(scope);
    return {
      scope,
      org: org ?? (await this.organisation(scope)),
      owner: user?.email ?? null,
      verdicts: new FeedbackVerdicts(await this.store.meetings.userFeedback(scope)),
      history: new AccountHistoryTracker(
        await this.store.meetings.accountHistoryBefore(scope, from),
      ),
      existing: new Set(existing),
      drafts: [],
      removals: [],
      summary: emptySummary(),
      touchedKeys: new Set(),
    };
  }

  private async analyse(run: Run, stored: StoredEvent): Promise<void> {
    const { analyser, adjustment, modelVersion } = run.org;
    const input = toMeetingInput(stored, run.owner);
    const verdict = run.verdicts.for(stored);
    const history = run.history.before(matchMeeting(input, analyser.index).accountId, input.start);
    const analysis = analyser.analyse(input, {
      ...(history ? { history } : {}),
      adjustment,
      // A confirmed meeting needs a type even where the model sees no sale.
      alwaysType: verdict?.verdict === 'confirm',
    });
    const draft = decideMeeting(stored, analysis, verdict, modelVersion);
    run.summary.analysed += 1;
    const had = run.existing.delete(stored.id);
    if (draft) {
      run.drafts.push(draft);
      if (draft.isSalesMeeting) this.count(run, draft);
    } else if (had) run.removals.push(stored.id);
    if (run.drafts.length >= BATCH) await this.flush(run);
  }

  private count(run: Run, draft: MeetingDraft): void {
    run.history.record(draft.accountId, draft.start);
    run.summary.salesMeetings += 1;
    const type = draft.meetingType ?? 'other';
    run.summary.byType[type] = (run.summary.byType[type] ?? 0) + 1;
  }

  private async flush(run: Run): Promise<void> {
    const saved = await this.store.meetings.save(run.scope, run.drafts);
    run.summary.created += saved.created;
    run.summary.updated += saved.updated;
    run.summary.unchanged += saved.unchanged;
    const removed = await this.store.meetings.remove(run.scope, run.removals);
    run.summary.removed += removed.removed;
    for (const key of [...saved.touchedKeys, ...removed.touchedKeys]) run.touchedKeys.add(key);
    run.drafts = [];
    run.removals = [];
  }

  private async finish(run: Run): Promise<DetectionSummary> {
    await this.flush(run);
    run.summary.relationshipKeys = [...run.touchedKeys].sort();
    return run.summary;
  }
}

export function emptySummary(): DetectionSummary {
  return {
    analysed: 0,
    salesMeetings: 0,
    byType: {},
    created: 0,
    updated: 0,
    unchanged: 0,
    removed: 0,
    relationshipKeys: [],
  };
}

/** Adds `more` into `total` (several users' runs into one report). */
export function addSummary(total: DetectionSummary, more: DetectionSummary): DetectionSummary {
  total.analysed += more.analysed;
  total.salesMeetings += more.salesMeetings;
  total.created += more.created;
  total.updated += more.updated;
  total.unchanged += more.unchanged;
  total.removed += more.removed;
  total.relationshipKeys = [...new Set([...total.relationshipKeys, ...more.relationshipKeys])];
  for (const [type, count] of Object.entries(more.byType) as [MeetingType, number][])
    total.byType[type] = (total.byType[type] ?? 0) + count;
  return total;
}
