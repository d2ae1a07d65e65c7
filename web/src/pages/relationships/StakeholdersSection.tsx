import { useTimeZone } from '../../app/session-context';
import { Badge } from '../../components/Badge';
import { EmptyState } from '../../components/StatusStates';
import { TableScroll } from '../../components/TableScroll';
import { formatDate } from '../../lib/format';
import { humanize } from '../../lib/labels';
import { isNewStakeholder, type StakeholderItem } from './relationship-records';

interface StakeholdersSectionProps {
  stakeholders: StakeholderItem[];
  expansionReasons: string[];
  computedAt: string;
}

export function StakeholdersSection({
  stakeholders,
  expansionReasons,
  computedAt,
}: StakeholdersSectionProps) {
  const timeZone = useTimeZone();
  return (
    <section aria-labelledby="stakeholders-heading" className="section">
      <h2 id="stakeholders-heading">Stakeholders</h2>
      {expansionReasons.length > 0 && (
        <ul>
          {expansionReasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      )}
      {stakeholders.length === 0 ? (
        <EmptyState>
          <p>No external people have taken part in a held meeting yet.</p>
        </EmptyState>
      ) : (
        <TableScroll label="Stakeholders table">
          <table>
            <thead>
              <tr>
                <th scope="col">Person</th>
                <th scope="col">Seniority</th>
                <th scope="col">Department</th>
                <th scope="col">First seen</th>
                <th scope="col">Last seen</th>
                <th scope="col">Held meetings</th>
              </tr>
            </thead>
            <tbody>
              {stakeholders.map((s) => (
                <tr key={s.email}>
                  <th scope="row" className="cell-text">
                    <span className="cell-title">{s.name ?? s.email}</span>
                    {s.name && <span className="muted cell-sub">{s.email}</span>}
                    {s.title && <span className="muted cell-sub">{s.title}</span>}
                    {isNewStakeholder(s.firstSeen, computedAt) && <Badge tone="info">New</Badge>}
                  </th>
                  <td>
                    {s.seniority && s.seniority !== 'unknown' ? humanize(s.seniority) : 'Unknown'}
                  </td>
                  <td>{s.departments.length > 0 ? s.departments.map(humanize).join(', ') : '—'}</td>
                  <td>{s.firstSeen ? formatDate(s.firstSeen, timeZone) : '—'}</td>
                  <td>{s.lastSeen ? formatDate(s.lastSeen, timeZone) : '—'}</td>
                  <td>{s.meetings ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}
