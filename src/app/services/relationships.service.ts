/**
 * Relationship progression over an organisation's sales meetings (every user's). Recomputed
 * incrementally: a detection that wrote or removed meetings names their relationships, and only
 * those are analysed again; once a day every relationship is, because stages move with time
 * (a quiet account turns dormant without any meeting changing).
 */
import type {
  RelationshipDetail,
  RelationshipList,
  RelationshipListQuery,
} from '../../api/relationships-schemas.js';
import { notFound } from '../../domain/errors.js';
import {
  analyseAccount,
  analyseRelationships,
  hasSalesMeetings,
  type AccountRelationship,
} from '../../domain/relationships/index.js';
import type {
  OrgScope,
  RelationshipDraft,
  RelationshipMeetingRow,
  Store,
} from '../../store/store.js';
import { accountDocument } from '../analysis/relationships-file.js';
import type { Logger } from '../logger.js';
import { toRelationshipMeeting } from '../relationships/relationship-meetings.js';
import { summaryOf } from '../relationships/relationship-views.js';

/** Recomputes every relationship of every organisation (scheduled daily). */
export const RECOMPUTE_RELATIONSHIPS = 'recompute_relationships';

export interface RelationshipsServiceDeps {
  store: Store;
  logger: Logger;
  clock: () => Date;
  /**
   * Meetings written before they had a relationship key (before migration 0011) need detection
   * again to get one; this queues it for the organisation.
   */
  redetect?: (scope: OrgScope) => Promise<unknown>;
}

export interface RecomputeOutcome {
  /** Relationships analysed and written. */
  saved: number;
  stageChanges: number;
  removed: number;
}

export class RelationshipsService {
  constructor(private readonly deps: RelationshipsServiceDeps) {}

  /**
   * Analyses these relationships again (after their meetings changed), and those whose meetings
   * were deleted with their events since the last update; only these.
   */
  async update(scope: OrgScope, keys: readonly string[]): Promise<RecomputeOutcome> {
    const now = this.deps.clock();
    const drafts: RelationshipDraft[] = [];
    const removed: string[] = [];
    const dirty = await this.deps.store.relationships.takeDirty(scope);
    for (const key of new Set([...keys, ...dirty])) {
      const rows = await this.deps.store.relationships.meetings(scope, { relationshipKey: key });
      const analysis = analyseAccount(key, rows.map(toRelationshipMeeting), now.getTime());
      if (hasSalesMeetings(analysis)) drafts.push(draftOf(analysis, rows, now.getTime()));
      else removed.push(key);
    }
    return this.deps.store.relationships.save(scope, drafts, removed, now);
  }

  /** Analyses every relationship of the organisation; those without meetings go. */
  async recompute(scope: OrgScope): Promise<RecomputeOutcome> {
    const now = this.deps.clock();
    await this.deps.store.relationships.takeDirty(scope);
    if ((await this.deps.store.relationships.countUnkeyed(scope)) > 0)
      await this.deps.redetect?.(scope);
    const rows = await this.deps.store.relationships.meetings(scope);
    const rowsByKey = new Map<string, RelationshipMeetingRow[]>();
    for (const row of rows) {
      const list = rowsByKey.get(row.relationshipKey) ?? [];
      list.push(row);
      rowsByKey.set(row.relationshipKey, list);
    }
    const analyses = analyseRelationships(rows.map(toRelationshipMeeting), now.getTime());
    const drafts = analyses.map((a) =>
      draftOf(a, rowsByKey.get(a.accountKey) ?? [], now.getTime()),
    );
    const kept = new Set(drafts.map((d) => d.accountKey));
    const removed = (await this.deps.store.relationships.keys(scope)).filter((k) => !kept.has(k));
    return this.deps.store.relationships.save(scope, drafts, removed, now);
  }

  /** The `recompute_relationships` handler: every organisation with users. */
  async recomputeAll(): Promise<RecomputeOutcome> {
    const total: RecomputeOutcome = { saved: 0, stageChanges: 0, removed: 0 };
    for (const orgId of await this.deps.store.organisations.ids()) {
      const outcome = await this.recompute({ orgId });
      total.saved += outcome.saved;
      total.stageChanges += outcome.stageChanges;
      total.removed += outcome.removed;
    }
    this.deps.logger.info(total, 'relationships recomputed');
    return total;
  }

  async list(scope: OrgScope, query: RelationshipListQuery): Promise<RelationshipList> {
    const ownerId = query.owner ? await this.ownerId(scope, query.owner) : undefined;
    if (ownerId === null) return { items: [] };
    const stored = await this.deps.store.relationships.list(scope, {
      ...(query.stage ? { stage: query.stage } : {}),
      ...(query.trend ? { cadenceTrend: query.trend } : {}),
      ...(ownerId ? { ownerId } : {}),
    });
    return { items: stored.map(summaryOf) };
  }

  async get(scope: OrgScope, accountKey: string): Promise<RelationshipDetail> {
    const stored = await this.deps.store.relationships.get(scope, accountKey);
    if (!stored) throw notFound('relationship');
    const document = stored.analysis as Record<string, unknown>;
    return {
      ...summaryOf(stored),
      timeline: (document['timeline'] as Record<string, unknown>[] | undefined) ?? [],
      series: (document['series'] as Record<string, unknown>[] | undefined) ?? [],
      stakeholderDetails:
        (document['stakeholderDetails'] as Record<string, unknown>[] | undefined) ?? [],
      typeProgression: (document['typeProgression'] as Record<string, unknown> | undefined) ?? {},
      expansionReasons: (document['expansionReasons'] as string[] | undefined) ?? [],
      typicalDurationMinutes: (document['typicalDurationMinutes'] as number | null) ?? null,
      stageHistory:
        (document['stageHistory'] as RelationshipDetail['stageHistory'] | undefined) ?? [],
      stageChanges: await this.deps.store.relationships.stageChanges(scope, accountKey),
    };
  }

  /** A user id from an id or an email; null when nobody in the organisation matches. */
  private async ownerId(scope: OrgScope, owner: string): Promise<string | null> {
    const users = await this.deps.store.users.list(scope);
    const wanted = owner.trim().toLowerCase();
    return users.find((u) => u.id === owner || u.email === wanted)?.id ?? null;
  }
}

function draftOf(
  analysis: AccountRelationship,
  rows: readonly RelationshipMeetingRow[],
  now: number,
): RelationshipDraft {
  return {
    accountKey: analysis.accountKey,
    accountId: rows.find((r) => r.accountId === analysis.accountKey)?.accountId ?? null,
    name: analysis.name,
    stage: analysis.stage,
    stageReasons: analysis.stageReasons,
    cadenceTrend: analysis.cadenceTrend,
    durationTrend: analysis.durationTrend,
    meetings: analysis.meetings,
    lastMeetingAt:
      analysis.lastMeeting === null ? null : new Date(analysis.lastMeeting).toISOString(),
    ownerIds: [...new Set(rows.map((r) => r.userId))],
    analysis: accountDocument(analysis, now),
  };
}
