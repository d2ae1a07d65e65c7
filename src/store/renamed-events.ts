/**
 * The user's decisions on an event whose provider renamed it, carried over to its new row.
 *
 * Exists for one rename: ICS events without a UID were named `missing-uid-<hash>` before 697e9d8
 * and `missing-uid-src-<hash>` since (made-up-uid.ts). The old name is known within its calendar
 * only (['event', calendar, provider id]), the new one as a UID (['uid', ...]), so the first
 * sync or import after the upgrade replaces each such row and every meeting feedback and conflict
 * decision kept by the old identity would be orphaned, on every database once. The reader gives
 * the old name beside the new one (ProviderEvent.formerProviderEventId); when the calendar still
 * holds a row under it, this moves the decisions to the new identity in the page's transaction.
 * The old row itself goes as before, with the end of the snapshot.
 *
 * It can be removed (with MadeUpUids.takeFormer and formerProviderEventId) once no database holds
 * a `missing-uid-<16 hex>` ICS row: after every feed has synced and every file been imported
 * again under a version that has it, which for a file nobody re-imports is never certain.
 */
import type { CalendarEvent } from '../domain/event.js';
import { conflictFingerprint } from './conflicts.repository.js';
import { conflictIdentity, conflictKey, sortedIds } from '../domain/conflicts/conflict.js';
import type { ConflictKind } from '../domain/conflicts/types.js';
import type { Transaction } from './database.js';
import { STORED_EVENT_COLUMNS, toStoredEvent, type StoredEvent } from './event-rows.js';
import type { PageWrites } from './event-updates.js';
import { meetingIdentity } from './meeting-identity.js';
import type { ConflictRow, Tables } from './schema.js';
import type { Scope } from './scope.js';
import { chunk, fromJson, toJson } from './sql-support.js';

/** A stored row and the row just created for the same event under its new provider id. */
interface Rename {
  before: StoredEvent;
  afterId: string;
  after: CalendarEvent;
}

// Well under SQLite's and PostgreSQL's bound-parameter limits, with the scope beside.
const PER_QUERY = 500;
// SQLite parses a chain of ORs as a tree as deep as it is long, and refuses one deeper than 1000.
const LIKES_PER_QUERY = 200;

/**
 * `created`: the page's new rows, already written; `formers`: a new row's provider id to the
 * one its event had before, for those that had another (and are not listed under it too).
 */
export async function carryDecisionsOver(
  trx: Transaction<Tables>,
  scope: Scope & { calendarId: string },
  created: PageWrites,
  formers: ReadonlyMap<string, string>,
): Promise<void> {
  if (formers.size === 0) return;
  const stored = await storedUnder(trx, scope, [...formers.values()]);
  const renames: Rename[] = [];
  created.rows.forEach((row, i) => {
    const former = formers.get(row.provider_event_id);
    const before = former === undefined ? undefined : stored.get(former);
    const after = created.events[i];
    if (before && after) renames.push({ before, afterId: row.id, after });
  });
  if (renames.length === 0) return;
  // Series first: it finds the words given in this calendar by their identities before the move.
  await moveSeriesFeedback(trx, scope, renames);
  await moveFeedback(trx, scope, renames);
  await rekeyConflicts(trx, scope, renames);
}

async function storedUnder(
  trx: Transaction<Tables>,
  scope: Scope & { calendarId: string },
  providerIds: string[],
): Promise<Map<string, StoredEvent>> {
  const stored = new Map<string, StoredEvent>();
  for (const part of chunk(providerIds, PER_QUERY)) {
    const rows = await trx
      .selectFrom('calendar_events')
      .select(STORED_EVENT_COLUMNS)
      .where('org_id', '=', scope.orgId)
      .where('user_id', '=', scope.userId)
      .where('calendar_id', '=', scope.calendarId)
      .where('provider_event_id', 'in', part)
      .execute();
    for (const row of rows) stored.set(row.provider_event_id, toStoredEvent(row));
  }
  return stored;
}

const identityBefore = (r: Rename) => meetingIdentity(r.before.calendarId, r.before.event);
const identityAfter = (r: Rename) => meetingIdentity(r.before.calendarId, r.after);

/** Words on the old identity now name the new one (and its series: moveSeriesFeedback). */
async function moveFeedback(trx: Transaction<Tables>, scope: Scope, renames: readonly Rename[]) {
  const byIdentity = new Map(renames.map((r) => [identityBefore(r), r]));
  for (const part of chunk([...byIdentity.keys()], PER_QUERY)) {
    const words = await trx
      .selectFrom('meeting_feedback')
      .select(['id', 'meeting_identity', 'series_id'])
      .where('org_id', '=', scope.orgId)
      .where('user_id', '=', scope.userId)
      .where('meeting_identity', 'in', part)
      .execute();
    for (const word of words) {
      const rename = byIdentity.get(word.meeting_identity ?? '');
      if (!rename) continue;
      await trx
        .updateTable('meeting_feedback')
        .set({ meeting_identity: identityAfter(rename) })
        .where('id', '=', word.id)
        .execute();
    }
  }
}

/**
 * A word on a renamed series names the new series, whichever instance it was given on: also one
 * no longer in the sync window, which is not renamed (its row stays under the old name until
 * retention takes it, and loses the word if detected again; the series' live instances matter).
 * Only words given in this calendar (an old identity is ['event', calendar, provider id]): the
 * old series id is a hash of the content alone, so the same file imported into another calendar
 * has the same one, and that calendar's import renames its series to another new id.
 */
async function moveSeriesFeedback(
  trx: Transaction<Tables>,
  scope: Scope & { calendarId: string },
  renames: readonly Rename[],
) {
  const renamedSeries = new Map<string, string>();
  for (const { before, after } of renames)
    if (before.event.seriesId !== null && after.seriesId !== null)
      renamedSeries.set(before.event.seriesId, after.seriesId);
  // Calendar ids are UUIDs: nothing in them is a LIKE wildcard.
  const inThisCalendar = `${JSON.stringify(['event', scope.calendarId]).slice(0, -1)},%`;
  for (const [before, after] of renamedSeries)
    await trx
      .updateTable('meeting_feedback')
      .set({ series_id: after })
      .where('org_id', '=', scope.orgId)
      .where('user_id', '=', scope.userId)
      .where('series_id', '=', before)
      .where('meeting_identity', 'like', inThisCalendar)
      .execute();
}

/**
 * Conflicts with a renamed event get the key and fingerprint the next pass computes for the new
 * rows (conflicts.repository.ts), so that a decision on them stands. The fingerprint is rewritten
 * only when it is that of the events as stored (otherwise they moved since the conflict was last
 * found, and keeping it reopens a decision, as the pass would have); a key of another form, or
 * one another conflict of the user already has, is left alone, as migration 0026 did.
 */
async function rekeyConflicts(trx: Transaction<Tables>, scope: Scope, renames: readonly Rename[]) {
  const byOldRow = new Map(renames.map((r) => [r.before.id, r]));
  for (const conflict of await conflictsWith(trx, scope, [...byOldRow.keys()])) {
    const ids = fromJson<string[]>(conflict.event_ids, []);
    if (!ids.some((id) => byOldRow.has(id))) continue;
    const others = await eventsById(
      trx,
      scope,
      ids.filter((id) => !byOldRow.has(id)),
    );
    const sides = ids.map((id) => sidesOf(id, byOldRow.get(id), others.get(id)));
    if (sides.some((side) => side === null)) continue;
    const known = sides as Sides[];
    const times = known.map((s) => s.times);
    const owner = ownerOf(conflict);

    const oldIdentities = known.map((s) => s.before);
    if (
      owner === null ||
      conflictKey(conflict.kind, owner, oldIdentities) !== conflict.conflict_key
    )
      continue;
    const key = conflictKey(
      conflict.kind,
      owner,
      known.map((s) => s.after),
    );
    if (await keyTaken(trx, scope, key)) continue;
    const unmoved = conflictFingerprint(oldIdentities, times) === conflict.fingerprint;
    await trx
      .updateTable('conflicts')
      .set({
        conflict_key: key,
        fingerprint: unmoved
          ? conflictFingerprint(
              known.map((s) => s.after),
              times,
            )
          : conflict.fingerprint,
        event_ids: toJson(sortedIds(known.map((s) => s.id))),
      })
      .where('id', '=', conflict.id)
      .execute();
  }
}

/**
 * The user's live conflicts that name one of `rowIds` among their events (a JSON array of row
 * ids, which are UUIDs: nothing in them is a LIKE wildcard), each once.
 */
async function conflictsWith(trx: Transaction<Tables>, scope: Scope, rowIds: readonly string[]) {
  const found = new Map<string, ConflictToRekey>();
  for (const part of chunk(rowIds, LIKES_PER_QUERY)) {
    const rows = await trx
      .selectFrom('conflicts')
      .select(['id', 'kind', 'conflict_key', 'event_ids', 'fingerprint'])
      .where('org_id', '=', scope.orgId)
      .where('user_id', '=', scope.userId)
      .where('status', '<>', 'cleared')
      .where((eb) => eb.or(part.map((id) => eb('event_ids', 'like', `%${JSON.stringify(id)}%`))))
      .execute();
    for (const row of rows) found.set(row.id, row);
  }
  return [...found.values()];
}

type ConflictToRekey = Pick<
  ConflictRow,
  'id' | 'kind' | 'conflict_key' | 'event_ids' | 'fingerprint'
>;

/** One event of a conflict: its identities before and after the renames, its times, its row. */
interface Sides {
  before: string;
  after: string;
  times: string;
  id: string;
}

function sidesOf(id: string, rename: Rename | undefined, other: StoredEvent | undefined) {
  if (rename) {
    const { start, end } = rename.before.event;
    return {
      before: conflictIdentity(identityBefore(rename)),
      after: conflictIdentity(identityAfter(rename)),
      times: `${start}/${end}`,
      id: rename.afterId,
    };
  }
  if (!other) return null;
  const identity = conflictIdentity(meetingIdentity(other.calendarId, other.event));
  return {
    before: identity,
    after: identity,
    times: `${other.event.start}/${other.event.end}`,
    id,
  };
}

/** The owner part of `kind:owner:identities` (identities hold no colon). */
function ownerOf(conflict: { kind: ConflictKind; conflict_key: string }): string | null {
  const last = conflict.conflict_key.lastIndexOf(':');
  const start = conflict.kind.length + 1;
  return conflict.conflict_key.startsWith(`${conflict.kind}:`) && last >= start
    ? conflict.conflict_key.slice(start, last)
    : null;
}

async function eventsById(trx: Transaction<Tables>, scope: Scope, ids: string[]) {
  const found = new Map<string, StoredEvent>();
  for (const part of chunk(ids, PER_QUERY)) {
    const rows = await trx
      .selectFrom('calendar_events')
      .select(STORED_EVENT_COLUMNS)
      .where('org_id', '=', scope.orgId)
      .where('user_id', '=', scope.userId)
      .where('id', 'in', part)
      .execute();
    for (const row of rows) found.set(row.id, toStoredEvent(row));
  }
  return found;
}

async function keyTaken(trx: Transaction<Tables>, scope: Scope, key: string): Promise<boolean> {
  const row = await trx
    .selectFrom('conflicts')
    .select('id')
    .where('org_id', '=', scope.orgId)
    .where('user_id', '=', scope.userId)
    .where('conflict_key', '=', key)
    .executeTakeFirst();
  return row !== undefined;
}
