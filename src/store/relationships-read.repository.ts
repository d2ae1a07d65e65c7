/**
 * The stored relationship summaries as the list and the detail read them, each with its
 * account's CRM id (externalId) joined in: the CRM's id is what integrators know the account by.
 */
import type { Executor } from './database.js';
import type { RelationshipRow } from './schema.js';
import type { OrgScope } from './scope.js';
import { containsFolded } from './search-match.js';
import { fromJson } from './sql-support.js';

export interface StoredRelationship {
  accountKey: string;
  accountId: string | null;
  /** The CRM's own id of the account (its externalId), as the accounts table holds it now. */
  accountExternalId: string | null;
  name: string | null;
  stage: string;
  cadenceTrend: string;
  durationTrend: string;
  meetings: number;
  lastMeetingAt: string | null;
  ownerIds: string[];
  analysis: unknown;
  computedAt: string;
}

export interface RelationshipQuery {
  stage?: string;
  cadenceTrend?: string;
  ownerId?: string;
  /** Only this account's (calintel's id). */
  accountId?: string;
  /** Only those whose name, key (`domain:acme.com`, an address) or account's domains hold this. */
  q?: string;
  /** Only those after this one in the list's order (a page's last). */
  after?: RelationshipPosition;
  limit?: number;
}

/** Where a relationship stands in the list's order: most recently met first, then by key. */
export interface RelationshipPosition {
  lastMeetingAt: string | null;
  accountKey: string;
}

type RelationshipReadRow = RelationshipRow & { account_external_id: string | null };

function toStored(row: RelationshipReadRow): StoredRelationship {
  return {
    accountKey: row.account_key,
    accountId: row.account_id,
    accountExternalId: row.account_external_id,
    name: row.name,
    stage: row.stage,
    cadenceTrend: row.cadence_trend,
    durationTrend: row.duration_trend,
    meetings: row.meetings,
    lastMeetingAt: row.last_meeting_at,
    ownerIds: fromJson<string[]>(row.owner_ids, []),
    analysis: fromJson<unknown>(row.analysis, {}),
    computedAt: row.computed_at,
  };
}

/**
 * The organisation's relationship rows with their account's external id (a join on the org too,
 * so that no other organisation's account can lend its id). Columns are qualified: accounts has
 * a `stage` of its own.
 */
function selectRelationships(db: Executor, scope: OrgScope) {
  return db
    .selectFrom('relationships')
    .leftJoin('accounts', (join) =>
      join
        .onRef('accounts.id', '=', 'relationships.account_id')
        .onRef('accounts.org_id', '=', 'relationships.org_id'),
    )
    .selectAll('relationships')
    .select('accounts.external_id as account_external_id')
    .where('relationships.org_id', '=', scope.orgId);
}

/** The organisation's relationships matching `query`, most recently met first. */
export async function listRelationships(
  db: Executor,
  scope: OrgScope,
  query: RelationshipQuery = {},
): Promise<StoredRelationship[]> {
  let select = selectRelationships(db, scope);
  if (query.stage) select = select.where('relationships.stage', '=', query.stage);
  if (query.cadenceTrend)
    select = select.where('relationships.cadence_trend', '=', query.cadenceTrend);
  if (query.accountId) select = select.where('relationships.account_id', '=', query.accountId);
  const text = query.q;
  if (text)
    select = select.where((eb) =>
      eb.or(
        (['relationships.name', 'relationships.account_key', 'accounts.domains'] as const).map(
          (column) => containsFolded(db, eb.ref(column), text),
        ),
      ),
    );
  // owner_ids is a JSON list of UUIDs; a quoted id cannot match inside another id.
  if (query.ownerId)
    select = select.where('relationships.owner_ids', 'like', `%"${query.ownerId}"%`);
  const after = query.after;
  if (after) {
    const { lastMeetingAt, accountKey } = after;
    select =
      lastMeetingAt === null
        ? select
            .where('relationships.last_meeting_at', 'is', null)
            .where('relationships.account_key', '>', accountKey)
        : select.where((eb) =>
            eb.or([
              eb('relationships.last_meeting_at', '<', lastMeetingAt),
              eb.and([
                eb('relationships.last_meeting_at', '=', lastMeetingAt),
                eb('relationships.account_key', '>', accountKey),
              ]),
              eb('relationships.last_meeting_at', 'is', null),
            ]),
          );
  }
  // Nulls (no meeting held yet) last on both: PostgreSQL puts them first in a descending order.
  select = select
    .orderBy('relationships.last_meeting_at', (order) => order.desc().nullsLast())
    .orderBy('relationships.account_key');
  if (query.limit !== undefined) select = select.limit(query.limit);
  return (await select.execute()).map(toStored);
}

export async function getRelationship(
  db: Executor,
  scope: OrgScope,
  accountKey: string,
): Promise<StoredRelationship | undefined> {
  const row = await selectRelationships(db, scope)
    .where('relationships.account_key', '=', accountKey)
    .executeTakeFirst();
  return row && toStored(row);
}
