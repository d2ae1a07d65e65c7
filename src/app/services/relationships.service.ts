/**
 * Relationship progression over an organisation's sales meetings (every user's). Recomputed
 * incrementally: a detection that wrote or removed meetings names their relationships, and only
 * those are analysed again; once a day every relationship is, because stages move with time
 * (a quiet account turns dormant without any meeting changing). Both store each account's
 * summary (what the list and its filters read); the detail of one account (timeline, series,
 * stakeholders, stage history) is analysed from its meetings when it is asked for.
 */
import type {
  RelationshipDetail,
  RelationshipList,
  RelationshipListQuery,
} from '../../api/relationships-schemas.js';
import { AppError, invalidInput, notFound } from '../../domain/errors.js';
import {
  analyseAccount,
  hasSalesMeetings,
  summariseAccount,
  summariseRelationships,
  type AccountSummary,
} from '../../domain/relationships/index.js';
import {
  decodeRelationshipCursor,
  encodeRelationshipCursor,
  InvalidCursorError,
  type OrgScope,
  type RelationshipDraft,
  type RelationshipMeetingRow,
  type RelationshipPosition,
  type Store,
} from '../../store/store.js';
import { detailDocument } from '../analysis/relationships-file.js';
import type { Logger } from '../logger.js';
import { accountFilterId } from './meetings-account-filter.js';
import { toRelationshipMeeting } from '../relationships/relationship-meetings.js';
import {
  apiReasonParts,
  stageChangesOf,
  stageHistoryOf,
  storedDocument,
  summaryOf,
} from '../relationships/relationship-views.js';

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
    // One at a time per organisation, reading inside the lock (relationships-lock.repository.ts):
    // two users' detection jobs updating one account at once left the summary of whichever read
    // first, without the other's meeting.
    return this.deps.store.transaction(async (store) => {
      await store.relationships.lockOrganisation(scope);
      const now = this.deps.clock();
      const drafts: RelationshipDraft[] = [];
      const removed: string[] = [];
      const dirty = await store.relationships.takeDirty(scope);
      for (const key of new Set([...keys, ...dirty])) {
        const rows = await store.relationships.meetings(scope, { relationshipKey: key });
        const summary = summariseAccount(key, rows.map(toRelationshipMeeting), now.getTime());
        if (hasSalesMeetings(summary)) drafts.push(draftOf(summary, rows));
        else removed.push(key);
      }
      return store.relationships.save(scope, drafts, removed, now);
    });
  }

  /** Analyses every relationship of the organisation; those without meetings go. */
  async recompute(scope: OrgScope): Promise<RecomputeOutcome> {
    if ((await this.deps.store.relationships.countUnkeyed(scope)) > 0)
      await this.deps.redetect?.(scope);
    // In the organisation's lock, as update: a detection's update meanwhile must not be
    // overwritten by a summary read before it.
    return this.deps.store.transaction(async (store) => {
      await store.relationships.lockOrganisation(scope);
      const now = this.deps.clock();
      await store.relationships.takeDirty(scope);
      const rows = await store.relationships.meetings(scope);
      const rowsByKey = new Map<string, RelationshipMeetingRow[]>();
      for (const row of rows) {
        const list = rowsByKey.get(row.relationshipKey) ?? [];
        list.push(row);
        rowsByKey.set(row.relationshipKey, list);
      }
      const summaries = summariseRelationships(rows.map(toRelationshipMeeting), now.getTime());
      const drafts = summaries.map((s) => draftOf(s, rowsByKey.get(s.accountKey) ?? []));
      const kept = new Set(drafts.map((d) => d.accountKey));
      const removed = (await store.relationships.keys(scope)).filter((k) => !kept.has(k));
      return store.relationships.save(scope, drafts, removed, now);
    });
  }

  /**
   * The `recompute_relationships` handler: every organisation with users. A stopping worker's
   * signal is checked before each organisation, whose accounts are written in one transaction:
   * a stop leaves the organisations done so far recomputed and the others as they were, and
   * those are recomputed when the job, given back, runs again (or at the next daily run).
   */
  async recomputeAll(signal?: AbortSignal): Promise<RecomputeOutcome> {
    const total: RecomputeOutcome = { saved: 0, stageChanges: 0, removed: 0 };
    for (const orgId of await this.deps.store.organisations.ids()) {
      if (signal?.aborted) {
        this.deps.logger.info(total, 'relationships recompute stopped: the worker is stopping');
        signal.throwIfAborted();
      }
      const outcome = await this.recompute({ orgId });
      total.saved += outcome.saved;
      total.stageChanges += outcome.stageChanges;
      total.removed += outcome.removed;
    }
    this.deps.logger.info(total, 'relationships recomputed');
    return total;
  }

  /** A page of the list; `query.cursor` is the store's position (the API binds it to the query). */
  async list(scope: OrgScope, query: RelationshipListQuery): Promise<RelationshipList> {
    const ownerId = query.owner ? await this.ownerId(scope, query.owner) : undefined;
    // An owner naming no one is a mistake to say, not a user without relationships.
    if (ownerId === null)
      throw invalidInput(
        "querystring.owner: names none of your organisation's users (an id or an email address)",
      );
    // As the meetings filter: an id naming none of the organisation's accounts is a 400.
    const accountId = await accountFilterId(this.deps.store, scope, {
      accountExternalId: query.accountExternalId,
    });
    let after: RelationshipPosition | undefined;
    try {
      after = query.cursor ? decodeRelationshipCursor(query.cursor) : undefined;
    } catch (error) {
      if (error instanceof InvalidCursorError)
        throw new AppError(
          'invalid_cursor',
          'querystring.cursor: not a cursor this API gave out; start again without it',
        );
      throw error;
    }
    const stored = await this.deps.store.relationships.list(scope, {
      ...(query.stage ? { stage: query.stage } : {}),
      ...(query.trend ? { cadenceTrend: query.trend } : {}),
      ...(ownerId ? { ownerId } : {}),
      ...(accountId ? { accountId } : {}),
      ...(query.q ? { q: query.q } : {}),
      ...(after ? { after } : {}),
      limit: query.limit + 1,
    });
    const page = stored.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: page.map(summaryOf),
      nextCursor:
        stored.length > query.limit && last
          ? encodeRelationshipCursor({
              lastMeetingAt: last.lastMeetingAt,
              accountKey: last.accountKey,
            })
          : null,
    };
  }

  /**
   * The stored summary, and the detail analysed now from the account's meetings, as of the
   * instant the summary was computed: the stage history then ends in the summary's stage, and
   * the timeline says upcoming of the same meetings as the summary's count.
   */
  async get(scope: OrgScope, key: string): Promise<RelationshipDetail> {
    const stored = await this.storedByKey(scope, key);
    if (!stored) throw notFound('relationship');
    const accountKey = stored.accountKey;
    const asOf = Date.parse(stored.computedAt);
    const rows = await this.deps.store.relationships.meetings(scope, {
      relationshipKey: accountKey,
    });
    const analysis = analyseAccount(accountKey, rows.map(toRelationshipMeeting), asOf);
    const detail = detailDocument(analysis, asOf);
    return {
      ...summaryOf(stored),
      timeline: detail.timeline,
      series: detail.series,
      stakeholderDetails: detail.stakeholderDetails,
      typeProgression: detail.typeProgression,
      expansionReasons: detail.expansionReasons,
      typicalDurationMinutes: detail.typicalDurationMinutes,
      stageHistory: stageHistoryOf(analysis),
      stageChanges: stageChangesOf(
        await this.deps.store.relationships.stageChanges(scope, accountKey),
      ),
    };
  }

  /**
   * The relationship with this key, else (integrators know accounts by the CRM's id) the one of
   * the organisation's account with this externalId. calintel's key wins: it is what links give.
   */
  private async storedByKey(scope: OrgScope, key: string) {
    const byKey = await this.deps.store.relationships.get(scope, key);
    if (byKey) return byKey;
    const accounts = await this.deps.store.crm.listAccounts(scope);
    const account = accounts.find((a) => a.externalId === key);
    return account && this.deps.store.relationships.get(scope, account.id);
  }

  /** A user id from an id or an email; null when nobody in the organisation matches. */
  private async ownerId(scope: OrgScope, owner: string): Promise<string | null> {
    const users = await this.deps.store.users.list(scope);
    const wanted = owner.trim().toLowerCase();
    return users.find((u) => u.id === owner || u.email === wanted)?.id ?? null;
  }
}

function draftOf(
  summary: AccountSummary,
  rows: readonly RelationshipMeetingRow[],
): RelationshipDraft {
  return {
    accountKey: summary.accountKey,
    accountId: rows.find((r) => r.accountId === summary.accountKey)?.accountId ?? null,
    name: summary.name,
    stage: summary.stage,
    stageReasons: summary.stageReasons,
    stageReasonParts: summary.stageReasonParts.map(apiReasonParts),
    cadenceTrend: summary.cadenceTrend,
    durationTrend: summary.durationTrend,
    meetings: summary.meetings,
    lastMeetingAt:
      summary.lastMeeting === null ? null : new Date(summary.lastMeeting).toISOString(),
    ownerIds: [...new Set(rows.map((r) => r.userId))],
    analysis: storedDocument(summary),
  };
}
