/**
 * Email addresses and domains as matching sees them: the key a CRM record and an attendee are
 * compared by, the registrable domain (tldts, the Public Suffix List), and free-mail providers
 * (the `email-providers` list, updated monthly).
 */
import freeMailDomains from 'email-providers/all.json' with { type: 'json' };
import { getDomain } from 'tldts';
import { boundedMemo } from '../bounded-memo.js';

const FREE_MAIL: ReadonlySet<string> = new Set(freeMailDomains);

/** Gmail ignores dots in the local part and treats googlemail.com as gmail.com. */
const GMAIL_DOMAINS: ReadonlySet<string> = new Set(['gmail.com', 'googlemail.com']);

export interface Address {
  /** Lower-cased, trimmed, without `mailto:`. */
  email: string;
  local: string;
  domain: string;
}

export function parseAddress(raw: string): Address | null {
  const email = raw
    .trim()
    .replace(/^mailto:/i, '')
    .toLowerCase();
  const at = email.lastIndexOf('@');
  if (at <= 0 || at === email.length - 1) return null;
  return { email, local: email.slice(0, at), domain: email.slice(at + 1).replace(/\.$/, '') };
}

/**
 * The key two addresses of one mailbox share: case folded, `+tag` dropped (plus-addressing
 * delivers to the same mailbox at every major provider), and for Gmail the dots too.
 */
export function mailboxKey(raw: string): string | null {
  const address = parseAddress(raw);
  return address ? keyOf(address) : null;
}

/**
 * `mailboxKey(address.email)` for an address parseAddress gave. Its email is parsed again only
 * when that could change it (blanks around it or a `mailto:` left after the first pass, or a
 * character whose lower case has a lower case of its own), so usually not at all.
 */
export function mailboxKeyOfParsed(address: Address): string | null {
  const email = address.email;
  const same = email.trim() === email && !MAILTO.test(email) && email.toLowerCase() === email;
  return same ? keyOf(address) : mailboxKey(email);
}

const MAILTO = /^mailto:/i;

function keyOf(address: Address): string {
  let local = address.local.replace(/\+.*$/, '');
  let domain = address.domain;
  if (GMAIL_DOMAINS.has(domain)) {
    local = local.replace(/\./g, '');
    domain = 'gmail.com';
  }
  return `${local}@${domain}`;
}

/**
 * Registrable domains already computed, by the exact string asked for: a pure function of its
 * input, so a hit answers what tldts would. Emptied at REGISTRABLE_MEMO_LIMIT entries, so it
 * stays small whatever the input (a run sees a few thousand distinct domains).
 */
export const REGISTRABLE_MEMO_LIMIT = 10_000;
const REGISTRABLE = boundedMemo(registrableDomainOf, REGISTRABLE_MEMO_LIMIT);

/** `mail.eu.acme.co.uk` -> `acme.co.uk`; the domain itself when it has no public suffix. */
export function registrableDomain(domain: string): string {
  return REGISTRABLE(domain);
}

/** `registrableDomain` without the memo (tldts every time). */
export function registrableDomainOf(domain: string): string {
  const normalised = domain.trim().toLowerCase().replace(/\.$/, '');
  return getDomain(normalised, { allowPrivateDomains: false }) ?? normalised;
}

/** Entries in the registrable-domain memo (for tests). */
export function registrableMemoSize(): number {
  return REGISTRABLE.size;
}

export function isFreeMailDomain(domain: string): boolean {
  const normalised = domain.trim().toLowerCase();
  return FREE_MAIL.has(normalised) || FREE_MAIL.has(registrableDomain(normalised));
}

/** The domain is one of `domains` or a subdomain of one of them. */
export function isWithinDomains(domain: string, domains: readonly string[]): boolean {
  const normalised = domain.trim().toLowerCase();
  return domains.some((d) => {
    const base = d.trim().toLowerCase();
    return normalised === base || normalised.endsWith(`.${base}`);
  });
}

/** Calendar resources (rooms, equipment) as providers address them. */
export function looksLikeResource(email: string): boolean {
  return isProviderResource(email) || hasRoomName(email);
}

/** An address in a provider's own domain for resources (Google's rooms and equipment). */
export function isProviderResource(email: string): boolean {
  return /@resource\.calendar\.google\.com$/i.test(email);
}

/**
 * A mailbox named like a meeting room (room-4, raum.berlin, salle.paris, sala-madrid). Only a
 * guess: Marco Sala may well write sala.marco@, so it says "room" only where rooms are (the
 * organisation's own domains) and never for a known CRM person.
 */
export function hasRoomName(email: string): boolean {
  return /^(room|raum|salle|sala)[-_.]/i.test(email);
}
