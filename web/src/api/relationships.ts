import { apiRequest, CALENDAR_API } from './client';

export const RELATIONSHIP_STAGES = [
  'new',
  'developing',
  'established',
  'expanding',
  'at_risk',
  'dormant',
] as const;
export type RelationshipStage = (typeof RELATIONSHIP_STAGES)[number];

export const CADENCE_TRENDS = ['accelerating', 'steady', 'slowing', 'unknown'] as const;
export type CadenceTrend = (typeof CADENCE_TRENDS)[number];

/**
 * One part of a reason (the API's RelationshipReasonPart): words, or a date or day count to
 * write in the reader's zone and count to the reader's now (reason-parts.ts writes them).
 */
export type ReasonPart =
  | { text: string }
  | { date: string }
  | { daysSince: string }
  | { daysAgo: string; until?: string }
  | { elapsedSince: string; moreThan: number; until?: string }
  | { days: number; moreThan: number };

export interface RelationshipSummary {
  accountKey: string;
  accountId: string | null;
  /** The CRM's own id of the account (its externalId); null without an account or one. */
  accountExternalId: string | null;
  name: string | null;
  stage: RelationshipStage;
  stageReasons: string[];
  /** stageReasons in parts, in the same order. */
  stageReasonParts: ReasonPart[][];
  meetings: number;
  upcomingMeetings: number;
  firstMeeting: string | null;
  lastMeeting: string | null;
  nextMeeting: string | null;
  cadenceDays: number | null;
  cadenceTrend: string;
  durationTrend: string;
  stakeholders: number;
  newStakeholdersLast90Days: number;
  stakeholderExpansion: boolean;
  ownerIds: string[];
  reasons: string[];
  /** reasons in parts, in the same order. */
  reasonParts: ReasonPart[][];
  computedAt: string;
}

/** timeline, series, stakeholderDetails and typeProgression are loosely typed by the API. */
export interface RelationshipDetail extends RelationshipSummary {
  timeline: Record<string, unknown>[];
  series: Record<string, unknown>[];
  stakeholderDetails: Record<string, unknown>[];
  typeProgression: Record<string, unknown>;
  expansionReasons: string[];
  typicalDurationMinutes: number | null;
  /** Each entry's reasonParts count their days up to its `since`. */
  stageHistory: { stage: string; since: string; reasons: string[]; reasonParts: ReasonPart[][] }[];
  /**
   * Each change's reasonParts count their days up to its `changedAt`; a change recorded before
   * parts were kept gives each reason as its words alone (dates in UTC).
   */
  stageChanges: {
    fromStage: string | null;
    toStage: string;
    reasons: string[];
    reasonParts: ReasonPart[][];
    changedAt: string;
  }[];
}

export interface RelationshipFilters {
  stage?: RelationshipStage;
  trend?: CadenceTrend;
  /** Words in the account's name or domain (the API's `q`). */
  q?: string;
}

/** The API's largest page: the list reads every page, as many as the organisation has. */
const RELATIONSHIPS_PAGE = 500;

export async function listRelationships(
  filters: RelationshipFilters,
  signal?: AbortSignal,
): Promise<RelationshipSummary[]> {
  const items: RelationshipSummary[] = [];
  let cursor: string | null = null;
  do {
    const query: Record<string, string | number> = { ...filters, limit: RELATIONSHIPS_PAGE };
    if (cursor) query['cursor'] = cursor;
    const body: { items: RelationshipSummary[]; nextCursor: string | null } = await apiRequest(
      `${CALENDAR_API}/relationships/`,
      { query, signal },
    );
    items.push(...body.items);
    cursor = body.nextCursor;
  } while (cursor);
  return items;
}

export function getRelationship(
  accountKey: string,
  signal?: AbortSignal,
): Promise<RelationshipDetail> {
  return apiRequest<RelationshipDetail>(
    `${CALENDAR_API}/relationships/${encodeURIComponent(accountKey)}/`,
    { signal },
  );
}
