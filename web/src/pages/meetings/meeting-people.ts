import type { Meeting, Participant } from '../../api/meetings';
import type { RelationshipSummary } from '../../api/relationships';

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

export interface AccountOption {
  id: string;
  name: string;
}

/**
 * The accounts to filter by: those of the organisation's relationships that are CRM accounts,
 * those of the meetings on screen, and the one chosen, by name.
 */
export function accountOptions(
  relationships: readonly RelationshipSummary[] | undefined,
  meetings: readonly Meeting[],
  selectedId: string | null,
): AccountOption[] {
  const byId = new Map<string, string>();
  for (const r of relationships ?? []) {
    if (r.accountId) byId.set(r.accountId, r.name ?? r.accountId);
  }
  for (const m of meetings) {
    if (m.account) byId.set(m.account.id, m.account.name);
  }
  if (selectedId && !byId.has(selectedId)) byId.set(selectedId, selectedId);
  return [...byId.entries()]
    .map(([id, name]) => ({ id, name }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}
