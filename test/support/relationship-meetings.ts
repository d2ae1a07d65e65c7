/** Builders of RelationshipMeeting for relationship tests: dates in, sensible defaults. */
import type { ExternalPerson, RelationshipMeeting } from '../../src/domain/relationships/index.js';
import type { RelationshipDraft } from '../../src/store/relationships.repository.js';

export const DAY = 86_400_000;

export const utc = (iso: string): number => Date.parse(iso);

export function external(
  email: string,
  options: Partial<Omit<ExternalPerson, 'email'>> = {},
): ExternalPerson {
  return {
    email,
    name: options.name ?? null,
    title: options.title ?? null,
    responseStatus: options.responseStatus ?? 'accepted',
  };
}

export const JANE = external('jane@acme.com', { name: 'Jane Doe', title: 'Procurement Manager' });
export const ANA = { email: 'ana@northwind.io', responseStatus: 'accepted' as const };

export interface MeetingOptions extends Partial<Omit<RelationshipMeeting, 'start' | 'end'>> {
  /** Duration; 30 minutes by default. */
  minutes?: number;
}

/** A held-looking 30-minute sales meeting of acc-1 with Jane and Ana, at `startIso` (UTC). */
export function meeting(
  id: string,
  startIso: string | number,
  options: MeetingOptions = {},
): RelationshipMeeting {
  const start = typeof startIso === 'number' ? startIso : utc(startIso);
  const { minutes = 30, ...rest } = options;
  return {
    id,
    accountKey: 'acc-1',
    accountName: 'Acme Corp',
    status: 'confirmed',
    isSalesMeeting: true,
    meetingType: 'follow_up',
    seriesId: null,
    originalStart: null,
    title: 'Acme sync',
    externalPeople: [JANE],
    internalPeople: [ANA],
    ...rest,
    start,
    end: start + minutes * 60_000,
  };
}

/** Meetings after `firstIso` at the given day offsets, ids `${prefix}-1`, `${prefix}-2`... */
export function atDays(
  prefix: string,
  firstIso: string,
  dayOffsets: readonly number[],
  options: MeetingOptions | ((index: number) => MeetingOptions) = {},
): RelationshipMeeting[] {
  const first = utc(firstIso);
  return dayOffsets.map((offset, i) =>
    meeting(
      `${prefix}-${i + 1}`,
      first + offset * DAY,
      typeof options === 'function' ? options(i) : options,
    ),
  );
}

/** `count` meetings every `days` days from `firstIso`. */
export function every(
  days: number,
  count: number,
  firstIso: string,
  options: MeetingOptions | ((index: number) => MeetingOptions) = {},
  prefix = 'm',
): RelationshipMeeting[] {
  return atDays(
    prefix,
    firstIso,
    Array.from({ length: count }, (_, i) => i * days),
    options,
  );
}

/**
 * A relationship as detection stores one for a single meeting with a company and nothing to say
 * about it yet (stage new, no reasons, trends unknown), named after its account key's domain.
 */
export function newRelationship(
  accountKey: string,
  fields: Partial<RelationshipDraft> = {},
): RelationshipDraft {
  return {
    accountKey,
    accountId: null,
    name: accountKey.slice(accountKey.indexOf(':') + 1),
    stage: 'new',
    stageReasons: [],
    stageReasonParts: [],
    cadenceTrend: 'unknown',
    durationTrend: 'unknown',
    meetings: 1,
    lastMeetingAt: '2026-01-01T10:00:00.000Z',
    ownerIds: [],
    analysis: {},
    ...fields,
  };
}
