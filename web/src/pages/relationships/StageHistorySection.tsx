import type { RelationshipDetail } from '../../api/relationships';
import { useTimeZone } from '../../app/session-context';
import { Badge } from '../../components/Badge';
import { EmptyState } from '../../components/StatusStates';
import { TableScroll } from '../../components/TableScroll';
import { formatDate } from '../../lib/format';
import { humanize } from '../../lib/labels';
import { stageTone } from './relationship-labels';

export function StageHistorySection({ history }: { history: RelationshipDetail['stageHistory'] }) {
  const timeZone = useTimeZone();
  return (
    <section aria-labelledby="history-heading" className="section">
      <h2 id="history-heading">Stage history</h2>
      {history.length === 0 ? (
        <EmptyState>
          <p>No stage changes yet.</p>
        </EmptyState>
      ) : (
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
                  <td>
                    {entry.reasons.length === 0 ? (
                      '—'
                    ) : (
                      <ul className="plain-list">
                        {entry.reasons.map((reason) => (
                          <li key={reason}>{reason}</li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}
