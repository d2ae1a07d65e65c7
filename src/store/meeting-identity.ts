/**
 * The identity of the meeting an event row holds, which outlives the row: a user's feedback on a
 * single meeting is kept by it (meeting_feedback.meeting_identity), so that the verdict finds the
 * meeting again when its row is made anew under another id (the calendar turned off and on,
 * which syncs it from scratch; a connection made again; an event deleted and imported again).
 *
 * It is the event's iCalendar UID and original start, as the meeting key (meeting-key.ts) reads
 * them, compared exactly rather than through a hash: every copy of the meeting, on any of the
 * user's calendars, has it. An event without a UID of its own (Exchange may send none), or with
 * one the ICS parser made up without knowing the calendar's source (`missing-uid-<hash of its
 * start, summary and organiser>`, and before that `missing-uid-<its place in the file>`, which
 * another file can give to another meeting), is known by its calendar and the provider's id for
 * it instead. A UID made up with the source (`missing-uid-src-<hash>`: a feed's URL, a file's
 * label, with the event's content; made-up-uid.ts) names the meeting like a real one, so that
 * decisions outlive the calendar deleted and imported again.
 *
 * The value is stored, and migration 0023 wrote it for older feedback: it must never change; its
 * test pins it.
 */
import { isCalendarLocalUid } from '../domain/ical/made-up-uid.js';

export interface IdentitySource {
  providerEventId: string;
  iCalUid: string | null;
  originalStart: string | null;
}

export function meetingIdentity(calendarId: string, event: IdentitySource): string {
  const uid = identityUid(event);
  return uid !== null
    ? JSON.stringify(['uid', uid, event.originalStart ?? null])
    : JSON.stringify(['event', calendarId, event.providerEventId]);
}

/** The UID the identity is made of, or null when it is known within its calendar only. */
export function identityUid(event: Pick<IdentitySource, 'iCalUid'>): string | null {
  const uid = event.iCalUid;
  return uid && !isCalendarLocalUid(uid) ? uid : null;
}
