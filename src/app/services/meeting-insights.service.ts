/**
 * What calintel knows about one event: the detection (the stored meeting, or a live analysis
 * when the event is not one), its account, who is in it with their CRM matches, and the other
 * sales meetings with the same account.
 */
import type { InsightsView } from '../../api/meetings-schemas.js';
import { AccountHistoryTracker } from '../../domain/detection/account-history.js';
import { notFound } from '../../domain/errors.js';
import { matchMeeting } from '../../domain/matching/match-meeting.js';
import type {
  Meeting,
  MeetingParticipant,
  ReadParticipant,
  Scope,
  Store,
  StoredEvent,
} from '../../store/store.js';
import { participantsOf } from '../meetings/decide-meeting.js';
import type { MeetingDetector } from '../meetings/meeting-detector.js';
import type { OrganisationAnalysis } from '../meetings/organisation-analysis.js';
import { calendarOwnersOf, toMeetingInput } from '../meetings/meeting-input.js';
import { toParticipantView } from '../meetings/meeting-views.js';
import { summaryOf } from '../relationships/relationship-views.js';
import { accountKeyFor } from '../../domain/relationships/account-key.js';

type InsightsWithoutRelated = Omit<InsightsView, 'relatedMeetings' | 'relationship'>;

const RELATED_LIMIT = 20;

export class MeetingInsightsService {
  constructor(
    private readonly store: Store,
    private readonly detector: MeetingDetector,
  ) {}

  async insights(scope: Scope, eventId: string): Promise<InsightsView> {
    const stored = await this.store.events.get(scope, eventId);
    if (!stored) throw notFound(`event ${eventId}`);
    const meeting = await this.store.meetings.getByEvent(scope, eventId);
    const { view, relationshipKey } = meeting
      ? { view: fromMeeting(meeting), relationshipKey: meeting.relationshipKey }
      : await this.live(scope, stored);
    const relationship = relationshipKey
      ? await this.store.relationships.get({ orgId: scope.orgId }, relationshipKey)
      : undefined;
    const related = view.account
      ? await this.store.meetings.listForAccount(scope, view.account.id, {
          excludeEventId: eventId,
          limit: RELATED_LIMIT,
        })
      : [];
    return {
      ...view,
      relatedMeetings: related.map((m) => ({
        id: m.id,
        eventId: m.eventId,
        title: m.title,
        start: m.start,
        end: m.end,
        meetingType: m.meetingType,
        confidence: m.confidence,
      })),
      relationship: relationship ? summaryOf(relationship) : null,
    };
  }

  /** An event that is not a stored meeting, analysed for this answer only. */
  private async live(
    scope: Scope,
    stored: StoredEvent,
  ): Promise<{ view: InsightsWithoutRelated; relationshipKey: string | null }> {
    const org = await this.detector.organisation(scope);
    const owners = await calendarOwnersOf(this.store, scope);
    const input = toMeetingInput(stored, owners);
    const history = new AccountHistoryTracker(
      await this.store.meetings.accountHistoryBefore(scope, input.start),
    ).before(matchMeeting(input, org.analyser.index).accountId, input.start);
    const analysis = org.analyser.analyse(input, {
      ...(history ? { history } : {}),
      adjustment: org.adjustment,
    });
    const cancelled = stored.event.status === 'cancelled';
    // As detection passes it over: another person's meeting is never the user's.
    const theirs = owners.othersCalendars.has(stored.calendarId);
    const notOne = cancelled || theirs;
    const account = analysis.accountId ? org.accounts.get(analysis.accountId) : undefined;
    const view: InsightsWithoutRelated = {
      ...eventFields(stored),
      detection: {
        isSalesMeeting: analysis.isSalesMeeting && !notOne,
        confidence: notOne ? 0 : analysis.confidence,
        meetingType: notOne ? null : analysis.meetingType,
        typeConfidence: notOne ? null : analysis.typeConfidence,
        reasons: cancelled
          ? ['the event is cancelled']
          : theirs
            ? ["the event is on another person's calendar shared with you: their meeting"]
            : analysis.reasons,
        source: 'live',
        meetingId: null,
        modelVersion: org.modelVersion,
        detectedAt: null,
      },
      account: account
        ? {
            id: account.id,
            externalId: account.externalId,
            name: account.name,
            stage: account.stage,
          }
        : null,
      accountAmbiguous: analysis.accountAmbiguous,
      externalDomains: analysis.externalDomains,
      matchedLeadIds: analysis.matchedLeadIds,
      matchedContactIds: analysis.matchedContactIds,
      participants: participantsOf(analysis.match)
        .map((p) => withExternalIds(p, org))
        .map(toParticipantView),
    };
    return { view, relationshipKey: accountKeyFor(analysis.match) };
  }
}

function fromMeeting(meeting: Meeting): InsightsWithoutRelated {
  const externals = meeting.participants.filter((p) => !p.internal && !p.resource);
  return {
    eventId: meeting.eventId,
    title: meeting.title,
    start: meeting.start,
    end: meeting.end,
    detection: {
      isSalesMeeting: meeting.isSalesMeeting,
      confidence: meeting.confidence,
      meetingType: meeting.meetingType,
      typeConfidence: meeting.typeConfidence,
      reasons: meeting.reasons,
      source: meeting.source,
      meetingId: meeting.id,
      modelVersion: meeting.modelVersion,
      detectedAt: meeting.detectedAt,
    },
    account: meeting.account,
    accountAmbiguous: meeting.accountAmbiguous,
    externalDomains: meeting.externalDomains,
    matchedLeadIds: ids(externals, (p) => p.leadId),
    matchedContactIds: ids(externals, (p) => p.contactId),
    participants: meeting.participants.map(toParticipantView),
  };
}

/** A live participant with the CRM's ids of its matches, as a stored one is read back. */
function withExternalIds(p: MeetingParticipant, org: OrganisationAnalysis): ReadParticipant {
  const pick = (ids: ReadonlyMap<string, string>, id: string | null) =>
    id === null ? null : (ids.get(id) ?? null);
  return {
    ...p,
    leadExternalId: pick(org.leadExternalIds, p.leadId),
    contactExternalId: pick(org.contactExternalIds, p.contactId),
    accountExternalId:
      p.accountId === null ? null : (org.accounts.get(p.accountId)?.externalId ?? null),
  };
}

function eventFields(stored: StoredEvent) {
  return {
    eventId: stored.id,
    title: stored.event.title,
    start: stored.event.start,
    end: stored.event.end,
  };
}

function ids(
  people: readonly MeetingParticipant[],
  pick: (p: MeetingParticipant) => string | null,
): string[] {
  return [...new Set(people.flatMap((p) => pick(p) ?? []))].sort();
}
