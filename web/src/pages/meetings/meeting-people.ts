import type { Meeting, Participant } from '../../api/meetings';
import type { CrmAccount } from '../../api/crm';

/** What the card says of an attendee: who the CRM knows them as, or that it does not. */
export type AttendeeMark = 'contact' | 'lead' | 'not in CRM' | 'your team' | 'room';

export interface Attendee {
  email: string;
  /** The name the invitation or the CRM gave, or null: the card shows the address alone. */
  name: string | null;
  mark: AttendeeMark;
  organizer: boolean;
}

function markOf(p: Participant): AttendeeMark {
  if (p.resource) return 'room';
  if (p.internal) return 'your team';
  if (p.contactId) return 'contact';
  if (p.leadId) return 'lead';
  return 'not in CRM';
}

const NATURAL: Intl.CollatorOptions = { numeric: true, sensitivity: 'base' };

function shownName(attendee: { name: string | null; email: string }): string {
  return attendee.name ?? attendee.email;
}

/** Customers the CRM knows first, then those it does not (new stakeholders), then the rest. */
const MARK_ORDER: readonly AttendeeMark[] = ['contact', 'lead', 'not in CRM', 'your team', 'room'];

/**
 * Every attendee of a meeting, in the order the card lists them: by mark (MARK_ORDER), the
 * organiser first within theirs, then by the name shown (Person 2 before Person 10).
 */
export function attendeesOf(participants: readonly Participant[]): Attendee[] {
  return participants
    .map((p, index) => ({
      index,
      attendee: {
        email: p.email,
        name: p.name?.trim() || null,
        mark: markOf(p),
        organizer: p.organizer,
      },
    }))
    .sort(
      (a, b) =>
        MARK_ORDER.indexOf(a.attendee.mark) - MARK_ORDER.indexOf(b.attendee.mark) ||
        Number(b.attendee.organizer) - Number(a.attendee.organizer) ||
        shownName(a.attendee).localeCompare(shownName(b.attendee), undefined, NATURAL) ||
        a.index - b.index,
    )
    .map(({ attendee }) => attendee);
}

/** "28 attendees: 1 in the CRM, 26 not, 1 of your team", rooms left out of the count. */
export function attendeeSummary(attendees: readonly Attendee[]): string {
  const people = attendees.filter((a) => a.mark !== 'room');
  const count = (marks: AttendeeMark[]) => people.filter((a) => marks.includes(a.mark)).length;
  const known = count(['contact', 'lead']);
  const unknown = count(['not in CRM']);
  const team = count(['your team']);
  const parts = [
    known > 0 ? `${known} in the CRM` : '',
    unknown > 0 ? `${unknown} not in the CRM` : '',
    team > 0 ? `${team} of your team` : '',
  ].filter(Boolean);
  const total = `${people.length} ${people.length === 1 ? 'attendee' : 'attendees'}`;
  return parts.length > 0 ? `${total}: ${parts.join(', ')}` : total;
}

/**
 * How many attendees a card shows before "Show all": a long list (a 28-person meeting) would
 * push the card's actions far down, and hiding only one or two saves nothing.
 */
export const ATTENDEES_SHOWN = 6;
const HIDE_AT_LEAST = 3;

/** The attendees shown while the list is collapsed: all of them when few would be hidden. */
export function collapsedAttendees<T>(attendees: readonly T[]): readonly T[] {
  return attendees.length - ATTENDEES_SHOWN >= HIDE_AT_LEAST
    ? attendees.slice(0, ATTENDEES_SHOWN)
    : attendees;
}

export interface AccountOption {
  id: string;
  name: string;
}

/**
 * The accounts to filter by: the organisation's CRM accounts, those of the meetings on screen
 * (all there is while the CRM list loads or if it fails), and the one chosen, by name.
 */
export function accountOptions(
  accounts: readonly CrmAccount[] | undefined,
  meetings: readonly Meeting[],
  selectedId: string | null,
): AccountOption[] {
  const byId = new Map<string, string>();
  for (const account of accounts ?? []) byId.set(account.id, account.name);
  for (const m of meetings) {
    if (m.account && !byId.has(m.account.id)) byId.set(m.account.id, m.account.name);
  }
  if (selectedId && !byId.has(selectedId)) byId.set(selectedId, selectedId);
  return [...byId.entries()]
    .map(([id, name]) => ({ id, name }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}
