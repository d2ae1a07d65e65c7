/**
 * Conflicts are keyed by their events' identities (the meetings they hold: conflictKey over
 * conflictIdentity of meetingIdentity), no longer by the events' row ids, which a calendar turned
 * off and on, a reconnect or a re-import replaces: a dismissed or resolved conflict came back as
 * a new open one then, and the old one stayed with no events. Their fingerprints (the events'
 * times) are made of the identities too.
 *
 * Stored conflicts whose events are all still stored are re-keyed, a batch at a time in id
 * order. The fingerprint is rewritten only when it still matches the events' times (the old
 * formula over the ids); otherwise the events moved since the conflict was last found, and the
 * old fingerprint is kept so that the next pass reopens a decided conflict, as it would have.
 * A conflict with an event gone keeps its old key: its meetings cannot be told any more (an open
 * one is cleared by the next pass over its days, as before; a decided or cleared one stays the
 * record it is). A key another conflict of the user already has is left alone too.
 */
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { conflictIdentity, conflictKey } from '../../domain/conflicts/conflict.js';
import type { ConflictKind } from '../../domain/conflicts/types.js';
import { conflictFingerprint } from '../conflicts.repository.js';
import { meetingIdentity } from '../meeting-identity.js';

const BATCH = 500;
/** Event ids per lookup: well under SQLite's and PostgreSQL's bound-parameter limits. */
const IDS_PER_QUERY = 1000;

interface ConflictKeyRow {
  id: string;
  org_id: string;
  user_id: string;
  conflict_key: string;
  kind: ConflictKind;
  event_ids: string;
  fingerprint: string;
}

interface EventSourceRow {
  id: string;
  org_id: string;
  user_id: string;
  calendar_id: string;
  provider_event_id: string;
  ical_uid: string | null;
  original_start: string | null;
  start_at: string;
  end_at: string;
}

interface Rekey {
  id: string;
  key: string;
  fingerprint: string;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  const taken = new Set<string>();
  let after = '';
  for (;;) {
    const { rows } = await sql<ConflictKeyRow>`
      select id, org_id, user_id, conflict_key, kind, event_ids, fingerprint
      from conflicts where id > ${after} order by id limit ${BATCH}`.execute(db);
    const events = await eventsOf(db, rows);
    const candidates = rows.flatMap((row) => {
      const next = rekeyed(row, events);
      return next ? [{ row, next }] : [];
    });
    const used = await keysInUse(db, candidates);
    const rekeys: Rekey[] = [];
    for (const { row, next } of candidates) {
      const slot = `${row.org_id}\n${row.user_id}\n${next.key}`;
      if (used.has(slot) || taken.has(slot)) continue;
      taken.add(slot);
      rekeys.push(next);
    }
    await write(db, rekeys);
    const last = rows.at(-1);
    if (!last || rows.length < BATCH) return;
    after = last.id;
  }
}

export async function down(): Promise<void> {
  // Nothing to undo: a key of identities is found again by any version's next pass only as a
  // new conflict, which is what a down-migrated version did after a re-sync anyway.
}

/** The conflict's key and fingerprint by identities, or null when it cannot be re-keyed. */
function rekeyed(row: ConflictKeyRow, events: ReadonlyMap<string, EventSourceRow>): Rekey | null {
  const ids = eventIdsOf(row);
  const suffix = `:${ids.join(',')}`;
  // Only a key of row ids (the old form) is rewritten: `${kind}:${owner}:${sorted ids}`.
  if (ids.length === 0 || !row.conflict_key.startsWith(`${row.kind}:`)) return null;
  if (!row.conflict_key.endsWith(suffix)) return null;
  const owner = row.conflict_key.slice(row.kind.length + 1, -suffix.length);
  const found = ids.map((id) => events.get(id));
  if (found.some((e) => !e || e.org_id !== row.org_id || e.user_id !== row.user_id)) return null;
  const sources = found as EventSourceRow[];
  const identities = sources.map((e) =>
    conflictIdentity(
      meetingIdentity(e.calendar_id, {
        providerEventId: e.provider_event_id,
        iCalUid: e.ical_uid,
        originalStart: e.original_start,
      }),
    ),
  );
  const times = sources.map((e) => `${e.start_at}/${e.end_at}`);
  const unmoved = legacyFingerprint(ids, times) === row.fingerprint;
  return {
    id: row.id,
    key: conflictKey(row.kind, owner, identities),
    fingerprint: unmoved ? conflictFingerprint(identities, times) : row.fingerprint,
  };
}

/** The fingerprint as stored before: a hash of the sorted row ids and their times. */
function legacyFingerprint(ids: readonly string[], times: readonly string[]): string {
  return createHash('sha256')
    .update(JSON.stringify([ids, times]))
    .digest('hex');
}

function eventIdsOf(row: ConflictKeyRow): string[] {
  try {
    const ids: unknown = JSON.parse(row.event_ids);
    return Array.isArray(ids) && ids.every((id) => typeof id === 'string')
      ? [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      : [];
  } catch {
    return [];
  }
}

async function eventsOf(
  db: Kysely<unknown>,
  rows: readonly ConflictKeyRow[],
): Promise<Map<string, EventSourceRow>> {
  const ids = [...new Set(rows.flatMap(eventIdsOf))];
  const events = new Map<string, EventSourceRow>();
  for (let i = 0; i < ids.length; i += IDS_PER_QUERY) {
    const part = ids.slice(i, i + IDS_PER_QUERY);
    const { rows: found } = await sql<EventSourceRow>`
      select id, org_id, user_id, calendar_id, provider_event_id, ical_uid, original_start,
        start_at, end_at
      from calendar_events where id in (${sql.join(part)})`.execute(db);
    for (const event of found) events.set(event.id, event);
  }
  return events;
}

/** The candidates' new keys that a conflict of the same user already has. */
async function keysInUse(
  db: Kysely<unknown>,
  candidates: readonly { row: ConflictKeyRow; next: Rekey }[],
): Promise<Set<string>> {
  const keys = [...new Set(candidates.map((c) => c.next.key))];
  const used = new Set<string>();
  for (let i = 0; i < keys.length; i += IDS_PER_QUERY) {
    const { rows } = await sql<{ org_id: string; user_id: string; conflict_key: string }>`
      select org_id, user_id, conflict_key from conflicts
      where conflict_key in (${sql.join(keys.slice(i, i + IDS_PER_QUERY))})`.execute(db);
    for (const row of rows) used.add(`${row.org_id}\n${row.user_id}\n${row.conflict_key}`);
  }
  return used;
}

/** One statement a batch (row by row, PostgreSQL is slow outside a transaction: see 0023). */
async function write(db: Kysely<unknown>, rekeys: readonly Rekey[]): Promise<void> {
  if (rekeys.length === 0) return;
  const keys = rekeys.map((r) => sql`when ${r.id} then ${r.key}`);
  const fingerprints = rekeys.map((r) => sql`when ${r.id} then ${r.fingerprint}`);
  await sql`update conflicts
    set conflict_key = case id ${sql.join(keys, sql` `)} end,
      fingerprint = case id ${sql.join(fingerprints, sql` `)} end
    where id in (${sql.join(rekeys.map((r) => r.id))})`.execute(db);
}
