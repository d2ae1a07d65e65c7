/**
 * Reasons in a salesperson's words, strongest first: the named features that pushed the
 * decision most, each said the way a rep would say it, with the people and companies named.
 */
import type { MeetingMatch } from '../matching/match-meeting.js';
import type { CrmIndex } from '../matching/crm.js';
import type { Concept } from './lexicon.js';
import { isSellerTitle, ownerIsPending } from './participation.js';

export const CONCEPT_WORDS: Record<Concept, string> = {
  discovery: 'an introduction or discovery',
  demo: 'a demo or walkthrough',
  negotiation: 'pricing, a proposal or a contract',
  follow_up: 'a follow-up or check-in',
  closing: 'a signature or final approval',
  onboarding: 'onboarding or training',
  internal: 'an internal meeting',
  interview: 'an interview',
  investor: 'investors or the board',
  partner: 'a partner',
  vendor: 'a vendor we are evaluating',
  personal: 'a personal appointment',
  relationship: 'the relationship with an executive',
  block: 'a focus, travel or out-of-office block',
  webinar: 'a webinar',
  cancelled: 'that it was cancelled',
  support: 'a support issue or incident',
  scheduling_tool: 'a booking through a scheduling tool',
};

export function phrase(name: string, match: MeetingMatch, index: CrmIndex): string | null {
  const externals = match.externals;
  const domains = match.externalDomains;
  const [kind, concept] = name.split(':') as [string, Concept | undefined];
  if ((kind === 'title' || kind === 'text') && concept && CONCEPT_WORDS[concept]) {
    return conceptReason(kind === 'title' ? 'title' : 'description', concept);
  }
  switch (name) {
    case 'has_external':
    case 'externals':
      return `${count(externals.length, 'external attendee')}${domains.length ? ` from ${list(domains)}` : ''}`;
    case 'no_external':
      // With nobody invited but the owner it would be true of no one: `solo` says that instead.
      return invitesOthers(match) ? 'everyone invited is from your organisation' : null;
    case 'crm_contact':
      return crmPeople(match, index, 'contact');
    case 'crm_lead':
      return crmPeople(match, index, 'lead');
    case 'account_matched':
    case 'account_by_domain_only': {
      const account = match.accountId ? index.accounts.get(match.accountId) : undefined;
      return account ? `attendees belong to the account ${account.name}` : null;
    }
    case 'freemail_all':
      return 'the outside attendees use personal email addresses (gmail.com, outlook.com...)';
    case 'freemail_crm':
      return 'a personal email address that is a lead or contact in the CRM';
    case 'external_unknown':
      return `people from ${list(domains)} who are not in the CRM yet`;
    case 'organizer_external':
      return 'the customer sent the invitation';
    case 'conference_link':
      return 'has a video-call link';
    case 'recurring':
      return 'part of a recurring series';
    case 'cancelled':
      return 'the meeting is cancelled';
    case 'owner_declined':
      return 'you declined it';
    case 'all_day':
      return 'an all-day entry';
    case 'transparent':
      return 'shown as free time';
    case 'solo':
      return 'nobody else is invited';
    case 'crowd':
      return 'a large audience';
    case 'weekend':
      return 'on a weekend';
    case 'early_or_late':
      return 'outside business hours';
    case 'physical_location':
      return 'an in-person meeting';
    case 'organizer_colleague':
      return 'a colleague organised it';
    case 'owner_optional':
      return ownerIsPending(match)
        ? 'you have not accepted it, and a colleague organised it'
        : 'you are only an optional attendee';
    case 'several_organisations':
      return `people from ${list(domains)} together`;
    case 'many_organisations':
      return `${domains.length} outside organisations invited, like a broadcast or an event`;
    case 'office_mailbox':
      return 'our office or purchasing desk is invited';
    case 'investor_domain':
      return 'an investment firm is invited';
    case 'external_seller':
      return theirSeller(match, index);
    case 'ticket_reference':
      return 'cites a support ticket or incident number';
    default:
      return null;
  }
}

/** What a concept found in the title or the description is said as. */
export function conceptReason(where: 'title' | 'description', concept: Concept): string {
  return `${where} mentions ${CONCEPT_WORDS[concept]}`;
}

/** The type model's word on a meeting ("looks like a demo meeting"). */
export function typeReason(type: string): string {
  return `looks like ${type === 'follow_up' ? 'a follow-up' : `a ${type}`} meeting`;
}

/** Whether anyone but the calendar's owner (rooms aside) is on the event. */
function invitesOthers(match: MeetingMatch): boolean {
  return match.participants.some((p) => !p.owner && !p.resource);
}

function crmPeople(match: MeetingMatch, index: CrmIndex, kind: 'contact' | 'lead'): string | null {
  const people = match.externals.filter(
    (p) => (kind === 'contact' ? p.contactIds : p.leadIds).length > 0,
  );
  if (people.length === 0) return null;
  const first = people[0];
  if (!first) return null;
  const account = first.accountId ? index.accounts.get(first.accountId) : undefined;
  const who = first.name ?? first.email;
  const more = people.length > 1 ? ` and ${count(people.length - 1, 'other')}` : '';
  return `${who}${more} ${people.length > 1 ? 'are' : 'is a'} CRM ${kind}${people.length > 1 ? 's' : ''}${account ? ` at ${account.name}` : ''}`;
}

function theirSeller(match: MeetingMatch, index: CrmIndex): string | null {
  const seller = match.externals.find((p) =>
    p.contactIds.some((id) => isSellerTitle(index.contactsById.get(id)?.title)),
  );
  if (!seller) return null;
  const account = seller.accountId ? index.accounts.get(seller.accountId) : undefined;
  return `${seller.name ?? seller.email} sells for ${account?.name ?? seller.domain}: they may be selling to us`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function list(items: readonly string[]): string {
  if (items.length <= 2) return items.join(' and ');
  return `${items.slice(0, 2).join(', ')} and ${items.length - 2} more`;
}
