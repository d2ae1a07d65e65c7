/**
 * The detail's timeline, series and stakeholders come as loose records (the stored analysis
 * document): read into typed views here, each field checked, so that a missing or renamed field
 * shows as unknown instead of breaking the page.
 */
import { MEETING_TYPES, type MeetingType } from '../../api/meetings';

type Loose = Record<string, unknown>;

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const count = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const record = (value: unknown): Loose =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Loose) : {};
const texts = (value: unknown): string[] =>
  list(value).filter((v): v is string => typeof v === 'string');

function meetingType(value: unknown): MeetingType | null {
  return typeof value === 'string' && (MEETING_TYPES as readonly string[]).includes(value)
    ? (value as MeetingType)
    : null;
}

export interface Person {
  email: string;
  name: string | null;
}

export interface TimelineItem {
  id: string;
  title: string;
  start: string;
  end: string | null;
  upcoming: boolean;
  status: string | null;
  meetingType: MeetingType | null;
  externalPeople: Person[];
  internalPeople: Person[];
}

function people(value: unknown): Person[] {
  return list(value).flatMap((item) => {
    const r = record(item);
    const email = text(r['email']);
    return email ? [{ email, name: text(r['name']) }] : [];
  });
}

export function readTimeline(records: readonly Loose[]): TimelineItem[] {
  return records
    .flatMap((r, index): TimelineItem[] => {
      const start = text(r['start']);
      if (!start || Number.isNaN(Date.parse(start))) return [];
      return [
        {
          id: text(r['id']) ?? `meeting-${index}`,
          title: text(r['title']) ?? '(no title)',
          start,
          end: text(r['end']),
          upcoming: r['upcoming'] === true,
          status: text(r['status']),
          meetingType: meetingType(r['meetingType']),
          externalPeople: people(r['externalPeople']),
          internalPeople: people(r['internalPeople']),
        },
      ];
    })
    .sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
}

export interface StakeholderItem {
  email: string;
  name: string | null;
  title: string | null;
  seniority: string | null;
  departments: string[];
  firstSeen: string | null;
  lastSeen: string | null;
  meetings: number | null;
}

export function readStakeholders(records: readonly Loose[]): StakeholderItem[] {
  return records.flatMap((r): StakeholderItem[] => {
    const email = text(r['email']);
    if (!email) return [];
    return [
      {
        email,
        name: text(r['name']),
        title: text(r['title']),
        seniority: text(r['seniority']),
        departments: texts(r['departments']),
        firstSeen: text(r['firstSeen']),
        lastSeen: text(r['lastSeen']),
        meetings: count(r['meetings']),
      },
    ];
  });
}

const NEW_STAKEHOLDER_DAYS = 90;

/** New: first met in the 90 days before the analysis (as newStakeholdersLast90Days counts). */
export function isNewStakeholder(firstSeen: string | null, computedAt: string): boolean {
  if (!firstSeen) return false;
  const first = Date.parse(firstSeen);
  const asOf = Date.parse(computedAt);
  if (Number.isNaN(first) || Number.isNaN(asOf)) return false;
  return asOf - first <= NEW_STAKEHOLDER_DAYS * 86_400_000;
}

export interface SeriesItem {
  id: string;
  title: string;
  kind: string | null;
  occurrences: number | null;
  held: number | null;
  upcoming: number | null;
  cancelled: number | null;
  cadenceDays: number | null;
  firstStart: string | null;
  lastStart: string | null;
  durationTrend: string | null;
  stoppedComing: string[];
}

export function readSeries(records: readonly Loose[]): SeriesItem[] {
  return records.map((r, index) => ({
    id: text(r['seriesId']) ?? `series-${index}`,
    title: text(r['title']) ?? '(no title)',
    kind: text(r['kind']),
    occurrences: count(r['occurrences']),
    held: count(r['held']),
    upcoming: count(r['upcoming']),
    cancelled: count(r['cancelled']),
    cadenceDays: count(r['cadenceDays']),
    firstStart: text(r['firstStart']),
    lastStart: text(r['lastStart']),
    durationTrend: text(record(r['durationDrift'])['trend']),
    stoppedComing: texts(r['stoppedComing']),
  }));
}
