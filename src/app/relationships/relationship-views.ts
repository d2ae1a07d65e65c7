/** A stored relationship as the API shows it in lists and in event insights. */
import type { RelationshipSummary } from '../../api/relationships-schemas.js';
import type { StoredRelationship } from '../../store/store.js';

export function summaryOf(stored: StoredRelationship): RelationshipSummary {
  const document = stored.analysis as Record<string, unknown>;
  const text = (key: string) => (document[key] as string | null | undefined) ?? null;
  const count = (key: string) => (document[key] as number | undefined) ?? 0;
  return {
    accountKey: stored.accountKey,
    accountId: stored.accountId,
    name: stored.name,
    stage: stored.stage as RelationshipSummary['stage'],
    stageReasons: (document['stageReasons'] as string[] | undefined) ?? [],
    meetings: stored.meetings,
    upcomingMeetings: count('upcomingMeetings'),
    firstMeeting: text('firstMeeting'),
    lastMeeting: stored.lastMeetingAt,
    nextMeeting: text('nextMeeting'),
    cadenceDays: (document['cadenceDays'] as number | null | undefined) ?? null,
    cadenceTrend: stored.cadenceTrend,
    durationTrend: stored.durationTrend,
    stakeholders: count('stakeholders'),
    newStakeholdersLast90Days: count('newStakeholdersLast90Days'),
    stakeholderExpansion: document['stakeholderExpansion'] === true,
    ownerIds: stored.ownerIds,
    reasons: (document['reasons'] as string[] | undefined) ?? [],
    computedAt: stored.computedAt,
  };
}
