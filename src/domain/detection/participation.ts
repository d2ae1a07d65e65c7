/**
 * How people take part, beyond who they are: whether the calendar owner is only optional,
 * whether a colleague organised it, how many outside organisations attend, and what kind of
 * mailboxes are invited. These tell apart meetings that look alike by their attendees' CRM
 * matches: a support engineer's incident call with a customer (the account executive optional),
 * a webinar (a dozen outside organisations), a supplier's offer to our office manager.
 */
import type { Attendee } from '../event.js';
import { mailboxKey } from '../matching/addresses.js';
import type { CrmIndex } from '../matching/crm.js';
import type { MeetingMatch, Participant } from '../matching/match-meeting.js';

type Setter = (name: string, value?: number) => void;

/**
 * Local parts of our own shared mailboxes of a business function: the desks that buy for the
 * organisation (office, purchasing, facilities), hire, or run events and webinars; a salesperson
 * does not copy them on a call with a prospect.
 */
const OFFICE_MAILBOX =
  /^(?:office|admin|facilities|facility|einkauf|purchasing|procurement|achats|compras|marketing|events?|eventos|evenements|hr|rh|people|recruiting|talent|jobs|finance|finanzas|buchhaltung|compta)(?:[._-]|$)/;

/** Domains of organisations that invest rather than buy: venture and growth funds, angel groups. */
const INVESTOR_DOMAIN =
  /(?:capital|ventures?|angels|invest|fund|fonds|equity|growth)[^.]*\.|\.vc$|(?:^|\.)vc\./;

/**
 * CRM titles of people whose job is to sell: when the outside attendee is the other company's
 * salesperson, they are usually selling to us (a supplier that is also one of our prospects).
 */
const SELLER_TITLE =
  /sales|verkauf|vertrieb|account manag|key account|commercial|comercial|ventas|ventes|vendedor|business development|cuentas|kundenberat/i;

/** Four or more outside organisations: a broadcast or an event, rarely a sales conversation. */
const MANY_ORGANISATIONS = 4;

/**
 * Sets the participation features of a meeting (see the list above) through `set`. Without a
 * known calendar owner (`ownerKnown`: an offline line may leave it out), nobody is the owner, and
 * an internal organiser is not thereby a colleague: the owner may be that organiser.
 */
export function participationFeatures(
  attendees: readonly Attendee[],
  match: MeetingMatch,
  set: Setter,
  ownerKnown = true,
): void {
  const organizer = match.participants.find((p) => p.organizer);
  const colleague = ownerKnown && organizer && organizer.internal && !organizer.owner;
  set('organizer_colleague', colleague ? 1 : 0);
  set('owner_optional', ownerIsOptional(attendees, match) ? 1 : 0);
  const companies = organisations(match.externals);
  set('several_organisations', companies >= 2 && companies < MANY_ORGANISATIONS ? 1 : 0);
  set('many_organisations', match.externalDomains.length >= MANY_ORGANISATIONS ? 1 : 0);
  set('office_mailbox', match.participants.some(isOfficeMailbox) ? 1 : 0);
  set('investor_domain', match.externalDomains.some((d) => INVESTOR_DOMAIN.test(d)) ? 1 : 0);
}

/**
 * The owner was invited as optional, or has not accepted a meeting someone else organised:
 * an account executive copied on a colleague's call rather than leading it. Not answering says
 * so only where answers are known: when nobody has answered at all, the source most likely
 * gave no answers (an offline line without responseStatus reads as needsAction), and an
 * organiser's own calendar always shows them as having accepted.
 */
export function ownerIsOptional(attendees: readonly Attendee[], match: MeetingMatch): boolean {
  return ownerIsPending(match) || ownerInvitedAsOptional(attendees, match);
}

/** The owner has not accepted a meeting someone else organised, where others have answered. */
export function ownerIsPending(match: MeetingMatch): boolean {
  const owner = match.participants.find((p) => p.owner);
  if (!owner || owner.organizer) return false;
  const pending = owner.responseStatus === 'tentative' || owner.responseStatus === 'needsAction';
  return (
    pending &&
    match.participants.some((p) => p.responseStatus !== null && p.responseStatus !== 'needsAction')
  );
}

function ownerInvitedAsOptional(attendees: readonly Attendee[], match: MeetingMatch): boolean {
  const owner = match.participants.find((p) => p.owner);
  if (!owner) return false;
  // Only optional attendees are compared by mailbox: few, and the comparison parses addresses.
  const key = mailboxKey(owner.email);
  return attendees.some((a) => a.optional && mailboxKey(a.email) === key);
}

/** Whether an outside attendee is, by their CRM contact title, a salesperson. */
export function meetsTheirSeller(match: MeetingMatch, crm: CrmIndex): boolean {
  return match.externals.some((person) =>
    person.contactIds.some((id) => isSellerTitle(crm.contactsById.get(id)?.title)),
  );
}

/** Whether a job title is a selling one ("Key Account Manager", "Directeur commercial"). */
export function isSellerTitle(title: string | null | undefined): boolean {
  return title ? SELLER_TITLE.test(title) : false;
}

/** Outside organisations: an account counts once whatever its domains, free mail not at all. */
function organisations(externals: readonly Participant[]): number {
  return new Set(externals.filter((p) => !p.freeMail).map((p) => p.accountId ?? p.domain)).size;
}

function isOfficeMailbox(person: Participant): boolean {
  return person.internal && !person.resource && OFFICE_MAILBOX.test(localPart(person.email));
}

function localPart(email: string): string {
  return email.slice(0, email.indexOf('@')).toLowerCase();
}
