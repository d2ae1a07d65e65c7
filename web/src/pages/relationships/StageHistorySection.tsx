import type { RelationshipDetail } from '../../api/relationships';
import { useTimeZone } from '../../app/session-context';
import { Badge } from '../../components/Badge';
import { EmptyState } from '../../components/StatusStates';
import { TableScroll } from '../../components/TableScroll';
import { formatDate } from '../../lib/format';
import { humanize } from '../../lib/labels';
import { stageTone } from './relationship-labels';
import { ReasonList } from './ReasonList';
import { showsUtcDates, stageChangeRows } from './stage-changes';

interface StageHistorySectionProps {
  history: RelationshipDetail['stageHistory'];
  changes: RelationshipDetail['stageChanges'];
  /** The current stage and its reasons, shown at the top of the page. */
  current: { stage: string; reasons: string[] };
}

export function StageHistorySection({ history, changes, current }: StageHistorySectionProps) {
  const rows = stageChangeRows(changes, [...history, current]);
  return (
    <section aria-labelledby="history-heading" className="section">
      <h2 id="history-heading">Stage history</h2>
      {history.length === 0 && rows.length === 0 ? (
        <EmptyState>
          <p>No stage changes yet.</p>
        </EmptyState>
      ) : (
        <>
          {history.length > 0 && <HistoryTable history={history} />}
          {rows.length > 0 && <RecordedChanges rows={rows} />}
        </>
      )}
    </section>
  );
}

function HistoryTable({ history }: { history: RelationshipDetail['stageHistory'] }) {
  const timeZone = useTimeZone();
  return (
    <>
      <p className="hint">The stages the meetings went through, by the date of the meetings.</p>
      <TableScroll label="Stage history table">
        <table>
          <thead>
            <tr>
              <th scope="col">Since</th>
              <th scope="col">Stage</th>
              <th scope="col">Reasons</th>
            </tr>
          </thead>
          <tbody>
            {history.map((entry) => (
              <tr key={`${entry.since}-${entry.stage}`}>
                <td>{entry.since ? formatDate(entry.since, timeZone) : '—'}</td>
                <td>
                  <Badge tone={stageTone(entry.stage)}>{humanize(entry.stage)}</Badge>
                </td>
                <td className="cell-text">
                  {entry.reasons.length === 0 ? (
                    '—'
                  ) : (
                    // Of an earlier stage: its days are counted up to when it began, not now.
                    <ReasonList
                      className="plain-list"
                      reasons={entry.reasons}
                      parts={entry.reasonParts}
                      clock={{ now: Date.parse(entry.since), timeZone }}
                    />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </>
  );
}

/**
 * The changes calintel recorded, with their reasons as they stood then (their days counted up to
 * the change), less those the page shows for that stage already.
 */
function RecordedChanges({ rows }: { rows: ReturnType<typeof stageChangeRows> }) {
  const timeZone = useTimeZone();
  return (
    <>
      <h3 id="changes-heading" className="subsection-heading">
        Changes calintel recorded
      </h3>
      <p className="hint">
        When calintel noticed each change, as it analysed new meetings; their reasons as they stood
        then
        {showsUtcDates(rows) ? ' (some as calintel wrote them then, dates in UTC)' : ''}.
      </p>
      <ol aria-labelledby="changes-heading" className="stage-changes">
        {rows.map((row) => (
          <li key={row.key}>
            <time dateTime={row.changedAt}>{formatDate(row.changedAt, timeZone)}</time>: {row.text}
            {row.reasons.length > 0 && (
              <ReasonList
                className="plain-list"
                reasons={row.reasons}
                parts={row.parts}
                clock={{ now: Date.parse(row.changedAt), timeZone }}
              />
            )}
          </li>
        ))}
      </ol>
    </>
  );
}
