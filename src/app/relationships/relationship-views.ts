/** A stored relationship as the API shows it in lists and in event insights. */
import type {
  RelationshipDetail,
  RelationshipReasonPart,
  RelationshipSummary,
} from '../../api/relationships-schemas.js';
import {
  RELATIONSHIP_THRESHOLDS,
  type AccountRelationship,
  type AccountSummary,
  type Reason,
  type ReasonPart,
} from '../../domain/relationships/index.js';
import type { StageChange, StoredRelationship } from '../../store/store.js';
import { summaryDocument } from '../analysis/relationships-file.js';

export function summaryOf(stored: StoredRelationship): RelationshipSummary {
  const document = stored.analysis as Record<string, unknown>;
  const text = (key: string) => (document[key] as string | null | undefined) ?? null;
  const count = (key: string) => (document[key] as number | undefined) ?? 0;
  const stageReasons = (document['stageReasons'] as string[] | undefined) ?? [];
  const reasons = (document['reasons'] as string[] | undefined) ?? [];
  return {
    accountKey: stored.accountKey,
    accountId: stored.accountId,
    accountExternalId: stored.accountExternalId,
    name: stored.name,
    stage: stored.stage as RelationshipSummary['stage'],
    stageReasons,
    stageReasonParts: storedParts(document['stageReasonParts'], stageReasons),
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
    reasons,
    reasonParts: storedParts(document['reasonParts'], reasons),
    computedAt: stored.computedAt,
  };
}

/**
 * What the service stores of an account: the offline document's summary fields, and the
 * reasons in parts beside them (the API's only: the offline contract's output has none).
 */
export function storedDocument(summary: AccountSummary): Record<string, unknown> {
  return {
    ...summaryDocument(summary),
    stageReasonParts: summary.stageReasonParts.map(apiReasonParts),
    reasonParts: summary.reasonParts.map(apiReasonParts),
  };
}

/** The stage history of the analysis, as the API gives it: each change with its parts. */
export function stageHistoryOf(analysis: AccountRelationship): RelationshipDetail['stageHistory'] {
  return analysis.stageHistory.map((change) => ({
    stage: change.stage,
    since: new Date(change.since).toISOString(),
    reasons: change.reasons,
    reasonParts: change.reasonParts.map(apiReasonParts),
  }));
}

/**
 * The stage changes recorded, as the API gives them: each with its reasons' parts (counted up to
 * when it was recorded), or, recorded before parts were kept, each reason's words as one part.
 */
export function stageChangesOf(
  changes: readonly StageChange[],
): RelationshipDetail['stageChanges'] {
  return changes.map((change) => ({
    fromStage: change.fromStage,
    toStage: change.toStage,
    reasons: change.reasons,
    reasonParts: storedParts(change.reasonParts, change.reasons),
    changedAt: change.changedAt,
  }));
}

/**
 * The stored parts; a row stored before reasons had parts (until the daily recompute writes it
 * again) gives each reason as its words alone.
 */
function storedParts(stored: unknown, reasons: readonly string[]): RelationshipReasonPart[][] {
  if (Array.isArray(stored) && stored.length === reasons.length)
    return stored as RelationshipReasonPart[][];
  return reasons.map((reason) => [{ text: reason }]);
}

const instant = (at: number) => new Date(at).toISOString();

/** A reason's parts with their instants in ISO 8601 and their lengths in days. */
export function apiReasonParts(reason: Reason): RelationshipReasonPart[] {
  return reason.map(apiPart);
}

function apiPart(part: ReasonPart): RelationshipReasonPart {
  if ('text' in part) return { text: part.text };
  if ('date' in part) return { date: instant(part.date) };
  if ('daysSince' in part) return { daysSince: instant(part.daysSince) };
  if ('daysAgo' in part)
    return part.until === undefined
      ? { daysAgo: instant(part.daysAgo) }
      : { daysAgo: instant(part.daysAgo), until: instant(part.until) };
  if ('elapsedSince' in part) {
    const elapsed = { elapsedSince: instant(part.elapsedSince), moreThan: part.moreThan };
    return part.until === undefined ? elapsed : { ...elapsed, until: instant(part.until) };
  }
  return { days: part.span / RELATIONSHIP_THRESHOLDS.DAY_MS, moreThan: part.moreThan };
}
