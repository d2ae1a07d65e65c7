/**
 * Another person's Calendar synced through an Exchange connection: the exec's calendar a sales
 * assistant keeps, a team's shared mailbox. EWS opens it by explicit access, the owner's address
 * on the folder id (`<t:DistinguishedFolderId Id="calendar"><t:Mailbox><t:EmailAddress>`;
 * learn.microsoft.com, "Access a calendar as a delegate by using EWS in Exchange"), and reads its
 * items by the ids that gives. Such a calendar is known by the owner's SMTP address (lower case):
 * no folder id of the connection's own mailbox has an `@`, and conflict detection already takes
 * a calendar named by another person's address for someone else's (conflict-events.ts). The
 * connection keeps the addresses the user added in its settings (`sharedMailboxes`), so that
 * listing its calendars lists these too and calendar discovery does not take them for removed.
 *
 * Nothing here loads ews-javascript-api: the service imports it to check what a user typed.
 */

/** The connection setting that lists the shared mailboxes the user added. */
export const SHARED_MAILBOXES_SETTING = 'sharedMailboxes';

/** Whether a calendar id of an Exchange connection names another person's Calendar. */
export { isSharedCalendarId } from '../../domain/calendars/others-calendars.js';

/**
 * The SMTP address a user typed, trimmed and in lower case (Exchange matches addresses without
 * case), or null when it is not one: one `@`, a dotted domain, no spaces, angle brackets,
 * quotes, commas or semicolons (a display name or a list pasted by mistake), at most 254
 * characters (RFC 5321's path limit).
 */
export function mailboxAddress(input: string): string | null {
  const address = input.trim().toLowerCase();
  if (address.length > 254) return null;
  return /^[^\s@<>"(),;:[\]\\]+@[^\s@<>"(),;:[\]\\]+\.[^\s@<>"(),;:[\]\\.]+$/.test(address)
    ? address
    : null;
}

/** The shared mailboxes a connection's settings list (valid addresses only, once each). */
export function sharedMailboxesOf(settings: Record<string, unknown>): string[] {
  const value = settings[SHARED_MAILBOXES_SETTING];
  if (!Array.isArray(value)) return [];
  const addresses = value.flatMap((v) => (typeof v === 'string' ? [mailboxAddress(v)] : []));
  return [...new Set(addresses.filter((a): a is string => a !== null))];
}

/**
 * Why another person's Calendar cannot be synced, as EWS said it when it was added: no mailbox
 * has the address (ErrorNonExistentMailbox), the user may not open its Calendar
 * (ErrorAccessDenied, or ErrorFolderNotFound where the folder is hidden from them), or they may
 * see only when it is busy (the folder opens, its items do not).
 */
export type SharedCalendarRefusal = 'mailbox_not_found' | 'access_denied' | 'free_busy_only';

export class SharedCalendarRefused extends Error {
  override readonly name = 'SharedCalendarRefused';
  constructor(
    readonly reason: SharedCalendarRefusal,
    readonly address: string,
    readonly ewsCode: string | null,
  ) {
    super(refusalMessage(reason, address, ewsCode));
  }
}

function refusalMessage(
  reason: SharedCalendarRefusal,
  address: string,
  code: string | null,
): string {
  const said = code ? ` (Exchange answered ${code})` : '';
  switch (reason) {
    case 'mailbox_not_found':
      return `Exchange has no mailbox with the address ${address}${said}: check the spelling.`;
    case 'access_denied':
      return (
        `this mailbox may not open the calendar of ${address}${said}: its owner must share it ` +
        '(delegate access, or the Reviewer permission on their Calendar) first.'
      );
    case 'free_busy_only':
      return (
        `the calendar of ${address} is shared with this mailbox for free/busy only${said}: its ` +
        'meetings cannot be read. Its owner must give the Reviewer permission (or delegate access).'
      );
  }
}
