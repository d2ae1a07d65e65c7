/**
 * The words of the "Shared calendars" section of an Exchange card: why a colleague's calendar
 * could not be added, and where each added one stands.
 */
import { ApiError, errorMessage } from '../../api/client';
import type { BadgeTone } from '../../components/Badge';
import { formatDateTime } from '../../lib/format';
import { notSetUpText } from './connect-error';
import { isSyncing, type CalendarView } from './connection-views';

/** What the owner must give, the same whichever way the calendar is not readable yet. */
const ASK_FOR_ACCESS =
  'Ask them to give you the Reviewer permission (or delegate access) on their Calendar in Outlook, then add it again.';

/**
 * A refused add in the user's words, by the server's code. A 403 is one code for two reasons;
 * free/busy only is told apart by the server's message (pinned by
 * test/exchange/exchange-shared-api.test.ts), and either way the owner has the same thing to do.
 * The same goes for a 400: the connection's own mailbox, or what is not one address.
 */
export function sharedCalendarErrorText(error: unknown, email: string): string {
  if (!(error instanceof ApiError)) return errorMessage(error);
  switch (error.code) {
    case 'mailbox_not_found':
      return `Exchange has no mailbox with the address ${email}. Check the spelling.`;
    case 'calendar_access_denied':
      return /free\/busy/i.test(error.message)
        ? `${email} shares only when they are free or busy, not their meetings. ${ASK_FOR_ACCESS}`
        : `${email} has not shared their calendar with you. ${ASK_FOR_ACCESS}`;
    case 'invalid_input':
      return /own mailbox/i.test(error.message)
        ? `${email} is this connection's own mailbox: its calendar is already synced.`
        : 'Enter one email address, such as name@company.com.';
    case 'not_found':
      return 'This Exchange connection is no longer here. Reload the page.';
    case 'not_configured':
      return notSetUpText('Exchange');
    default:
      return errorMessage(error);
  }
}

export interface SharedCalendarState {
  text: string;
  tone: BadgeTone;
}

/**
 * Where a shared calendar stands, from its row in the calendar table (`calendar`, absent until
 * the lists have caught up with an add) and whether Exchange still opens it (`missingSince`).
 */
export function sharedCalendarState(
  missingSince: string | null,
  calendar: CalendarView | undefined,
  timeZone: string,
): SharedCalendarState {
  if (missingSince !== null) return { text: 'No longer shared with you', tone: 'danger' };
  if (!calendar) return { text: 'Waiting for its first sync', tone: 'info' };
  if (!calendar.selected) return { text: 'Turned off', tone: 'neutral' };
  if (isSyncing(calendar.syncState)) return { text: 'Syncing', tone: 'info' };
  if (calendar.failing || calendar.syncState === 'error')
    return { text: 'Failing', tone: 'danger' };
  if (calendar.lastSyncAt === null) return { text: 'Waiting for its first sync', tone: 'info' };
  return { text: `Synced ${formatDateTime(calendar.lastSyncAt, timeZone)}`, tone: 'success' };
}
