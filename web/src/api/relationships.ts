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

export interface RelationshipSummary {
  accountKey: string;
  accountId: string | null;
  name: string | null;
  stage: RelationshipStage;
  stageReasons: string[];
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
  stageHistory: { stage: string; since: string; reasons: string[] }[];
  stageChanges: {
    fromStage: string | null;
    toStage: string;
    reasons: string[];
    changedAt: string;
  }[];
}

export interface RelationshipFilters {
  stage?: RelationshipStage;
  trend?: CadenceTrend;
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
