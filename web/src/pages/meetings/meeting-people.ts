import type { Meeting, Participant } from '../../api/meetings';
import type { CrmAccount } from '../../api/crm';

export interface MatchedPerson {
  email: string;
  name: string | null;
  /** What the CRM knows them as. */
  match: 'contact' | 'lead';
}

/** The attendees the CRM knows (a contact wins over a lead), rooms left out. */
export function matchedPeople(participants: readonly Participant[]): MatchedPerson[] {
  return participants.flatMap((p): MatchedPerson[] => {
    if (p.resource) return [];
    if (p.contactId) return [{ email: p.email, name: p.name, match: 'contact' }];
    if (p.leadId) return [{ email: p.email, name: p.name, match: 'lead' }];
    return [];
  });
}

/**
 * A matched person as the card shows them: the name first when the invitation or the CRM gave
 * one, the address and what the CRM knows them as after it.
 */
export function personLines(person: MatchedPerson): { primary: string; secondary: string } {
  const name = person.name?.trim();
  return name
    ? { primary: name, secondary: `${person.email} · ${person.match}` }
    : { primary: person.email, secondary: person.match };
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
