import type { ConnectedAccount, SyncIssue } from '../../api/providers';
import { plural } from '../../lib/format';
import { byLine } from './sync-issues';

export interface ImportReport {
  /** The calendar's name, as the connection is labelled. */
  label: string;
  /** One sentence for the status line: what was added, updated, removed and left out. */
  message: string;
  /** Each event the import could not read, with its line when the file said. */
  issues: string[];
  /** Events left out that `issues` does not list (their details could not be fetched). */
  unlisted: number;
}

/** An issue as the user can find it in their file: `Line 12: DTSTART is not a date`. */
export function issueText(issue: SyncIssue): string {
  const where = issue.line !== null ? `Line ${issue.line}` : null;
  const what = issue.providerEventId
    ? `${where ? 'event' : 'Event'} ${issue.providerEventId}`
    : null;
  const prefix = [where, what].filter(Boolean).join(', ');
  // The parser's messages often start with the line already: say it once.
  const message =
    issue.line !== null
      ? issue.message.replace(new RegExp(`^line ${issue.line}:\\s*`, 'i'), '')
      : issue.message;
  return prefix ? `${prefix}: ${message}` : message;
}

/**
 * What an .ics import did. `issues` are the details the sync status gives, or null when they
 * could not be fetched; the count of the import itself says how many there were.
 */
export function importReport(
  connection: ConnectedAccount,
  issues: readonly SyncIssue[] | null,
): ImportReport {
  const counts = connection.sync ?? { added: 0, updated: 0, deleted: 0, issues: 0 };
  const done = [`${plural(counts.added, 'event')} added`, `${counts.updated} updated`];
  if (counts.deleted > 0) done.push(`${counts.deleted} removed`);
  const listed = [...(issues ?? [])].sort(byLine).map(issueText);
  const skipped = Math.max(counts.issues, listed.length);
  const left =
    skipped === 0
      ? ''
      : ` ${plural(skipped, 'event')} could not be read${listed.length > 0 ? ': see the list under the import form' : ''}.`;
  return {
    label: connection.label,
    message: `Imported “${connection.label}”: ${done.join(', ')}.${left}`,
    issues: listed,
    unlisted: skipped - listed.length,
  };
}
