import type { IcsConnection, SyncIssue } from '../../api/providers';
import { plural } from '../../lib/format';
import { issueRows, type IssueRow } from './sync-issues';

export interface ImportReport {
  /** The calendar's name, as the connection is labelled. */
  label: string;
  /** One sentence for the status line: what was added, updated and removed, and the issues. */
  message: string;
  /** Each issue of the import in the order of the file: what was wrong and what was done. */
  rows: IssueRow[];
  /** How many issues the import had, listed or not. */
  total: number;
  /** Issues that `rows` does not list (their details could not be fetched). */
  unlisted: number;
  /** Events the import left out because of an issue, as the import counted them. */
  leftOut: number;
  /** Events it imported despite an issue about them (a DTEND before DTSTART read the other way). */
  keptWithIssues: number;
}

/**
 * What an .ics import did. `issues` are the details the sync status gives, or null when they
 * could not be fetched; the import's answer says how many issues there were and how many events
 * they left out and kept, each event once (several issues may be about one event, and some
 * about none), whether every issue is listed or not.
 */
export function importReport(
  connection: IcsConnection,
  issues: readonly SyncIssue[] | null,
): ImportReport {
  const counts = connection.sync ?? { added: 0, updated: 0, deleted: 0, issues: 0 };
  const done = [`${plural(counts.added, 'event')} added`, `${counts.updated} updated`];
  if (counts.deleted > 0) done.push(`${counts.deleted} removed`);
  const rows = issueRows(issues ?? [], 'ics');
  const total = Math.max(counts.issues, rows.length);
  const events = { leftOut: connection.eventsLeftOut, kept: connection.eventsKeptWithIssues };
  return {
    label: connection.label,
    message: `Imported “${connection.label}”: ${done.join(', ')}.${issuesSentence(total, rows.length, events)}`,
    rows,
    total,
    unlisted: total - rows.length,
    leftOut: events.leftOut,
    keptWithIssues: events.kept,
  };
}

/**
 * ` 4 issues, 3 events left out, 1 kept despite an issue: listed below.` (shown above the list),
 * or nothing.
 */
function issuesSentence(
  total: number,
  listed: number,
  events: { leftOut: number; kept: number },
): string {
  if (total === 0) return '';
  const { leftOut, kept } = events;
  const left = `, ${leftOut === 0 ? 'no event' : plural(leftOut, 'event')} left out`;
  const keptToo = kept === 0 ? '' : `, ${kept} kept despite an issue`;
  const where = listed > 0 ? ': listed below' : '';
  return ` ${plural(total, 'issue')}${left}${keptToo}${where}.`;
}

/** The heading of the import's issues: `4 issues in “work.ics”`. */
export function issuesHeading(report: Pick<ImportReport, 'label' | 'total'>): string {
  return `${plural(report.total, 'issue')} in “${report.label}”`;
}
