/**
 * The identity of the meeting an event row holds, which outlives the row: a user's feedback on a
 * single meeting is kept by it (meeting_feedback.meeting_identity), so that the verdict finds the
 * meeting again when its row is made anew under another id (the calendar turned off and on,
 * which syncs it from scratch; a connection made again; an event deleted and imported again).
 *
 * It is the event's iCalendar UID and original start, as the meeting key (meeting-key.ts) reads
 * them, compared exactly rather than through a hash: every copy of the meeting, on any of the
 * user's calendars, has it. An event without a UID of its own (Exchange may send none; the ICS
 * parser makes one up, `missing-uid-<hash of its start, summary and organiser>` and before that
 * `missing-uid-<its place in the file>`, which another file can give to another meeting) is known
 * by its calendar and the provider's id for it instead.
 *
 * The value is stored, and migration 0023 wrote it for older feedback: it must never change; its
 * test pins it.
 */

export interface IdentitySource {
  providerEventId: string;
  iCalUid: string | null;
  originalStart: string | null;
}

/** A made-up UID: the ICS readers name a VEVENT without one so (MadeUpUids in event-checks.ts). */
const MADE_UP_UID = /^missing-uid-(\d+|[0-9a-f]{16}(-\d+)?)$/;

export function meetingIdentity(calendarId: string, event: IdentitySource): string {
  const uid = identityUid(event);
  return uid !== null
    ? JSON.stringify(['uid', uid, event.originalStart ?? null])
    : JSON.stringify(['event', calendarId, event.providerEventId]);
}

/** The UID the identity is made of, or null when it is known within its calendar only. */
export function identityUid(event: Pick<IdentitySource, 'iCalUid'>): string | null {
  const uid = event.iCalUid;
  return uid && !MADE_UP_UID.test(uid) ? uid : null;
}
