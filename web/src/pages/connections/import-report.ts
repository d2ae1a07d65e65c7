import type { ConnectedAccount, SyncIssue } from '../../api/providers';
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
  /**
   * How many events were left out, when that is known: only when every issue is listed, since
   * the import counts issues, not events, and some issues are about events it kept (a DTEND
   * before DTSTART is read the other way round). Null otherwise.
   */
  leftOut: number | null;
}

/**
 * Whether the issue says its event was left out: `...; event skipped` (a VEVENT with no
 * DTSTART, or a line the parser refused), or a whole VEVENT block `...; skipped`.
 */
export function leavesEventOut(row: IssueRow): boolean {
  if (/^event skipped\.?$/i.test(row.done)) return true;
  return /^skipped\.?$/i.test(row.done) && /^VEVENT\b/.test(row.problem);
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
  const rows = issueRows(issues ?? [], 'ics');
  const total = Math.max(counts.issues, rows.length);
  const unlisted = total - rows.length;
  const leftOut = unlisted === 0 ? rows.filter(leavesEventOut).length : null;
  return {
    label: connection.label,
    message: `Imported “${connection.label}”: ${done.join(', ')}.${issuesSentence(total, rows.length, leftOut)}`,
    rows,
    total,
    unlisted,
    leftOut,
  };
}

/** ` 4 issues, 1 event left out: see the list under the import form.`, or nothing. */
function issuesSentence(total: number, listed: number, leftOut: number | null): string {
  if (total === 0) return '';
  const left =
    leftOut === null ? '' : `, ${leftOut === 0 ? 'no event' : plural(leftOut, 'event')} left out`;
  const where = listed > 0 ? ': see the list under the import form' : '';
  return ` ${plural(total, 'issue')}${left}${where}.`;
}

/** The heading of the import's issues: `4 issues in “work.ics”`. */
export function issuesHeading(report: Pick<ImportReport, 'label' | 'total'>): string {
  return `${plural(report.total, 'issue')} in “${report.label}”`;
}
