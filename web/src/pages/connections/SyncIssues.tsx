import type { ProviderKind, SyncIssue } from '../../api/providers';
import { plural } from '../../lib/format';
import { issueRows, issuesLabel, type IssueRow } from './sync-issues';

interface IssuesToggleProps {
  issues: readonly SyncIssue[];
  /** How many there were: more than `issues` when the status keeps only the first. */
  count: number;
  open: boolean;
  /** The id of the list the button shows and hides. */
  controls: string;
  onToggle: () => void;
}

/** A calendar's count of issues, as a disclosure button for their list (or "None"). */
export function IssuesToggle({ issues, count, open, controls, onToggle }: IssuesToggleProps) {
  // Nothing listed to show: the count alone (a status always lists the first of its issues).
  if (issues.length === 0) return <>{count === 0 ? 'None' : plural(count, 'issue')}</>;
  return (
    <button
      type="button"
      className="button--disclosure"
      aria-expanded={open}
      aria-controls={controls}
      onClick={onToggle}
    >
      {issuesLabel(count, issues.length)}
    </button>
  );
}

interface IssueListProps {
  calendarName: string;
  issues: readonly SyncIssue[];
  /** Whose messages they are: what a Google or Microsoft issue leaves unsaid differs. */
  provider: ProviderKind;
}

/**
 * What the last sync of a calendar found wrong, one row each: where (the line of the file
 * or object), what was wrong, and what calintel did about it.
 */
export function IssueList({ calendarName, issues, provider }: IssueListProps) {
  return (
    <div className="sync-issues">
      <IssueTable
        caption={`What the last sync of ${calendarName} found wrong`}
        rows={issueRows(issues, provider)}
      />
    </div>
  );
}

type IssueTableProps = {
  rows: readonly IssueRow[];
} & ({ caption: string; labelledBy?: never } | { caption?: never; labelledBy: string });

/** Issues as a table: the line, what was wrong (with its event) and what calintel did. */
export function IssueTable({ rows, caption, labelledBy }: IssueTableProps) {
  return (
    <table aria-labelledby={labelledBy}>
      {caption !== undefined && <caption>{caption}</caption>}
      <thead>
        <tr>
          <th scope="col">Line</th>
          <th scope="col">What was wrong</th>
          <th scope="col">What calintel did</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row, index) => (
          <tr key={`${index}-${row.line ?? ''}-${row.problem}`}>
            <td>{row.line ?? 'Not given'}</td>
            <td className="cell-text">
              {row.problem}
              {row.event && (
                <span className="muted">
                  {' '}
                  (event{' '}
                  {row.eventShort === row.event ? (
                    row.event
                  ) : (
                    // Shortened on screen, the whole id on hover; screen readers get it whole.
                    <>
                      <span title={row.event} aria-hidden="true">
                        {row.eventShort}
                      </span>
                      <span className="visually-hidden">{row.event}</span>
                    </>
                  )}
                  )
                </span>
              )}
            </td>
            <td className="cell-text">{row.done}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
