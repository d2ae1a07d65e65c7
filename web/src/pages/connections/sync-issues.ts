import type { SyncIssue } from '../../api/providers';

/** One issue of a calendar's last sync, as the connections page lists it. */
export interface IssueRow {
  /** The line of the file or object, when the source has lines and said. */
  line: number | null;
  /** The event (UID, href or item id) the issue is about, when known. */
  event: string | null;
  /** What was wrong, as the sync said it, without the line or event it already names. */
  problem: string;
  /** What calintel did about it. */
  done: string;
}

/**
 * Said when the message does not say what was done: every sync issue is a problem with part of
 * a source that did not stop the rest (StoredSyncIssue on the server).
 */
export const REST_SYNCED = 'Synced the rest of the calendar';

/** Issues in the order of the file; those without a line last. */
export function byLine(a: SyncIssue, b: SyncIssue): number {
  return (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER);
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * An issue split into what was wrong and what was done. The providers' messages read
 * `[<event>: ][line N: ]<what was wrong>; <what was done>` (`VEVENT has no DTSTART; event
 * skipped`, `...; its stored events are kept, and it is read again on the next sync`).
 */
export function issueRow(issue: SyncIssue): IssueRow {
  let text = issue.message.trim();
  if (issue.providerEventId)
    text = text.replace(new RegExp(`^${escape(issue.providerEventId)}:\\s*`), '');
  if (issue.line !== null) text = text.replace(new RegExp(`^line ${issue.line}:\\s*`, 'i'), '');
  const split = text.lastIndexOf('; ');
  const problem = split > 0 ? text.slice(0, split) : text;
  const done = split > 0 ? text.slice(split + 2).trim() : '';
  return {
    line: issue.line,
    event: issue.providerEventId,
    problem: capitalise(problem),
    done: done ? capitalise(done) : REST_SYNCED,
  };
}

/** The rows of a calendar's issues, in the order of its file. */
export function issueRows(issues: readonly SyncIssue[]): IssueRow[] {
  return [...issues].sort(byLine).map(issueRow);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
