/**
 * A RelationshipMeeting from an analysed event: the analyser says whether it is a sales meeting,
 * of what type, and who is in it; the account key follows the contract's grouping rule, and
 * external people's titles come from their CRM contacts. Shared by the offline verb and the
 * service.
 */
import type { MeetingAnalysis } from '../detection/analyse.js';
import type { MeetingInput } from '../detection/features.js';
import { mailboxKey } from '../matching/addresses.js';
import type { CrmIndex } from '../matching/crm.js';
import type { Participant } from '../matching/match-meeting.js';
import { accountKeyFor, DOMAIN_KEY_PREFIX } from './account-key.js';
import type { RelationshipMeeting } from './model.js';

/** Null when the event has no external person: it belongs to no account. */
export function toRelationshipMeeting(
  input: MeetingInput,
  analysis: MeetingAnalysis,
  index: CrmIndex,
  originalStart: number | null = null,
): RelationshipMeeting | null {
  const match = analysis.match;
  const accountKey = accountKeyFor(match);
  if (accountKey === null) return null;
  return {
    id: input.id,
    accountKey,
    accountName: accountName(accountKey, match.externals, index),
    start: Date.parse(input.start),
    end: Date.parse(input.end),
    status: input.status,
    isSalesMeeting: analysis.isSalesMeeting,
    meetingType: analysis.isSalesMeeting ? analysis.meetingType : null,
    seriesId: input.seriesId,
    originalStart,
    title: input.title,
    externalPeople: match.externals.map((p) => ({
      email: p.email,
      name: p.name,
      title: contactTitle(p, index),
      responseStatus: p.responseStatus,
    })),
    internalPeople: match.participants
      .filter((p) => !p.resource && (p.internal || p.owner))
      .map((p) => ({ email: p.email, responseStatus: p.responseStatus })),
  };
}

function contactTitle(person: Participant, index: CrmIndex): string | null {
  for (const id of person.contactIds) {
    const title = index.contactsById.get(id)?.title?.trim();
    if (title) return title;
  }
  return null;
}

/** The CRM account's name; the domain for a domain key; the person's name for free mail. */
function accountName(
  key: string,
  externals: readonly Participant[],
  index: CrmIndex,
): string | null {
  const account = index.accounts.get(key);
  if (account) return account.name;
  if (key.startsWith(DOMAIN_KEY_PREFIX)) return key.slice(DOMAIN_KEY_PREFIX.length);
  return externals.find((p) => mailboxKey(p.email) === key)?.name ?? null;
}
