/**
 * The types of relationship analysis: the meetings it reads (one per calendar event, already
 * judged by the sales-meeting analyser and assigned to an account) and what it says about each
 * account. Instants are epoch milliseconds (UTC), so that the analysis never parses dates.
 */
import type { MeetingType } from '../detection/analyse.js';
import type { Reason } from './reason-parts.js';

export type { MeetingType };

export type ResponseStatus = 'accepted' | 'declined' | 'tentative' | 'needsAction';

export interface ExternalPerson {
  email: string;
  name: string | null;
  /** The CRM contact's job title, when known. */
  title: string | null;
  responseStatus: ResponseStatus | null;
}

export interface InternalPerson {
  email: string;
  responseStatus: ResponseStatus | null;
}

export interface RelationshipMeeting {
  id: string;
  /** accountId, or `domain:acme.com`, or a free-mail address (see accountKeyFor). */
  accountKey: string;
  accountName: string | null;
  /** Epoch ms, UTC. */
  start: number;
  end: number;
  status: 'confirmed' | 'tentative' | 'cancelled';
  isSalesMeeting: boolean;
  meetingType: MeetingType | null;
  seriesId: string | null;
  /** Recurring instances: the slot the rule gave it (tells a moved occurrence exactly). */
  originalStart: number | null;
  title: string;
  externalPeople: readonly ExternalPerson[];
  internalPeople: readonly InternalPerson[];
}

export const RELATIONSHIP_STAGES = [
  'new',
  'developing',
  'established',
  'expanding',
  'at_risk',
  'dormant',
] as const;
export type RelationshipStage = (typeof RELATIONSHIP_STAGES)[number];

/** Cadence trend: meetings coming closer together (accelerating) or further apart (slowing). */
export type Trend = 'accelerating' | 'steady' | 'slowing' | 'unknown';
export type DurationTrend = 'growing' | 'stable' | 'shrinking' | 'unknown';

/** Seniority from a job title, most senior first. */
export const SENIORITIES = ['c_level', 'vp', 'director', 'manager', 'individual'] as const;
export type Seniority = (typeof SENIORITIES)[number] | 'unknown';

export const DEPARTMENTS = [
  'executive',
  'procurement',
  'legal',
  'finance',
  'it',
  'security',
  'engineering',
  'operations',
  'sales',
  'marketing',
  'hr',
] as const;
export type Department = (typeof DEPARTMENTS)[number];

/** An external person who took part (was invited and did not decline) in a held sales meeting. */
export interface Stakeholder {
  /** One per person: the mailbox key of the addresses they wrote (personKey, address-book.ts). */
  email: string;
  name: string | null;
  title: string | null;
  seniority: Seniority;
  departments: Department[];
  /** Start of the first and last held sales meeting they took part in. */
  firstSeen: number;
  lastSeen: number;
  /** Held sales meetings they took part in, were invited to, and declined. */
  meetings: number;
  invited: number;
  declined: number;
}

export interface StageChange {
  stage: RelationshipStage;
  since: number;
  reasons: string[];
  /** The same reasons in parts, their days counted up to `since` (reason-parts.ts). */
  reasonParts: Reason[];
}

/**
 * One sales meeting of the account, not cancelled (copies of one meeting in several calendars
 * merged): the meeting itself, not a copy, so that a full recompute allocates nothing per
 * meeting for the timeline. It is upcoming when it starts after `now`, and then not counted in
 * the stage, cadence or stakeholders.
 */
export type TimelineEntry = RelationshipMeeting;

/** The funnel types, in the order a deal moves through them. */
export const FUNNEL_TYPES = ['discovery', 'demo', 'negotiation', 'closing'] as const;
export type FunnelType = (typeof FUNNEL_TYPES)[number];

export interface TypeProgression {
  /** Each meeting type's first held sales meeting, in the order the types first appeared. */
  firstSeen: { type: MeetingType; at: number }[];
  /** The furthest funnel type reached (discovery < demo < negotiation < closing). */
  furthest: FunnelType | null;
  /** The type of the latest held sales meeting. */
  latest: MeetingType | null;
  /** The funnel types first appeared in funnel order (no demo before the first discovery...). */
  inOrder: boolean;
}

/**
 * One person's attendance over a series' occurrences that started, not cancelled (held, or
 * declined by every external person).
 */
export interface SeriesAttendee {
  /** The person's mailbox key, as a Stakeholder's. */
  email: string;
  internal: boolean;
  invited: number;
  accepted: number;
  declined: number;
  tentative: number;
  /** Invited and did not decline (a calendar cannot say who really joined). */
  attended: number;
  lastAttended: number | null;
  stoppedComing: boolean;
}

export interface SeriesSummary {
  seriesId: string;
  /**
   * `provider`: a recurrence rule's series id; `implicit`: the same people at a steady cadence
   * (with a meeting of theirs that others joined too, at a slot the series has no meeting at,
   * and continued at its slot by those people less or plus someone: series-continuation.ts).
   */
  kind: 'provider' | 'implicit';
  title: string;
  /** Instances known, whatever their status, past and upcoming. */
  occurrences: number;
  /**
   * Started, not cancelled, and some external person invited did not decline (or none is
   * listed), as the account's held meetings. One every external person declined is counted in
   * none of held, upcoming and cancelled.
   */
  held: number;
  upcoming: number;
  cancelled: number;
  moved: number;
  skipped: number;
  cadenceDays: number | null;
  firstStart: number;
  lastStart: number;
  durationDrift: { firstMinutes: number | null; lastMinutes: number | null; trend: DurationTrend };
  attendance: SeriesAttendee[];
  /** Emails of the attendees who stopped coming. */
  stoppedComing: string[];
}

/** A series as the summary names it: which one, and how many instances it has. */
export interface SeriesCount {
  seriesId: string;
  occurrences: number;
}

/**
 * What the daily recompute keeps of an account: what the list, its filters, the stored columns
 * and the offline contract read. Each field is exactly the full analysis' field of the same
 * name (for `stakeholders`, its length; for `series`, each one's id and occurrences); the
 * timeline, series detail, stakeholder detail and stage history are left for `analyseAccount`.
 */
export interface AccountSummary {
  accountKey: string;
  name: string | null;
  /** Held sales meetings (started by `now`, not cancelled; copies merged). */
  meetings: number;
  upcomingMeetings: number;
  firstMeeting: number | null;
  lastMeeting: number | null;
  nextMeeting: number | null;
  stage: RelationshipStage;
  stageReasons: string[];
  /** The same reasons in parts, their days counted up to now (reason-parts.ts). */
  stageReasonParts: Reason[];
  cadenceDays: number | null;
  cadenceTrend: Trend;
  durationTrend: DurationTrend;
  /** How many stakeholders. */
  stakeholders: number;
  newStakeholdersLast90Days: number;
  stakeholderExpansion: boolean;
  series: SeriesCount[];
  /** Stage reasons, then what the trends and stakeholders say, for a salesperson. */
  reasons: string[];
  /** The same reasons in parts (reason-parts.ts). */
  reasonParts: Reason[];
}

/** Everything said about an account: the summary's fields in full, and the detail. */
export interface AccountRelationship extends Omit<AccountSummary, 'stakeholders' | 'series'> {
  stageHistory: StageChange[];
  typicalDurationMinutes: number | null;
  typeProgression: TypeProgression;
  stakeholders: Stakeholder[];
  expansionReasons: string[];
  series: SeriesSummary[];
  timeline: TimelineEntry[];
}
