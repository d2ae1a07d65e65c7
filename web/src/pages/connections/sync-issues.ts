import type { ProviderKind, SyncIssue } from '../../api/providers';
import { plural } from '../../lib/format';

/** One issue of a calendar's last sync, as the connections page lists it. */
export interface IssueRow {
  /** The line of the file or object, when the source has lines and said. */
  line: number | null;
  /** The event (UID, href or item id) the issue is about, when known. */
  event: string | null;
  /** The event as shown: a long id (Outlook's run to ~150 characters) shortened. */
  eventShort: string | null;
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

/**
 * What Google and Microsoft syncs do with an event they cannot map (their providers' sortItems):
 * it is not added or updated, and a copy stored before is kept as it was (the issue's id goes to
 * the page's `kept`, see EventPageInput). Their messages do not say so.
 */
export const LEFT_OUT =
  'Left this event out; a copy from an earlier sync, if any, is kept as it was';

/** Providers whose every issue about an event is one they left out (see LEFT_OUT). */
const LEAVES_OUT: ReadonlySet<ProviderKind> = new Set(['google', 'microsoft']);

/** Ids longer than this are shown shortened. */
const SHORT_ID = 24;

/** The count of a calendar's issues: "250 issues (the first 200 listed)" when not all are. */
export function issuesLabel(count: number, listed: number): string {
  const total = Math.max(count, listed);
  return total > listed
    ? `${plural(total, 'issue')} (the first ${listed} listed)`
    : plural(total, 'issue');
}

/** Issues in the order of the file; those without a line last. */
export function byLine(a: SyncIssue, b: SyncIssue): number {
  return (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER);
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** An id as short as a table cell can hold: its start and its end, the middle elided. */
export function shortId(id: string): string {
  return id.length > SHORT_ID ? `${id.slice(0, 12)}…${id.slice(-8)}` : id;
}

/**
 * Where the message's last `; ` outside a quoted value is (`EXDATE "2026; 12" ignored: ...`
 * quotes the file, which may hold one), or -1. A quote opens after a space or a colon and closes
 * before a space, `;`, `,` or the end, so a `"` inside a value does not turn the rest inside
 * out; if the quotes still do not pair up, the last `; ` anywhere is taken.
 */
export function lastSplit(text: string): number {
  let quoted = false;
  let split = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      const before = i === 0 ? ' ' : text[i - 1]!;
      const after = i + 1 === text.length ? ' ' : text[i + 1]!;
      if (!quoted && /[\s:(]/.test(before)) quoted = true;
      else if (quoted && /[\s;,):.]/.test(after)) quoted = false;
    } else if (!quoted && c === ';' && text[i + 1] === ' ') split = i;
  }
  return quoted ? text.lastIndexOf('; ') : split;
}

/**
 * An issue split into what was wrong and what was done. The providers' messages read
 * `[<event>: ][line N: ]<what was wrong>; <what was done>` (`VEVENT has no DTSTART; event
 * skipped`, `...; its stored events are kept, and it is read again on the next sync`), or, from
 * Google and Microsoft, `event <id>: <what was wrong>`.
 */
export function issueRow(issue: SyncIssue, provider: ProviderKind): IssueRow {
  let text = issue.message.trim();
  const id = issue.providerEventId;
  if (id) text = text.replace(new RegExp(`^(?:event )?${escape(id)}:\\s*`), '');
  if (issue.line !== null) text = text.replace(new RegExp(`^line ${issue.line}:\\s*`, 'i'), '');
  const split = lastSplit(text);
  const problem = split > 0 ? text.slice(0, split) : text;
  const done = split > 0 ? text.slice(split + 2).trim() : '';
  return {
    line: issue.line,
    event: id,
    eventShort: id === null ? null : shortId(id),
    problem: capitalise(problem),
    done: done ? capitalise(done) : id && LEAVES_OUT.has(provider) ? LEFT_OUT : REST_SYNCED,
  };
}

/** The rows of a calendar's issues, in the order of its file. */
export function issueRows(issues: readonly SyncIssue[], provider: ProviderKind): IssueRow[] {
  return [...issues].sort(byLine).map((issue) => issueRow(issue, provider));
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
