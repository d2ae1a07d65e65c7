/**
 * Meeting participants as the store reads them back: each with its CRM matches by calintel's ids
 * and by the CRM's own (externalId), read with the participants in one statement per chunk of
 * meetings, never one per meeting or per participant.
 */
import type { Executor } from './database.js';
import type { MeetingParticipantRow } from './schema.js';
import type { OrgScope, Scope } from './scope.js';
import { chunk, rowsPerStatement } from './sql-support.js';

/** One person in a meeting with their CRM matches by calintel's ids, as detection writes it. */
export interface MeetingParticipant {
  email: string;
  name: string | null;
  internal: boolean;
  resource: boolean;
  organizer: boolean;
  leadId: string | null;
  contactId: string | null;
  accountId: string | null;
  responseStatus: string | null;
}

/**
 * A participant as the store reads it back: its matches, and the CRM's own ids of them (their
 * externalId, joined from the CRM tables as they are now; null without a match or an id).
 */
export interface ReadParticipant extends MeetingParticipant {
  leadExternalId: string | null;
  contactExternalId: string | null;
  accountExternalId: string | null;
}

/** A participants row with its matches' external ids (left joins, each within the org). */
type ParticipantWithIdsRow = MeetingParticipantRow & {
  lead_external_id: string | null;
  contact_external_id: string | null;
  account_external_id: string | null;
};

function toParticipant(row: ParticipantWithIdsRow): ReadParticipant {
  return {
    email: row.email,
    name: row.name,
    internal: row.internal === 1,
    resource: row.resource === 1,
    organizer: row.organizer === 1,
    leadId: row.lead_id,
    contactId: row.contact_id,
    accountId: row.account_id,
    responseStatus: row.response_status,
    leadExternalId: row.lead_external_id,
    contactExternalId: row.contact_external_id,
    accountExternalId: row.account_external_id,
  };
}

/**
 * The organisation's participant rows, each left joined to the CRM contact and lead it was
 * matched to (within the organisation), for what reads a participant by its CRM record: the
 * participant lists, the meetings search and the relationships' people.
 */
export function participantsWithCrmPeople(db: Executor, scope: OrgScope) {
  return db
    .selectFrom('meeting_participants')
    .leftJoin('contacts', (join) =>
      join
        .onRef('contacts.id', '=', 'meeting_participants.contact_id')
        .on('contacts.org_id', '=', scope.orgId),
    )
    .leftJoin('leads', (join) =>
      join
        .onRef('leads.id', '=', 'meeting_participants.lead_id')
        .on('leads.org_id', '=', scope.orgId),
    )
    .where('meeting_participants.org_id', '=', scope.orgId);
}

/** A participant's name, else its CRM contact's or lead's. */
export function nameOrCrmName(row: {
  name: string | null;
  contact_name: string | null;
  lead_name: string | null;
}): string | null {
  // Invitations often carry a bare address; the CRM knows who it is.
  return row.name ?? row.contact_name ?? row.lead_name;
}

/** The participants of these meetings of the scope, by meeting id. */
export async function readParticipants(
  db: Executor,
  scope: Scope,
  meetingIds: readonly string[],
): Promise<Map<string, ReadParticipant[]>> {
  const byMeeting = new Map<string, ReadParticipant[]>();
  for (const part of chunk(meetingIds, rowsPerStatement(db, 1) - 2)) {
    const participants = await participantsWithCrmPeople(db, scope)
      .leftJoin('accounts', (join) =>
        join
          .onRef('accounts.id', '=', 'meeting_participants.account_id')
          .on('accounts.org_id', '=', scope.orgId),
      )
      .selectAll('meeting_participants')
      .select([
        'contacts.name as contact_name',
        'leads.name as lead_name',
        // The CRM's own ids, so that an integrator needs no call per participant to map ours.
        'contacts.external_id as contact_external_id',
        'leads.external_id as lead_external_id',
        'accounts.external_id as account_external_id',
      ])
      .where('meeting_participants.meeting_id', 'in', part)
      .orderBy('meeting_participants.meeting_id')
      .orderBy('meeting_participants.organizer', 'desc')
      .orderBy('meeting_participants.email')
      .execute();
    for (const row of participants) {
      const list = byMeeting.get(row.meeting_id) ?? [];
      list.push(toParticipant({ ...row, name: nameOrCrmName(row) }));
      byMeeting.set(row.meeting_id, list);
    }
  }
  return byMeeting;
}
