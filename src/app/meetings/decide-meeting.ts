/**
 * What becomes of one analysed event: a sales meeting (the model's word), a meeting a user
 * confirmed or rejected (their word, which wins), or nothing. A cancelled event is never a
 * meeting, whatever anyone said.
 */
import type { MeetingAnalysis, MeetingType } from '../../domain/detection/analyse.js';
import { reasonsUnderTeamType } from '../../domain/detection/type-reasons.js';
import type { MeetingMatch } from '../../domain/matching/match-meeting.js';
import { accountKeyFor } from '../../domain/relationships/account-key.js';
import { identityUid, meetingIdentity } from '../../store/meeting-identity.js';
import type {
  MeetingDraft,
  MeetingFeedback,
  MeetingParticipant,
  MeetingVerdict,
  StoredEvent,
} from '../../store/store.js';

export interface Verdict {
  verdict: Exclude<MeetingVerdict, 'withdraw'>;
  meetingType: MeetingType | null;
}

/**
 * The last word of a user's feedback per meeting, where a word about one instance of a recurring
 * series is about the whole series. A single meeting is known by its identity (its UID and
 * original start, else its calendar and provider id: meeting-identity.ts), not by its event's
 * row, so that the word holds when the row is made anew (the calendar synced again from
 * scratch, the event imported again) and on the same meeting on the user's other calendars.
 *
 * One series has one iCalendar UID on every calendar, but providers name the series differently
 * (Google by its recurringEventId, ICS and CalDAV by the UID, Outlook by a master id of each
 * mailbox), so a word on a series is also kept by the UID of the instance it was given on: the
 * series' instances on the user's other calendars take it too.
 *
 * A single meeting that is made recurring ("repeat weekly" on an existing event) keeps its UID,
 * and its instances become a series. The word on the single meeting is then the series' word:
 * every instance of a series whose events carry that UID takes it (a word on one instance of a
 * series is about all of them).
 *
 * Of the words an instance may take (its series', its series' UID's, the single meeting's), the
 * last given counts. A last word that withdraws the earlier ones leaves the model to decide.
 */
export class FeedbackVerdicts {
  private readonly byKey = new Map<string, Word>();

  /** `feedback` oldest first: a later word replaces an earlier one. */
  constructor(feedback: readonly MeetingFeedback[]) {
    feedback.forEach((f, order) => {
      const word = { verdict: f.verdict, meetingType: f.meetingType, order };
      this.byKey.set(feedbackKey(f), word);
      for (const key of seriesKeysOf(f)) this.byKey.set(key, word);
    });
  }

  for(stored: StoredEvent): Verdict | null {
    const { seriesId } = stored.event;
    if (seriesId) {
      // A UID that is known only within its calendar, or made up, names no other event.
      const uid = identityUid(stored.event);
      return verdictOf(
        latest([
          this.byKey.get(`series:${seriesId}`),
          uid === null ? undefined : this.byKey.get(`series-uid:${uid}`),
          // The word on the single meeting the series was made from: the identity of an event
          // with the instances' UID and no original start.
          uid === null
            ? undefined
            : this.byKey.get(
                `meeting:${meetingIdentity(stored.calendarId, { ...stored.event, originalStart: null })}`,
              ),
        ]),
      );
    }
    return verdictOf(
      this.byKey.get(`meeting:${meetingIdentity(stored.calendarId, stored.event)}`) ??
        // Feedback kept before identities were, whose event was already gone when migration 0023
        // gave the others theirs: only that row could have been what it was about.
        this.byKey.get(`event:${stored.id}`),
    );
  }
}

/**
 * The series a word on an instance is about, as FeedbackVerdicts keys it: by the provider's
 * series id and by the judged instance's UID (empty for a word on a single meeting).
 */
export function seriesKeysOf(f: MeetingFeedback): string[] {
  if (!f.seriesId) return [];
  const uid = uidOfIdentity(f.meetingIdentity);
  return uid === null ? [`series:${f.seriesId}`] : [`series:${f.seriesId}`, `series-uid:${uid}`];
}

type Word = { verdict: MeetingVerdict; meetingType: MeetingType | null; order: number };

function latest(words: readonly (Word | undefined)[]): Word | undefined {
  let last: Word | undefined;
  for (const word of words) if (word && (!last || word.order > last.order)) last = word;
  return last;
}

/**
 * The UID of a stored meeting identity, when it is made of one: ["uid", uid, original start]
 * (meeting-identity.ts, whose form never changes); null for ["event", calendar, provider id].
 */
function uidOfIdentity(identity: string | null): string | null {
  if (identity === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(identity);
  } catch {
    return null;
  }
  return Array.isArray(parsed) && parsed[0] === 'uid' && typeof parsed[1] === 'string'
    ? parsed[1]
    : null;
}

function verdictOf(word: Word | undefined): Verdict | null {
  if (!word || word.verdict === 'withdraw') return null;
  return { verdict: word.verdict, meetingType: word.meetingType };
}

function feedbackKey(f: MeetingFeedback): string {
  if (f.seriesId) return `series:${f.seriesId}`;
  return f.meetingIdentity ? `meeting:${f.meetingIdentity}` : `event:${f.eventId}`;
}

/** The meeting to keep for an event, or null when it is not (or no longer) one. */
export function decideMeeting(
  stored: StoredEvent,
  analysis: MeetingAnalysis,
  verdict: Verdict | null,
  modelVersion: string,
): MeetingDraft | null {
  if (stored.event.status === 'cancelled') return null;
  const base = {
    eventId: stored.id,
    calendarId: stored.calendarId,
    seriesId: stored.event.seriesId,
    title: stored.event.title,
    start: stored.event.start,
    end: stored.event.end,
    accountId: analysis.accountId,
    accountAmbiguous: analysis.accountAmbiguous,
    relationshipKey: accountKeyFor(analysis.match),
    externalDomains: analysis.externalDomains,
    modelVersion,
    participants: participantsOf(analysis.match),
  };
  if (!verdict) {
    if (!analysis.isSalesMeeting) return null;
    return {
      ...base,
      isSalesMeeting: true,
      confidence: analysis.confidence,
      meetingType: analysis.meetingType,
      typeConfidence: analysis.typeConfidence,
      reasons: analysis.reasons,
      source: 'model',
    };
  }
  if (verdict.verdict === 'reject') {
    return {
      ...base,
      isSalesMeeting: false,
      confidence: 0,
      meetingType: null,
      typeConfidence: null,
      reasons: ['marked as not a sales meeting by your team'],
      source: 'feedback',
    };
  }
  return { ...base, ...confirmed(analysis, verdict.meetingType), source: 'feedback' };
}

/** A confirmed meeting: certain, of the type the user gave, else the model's. */
function confirmed(analysis: MeetingAnalysis, type: MeetingType | null) {
  // The model's reasons say why it is a sale; with a type the team set, none may argue for
  // another (reasonsUnderTeamType).
  const modelReasons = !analysis.isSalesMeeting
    ? []
    : type
      ? reasonsUnderTeamType(analysis.reasons, type)
      : analysis.reasons;
  return {
    isSalesMeeting: true,
    confidence: 1,
    meetingType: type ?? analysis.meetingType ?? 'other',
    typeConfidence: type ? 1 : analysis.typeConfidence,
    reasons: [
      type
        ? `confirmed as a ${type.replace('_', '-')} meeting by your team`
        : 'confirmed as a sales meeting by your team',
      ...modelReasons,
    ],
  };
}

/** Everyone in the meeting with their CRM matches (the owner counts as internal). */
export function participantsOf(match: MeetingMatch): MeetingParticipant[] {
  return match.participants.map((p) => ({
    email: p.email,
    name: p.name,
    internal: p.internal || p.owner,
    resource: p.resource,
    organizer: p.organizer,
    leadId: p.leadIds[0] ?? null,
    contactId: p.contactIds[0] ?? null,
    accountId: p.accountId,
    responseStatus: p.responseStatus,
  }));
}
