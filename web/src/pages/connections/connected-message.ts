import type { CaldavConnection, ConnectionSummary } from '../../api/providers';
import { plural } from '../../lib/format';

/** The status line after a connect. */
export function connectedMessage(connection: ConnectionSummary): string {
  return `Connected ${connection.label}. Its calendars are syncing now.`;
}

/**
 * The status line after a CalDAV connect: also the calendars the server listed that could not be
 * connected (an href that cannot be used), with the server's reasons; otherwise only the
 * server's log would say so.
 */
export function caldavConnectedMessage(connection: CaldavConnection): string {
  const connected = connectedMessage(connection);
  const skipped = connection.skippedCalendars;
  if (skipped.length === 0) return connected;
  const reasons = skipped.map((one) => one.reason).join('; ');
  return `${connected} ${plural(skipped.length, 'calendar')} on the server could not be read: ${reasons}.`;
}
