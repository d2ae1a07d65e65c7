/** The API's codes in words. */
import type { ConflictKind, ConflictSeverity, ConflictStatus } from '../api/conflicts';
import type { MeetingType } from '../api/meetings';
import type { ProviderKind } from '../api/providers';

const MEETING_TYPE_LABELS: Record<MeetingType, string> = {
  discovery: 'Discovery',
  demo: 'Demo',
  negotiation: 'Negotiation',
  follow_up: 'Follow-up',
  closing: 'Closing',
  other: 'Other',
};

export function meetingTypeLabel(type: MeetingType | null): string {
  return type ? MEETING_TYPE_LABELS[type] : 'Not typed';
}

const PROVIDER_LABELS: Record<ProviderKind, string> = {
  google: 'Google Calendar',
  microsoft: 'Outlook',
  exchange: 'Exchange',
  caldav: 'CalDAV',
  // A feed or an imported file: only the calendars list tells them apart (connectionKindLabel).
  ics: 'ICS calendar',
};

export function providerLabel(provider: string): string {
  return PROVIDER_LABELS[provider as ProviderKind] ?? humanize(provider);
}

const KIND_LABELS: Record<ConflictKind, string> = {
  overlap: 'Overlap',
  travel: 'Travel time',
  duplicate: 'Duplicate',
};

export function conflictKindLabel(kind: ConflictKind): string {
  return KIND_LABELS[kind] ?? humanize(kind);
}

export function severityLabel(severity: ConflictSeverity): string {
  return `${humanize(severity)} severity`;
}

export function conflictStatusLabel(status: ConflictStatus): string {
  return humanize(status);
}

/** Stage, trend, seniority and department codes: `at_risk` reads `At risk`, `c_level` `C-level`. */
export function humanize(code: string): string {
  const special: Record<string, string> = {
    c_level: 'C-level',
    vp: 'VP',
    it: 'IT',
    hr: 'HR',
    follow_up: 'Follow-up',
  };
  if (special[code]) return special[code];
  const words = code.replace(/[_-]+/g, ' ').trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : code;
}

/** An account without a name reads as its domain or address rather than an internal key. */
export function accountDisplayName(name: string | null, accountKey: string): string {
  if (name?.trim()) return name;
  return accountKey.startsWith('domain:') ? accountKey.slice('domain:'.length) : accountKey;
}

export function personLabel(person: { name: string | null; email: string }): string {
  return person.name?.trim() ? `${person.name} <${person.email}>` : person.email;
}
