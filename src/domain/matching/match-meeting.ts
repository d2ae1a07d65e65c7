/**
 * Who is in a meeting, as the CRM sees them: each attendee internal or external (the
 * organisation's domains, subdomains included; without any, the calendar owner's: owner-domain.ts),
 * a resource, the calendar owner, on free mail, matched to CRM leads and contacts by mailbox, and
 * to an account; and the meeting's account.
 *
 * The account rule, in order (documented in the API as well):
 * 1. a participant's account comes from their CRM contact, else their lead, else their email
 *    domain (the exact domain, else a parent domain an account lists); free-mail domains never
 *    name an account;
 * 2. the meeting's account is the one with the most external participants, contacts and leads
 *    counting twice a domain match; a tie goes to the account of the external organiser, then
 *    to the account whose name sorts first, and is reported as ambiguous with the candidates.
 */
import type { Attendee, Person } from '../event.js';
import {
  hasRoomName,
  isProviderResource,
  parseAddress,
  mailboxKey,
  mailboxKeyOfParsed,
  type Address,
} from './addresses.js';
import type { CrmIndex } from './crm.js';
import { domainFacts, sortByName } from './domain-facts.js';
import { indexForOwner } from './owner-domain.js';

export type AccountSource = 'contact' | 'lead' | 'domain';

export interface Participant {
  email: string;
  name: string | null;
  domain: string;
  internal: boolean;
  resource: boolean;
  owner: boolean;
  organizer: boolean;
  freeMail: boolean;
  responseStatus: Attendee['responseStatus'] | null;
  leadIds: string[];
  contactIds: string[];
  accountId: string | null;
  accountSource: AccountSource | null;
  /** Accounts claiming this person's domain, when more than one did. */
  accountCandidates: string[];
}

export interface MeetingMatch {
  participants: Participant[];
  /** External people: not internal, not a resource, not the calendar owner. */
  externals: Participant[];
  externalDomains: string[];
  accountId: string | null;
  accountAmbiguous: boolean;
  accountCandidates: string[];
}

export interface MatchInput {
  organizer: Person | null;
  attendees: readonly Attendee[];
  /** Whose calendar this copy is; never an external person. */
  calendarOwner: string | null;
  /**
   * The calendar owner's other addresses (the connected account's, when it is not the user's
   * sign-in address): the owner as well, compared by mailbox.
   */
  calendarOwnerAliases?: readonly string[] | undefined;
}

export function matchMeeting(input: MatchInput, crm: CrmIndex): MeetingMatch {
  const index = indexForOwner(crm, input.calendarOwner);
  const owners = ownerKeys(input);
  const organizerKey = input.organizer ? mailboxKey(input.organizer.email) : null;
  const people = new Map<string, Participant>();
  // The first address of a mailbox is described; a later one of the same mailbox only brings its
  // name (when the first had none) and, for an attendee, its resource flag and response. Each
  // participant is a new object, so it is updated in place (its keys keep the order `describe`
  // gives them).
  const add = (
    email: string,
    name: string | null,
    resource: boolean | undefined,
    responseStatus: Attendee['responseStatus'] | undefined,
  ) => {
    const address = parseAddress(email);
    if (!address) return;
    const mailbox = mailboxKeyOfParsed(address);
    const key = mailbox ?? address.email;
    let participant = people.get(key);
    if (participant) {
      participant.name = participant.name ?? name;
    } else {
      participant = describe(address, mailbox, name, index, owners, organizerKey);
      people.set(key, participant);
    }
    if (resource !== undefined) participant.resource = resource || guessedResource(participant);
    if (responseStatus !== undefined) participant.responseStatus = responseStatus;
  };
  for (const attendee of input.attendees) {
    add(attendee.email, attendee.name, attendee.resource, attendee.responseStatus);
  }
  if (input.organizer) add(input.organizer.email, input.organizer.name, undefined, undefined);
  const participants = [...people.values()];
  const externals = participants.filter((p) => !p.internal && !p.resource && !p.owner);
  const externalDomains = [...new Set(externals.map((p) => p.domain))].sort();
  return { participants, externals, externalDomains, ...meetingAccount(externals, index) };
}

/** The mailbox keys of the calendar owner's addresses. */
function ownerKeys(input: MatchInput): ReadonlySet<string> {
  const keys = new Set<string>();
  for (const raw of [input.calendarOwner, ...(input.calendarOwnerAliases ?? [])]) {
    const key = raw ? mailboxKey(raw) : null;
    if (key !== null) keys.add(key);
  }
  return keys;
}

function describe(
  address: Address,
  key: string | null,
  name: string | null,
  index: CrmIndex,
  owners: ReadonlySet<string>,
  organizerKey: string | null,
): Participant {
  const leads = key ? (index.leadsByKey.get(key) ?? []) : [];
  const contacts = key ? (index.contactsByKey.get(key) ?? []) : [];
  const { freeMail, internal, claimants, firstAccountId, accountIds } = domainFacts(
    index,
    address.domain,
  );
  const personal = contacts[0]?.accountId ? 'contact' : leads[0]?.accountId ? 'lead' : null;
  const accountId =
    personal === 'contact'
      ? (contacts[0]?.accountId ?? null)
      : personal === 'lead'
        ? (leads[0]?.accountId ?? null)
        : firstAccountId;
  const participant: Participant = {
    email: address.email,
    name,
    domain: address.domain,
    internal,
    resource: false,
    owner: key !== null && owners.has(key),
    organizer: key !== null && key === organizerKey,
    freeMail,
    responseStatus: null,
    leadIds: leads.map((l) => l.id),
    contactIds: contacts.map((c) => c.id),
    accountId,
    accountSource: personal ?? (accountId ? 'domain' : null),
    accountCandidates: personal || claimants < 2 ? [] : [...accountIds],
  };
  participant.resource = guessedResource(participant);
  return participant;
}

/**
 * A participant the source did not flag as a resource that still is one: in the provider's
 * resource domain, or named like a room in the organisation's own domains and not a CRM person.
 */
function guessedResource(p: Participant): boolean {
  if (isProviderResource(p.email)) return true;
  return p.internal && p.leadIds.length + p.contactIds.length === 0 && hasRoomName(p.email);
}

function meetingAccount(
  externals: Participant[],
  index: CrmIndex,
): Pick<MeetingMatch, 'accountId' | 'accountAmbiguous' | 'accountCandidates'> {
  const weights = new Map<string, number>();
  for (const person of externals) {
    if (!person.accountId) continue;
    const weight = person.accountSource === 'domain' ? 1 : 2;
    weights.set(person.accountId, (weights.get(person.accountId) ?? 0) + weight);
    for (const candidate of person.accountCandidates) {
      if (candidate !== person.accountId) weights.set(candidate, weights.get(candidate) ?? 0);
    }
  }
  if (weights.size === 0)
    return { accountId: null, accountAmbiguous: false, accountCandidates: [] };
  const best = Math.max(...weights.values());
  const top = [...weights].filter(([, w]) => w === best).map(([id]) => id);
  const ambiguous = top.length > 1 || externals.some((p) => p.accountCandidates.length > 1);
  const organizerAccount = externals.find((p) => p.organizer)?.accountId ?? null;
  const chosen =
    organizerAccount && top.includes(organizerAccount)
      ? organizerAccount
      : (sortByName(top.flatMap((id) => index.accounts.get(id) ?? []))[0]?.id ?? top[0] ?? null);
  return {
    accountId: chosen,
    accountAmbiguous: ambiguous,
    accountCandidates: ambiguous ? [...weights.keys()].sort() : [],
  };
}
