import { useTimeZone } from '../../app/session-context';
import { EmptyState } from '../../components/StatusStates';
import { formatDate } from '../../lib/format';
import { cadenceText, trendDescription } from './relationship-labels';
import type { SeriesItem } from './relationship-records';

export function SeriesSection({ series }: { series: SeriesItem[] }) {
  const timeZone = useTimeZone();
  return (
    <section aria-labelledby="series-heading" className="section">
      <h2 id="series-heading">Series</h2>
      {series.length === 0 ? (
        <EmptyState>
          <p>No recurring meetings with this account.</p>
        </EmptyState>
      ) : (
        <ul className="card-list">
          {series.map((s) => (
            <li key={s.id} className="card">
              <h3>{s.title}</h3>
              <p className="muted">
                {s.kind === 'implicit' ? 'The same people at a steady rhythm' : 'Recurring meeting'}
                {s.firstStart && s.lastStart
                  ? ` · ${formatDate(s.firstStart, timeZone)} to ${formatDate(s.lastStart, timeZone)}`
                  : ''}
              </p>
              <dl className="facts">
                <div>
                  <dt>Held</dt>
                  <dd>
                    {s.held ?? '—'} of {s.occurrences ?? '—'}
                  </dd>
                </div>
                <div>
                  <dt>Upcoming</dt>
                  <dd>{s.upcoming ?? '—'}</dd>
                </div>
                <div>
                  <dt>Cancelled</dt>
                  <dd>{s.cancelled ?? '—'}</dd>
                </div>
                <div>
                  <dt>Cadence</dt>
                  <dd>{cadenceText(s.cadenceDays)}</dd>
                </div>
                {s.durationTrend && (
                  <div>
                    <dt>Duration</dt>
                    <dd>{trendDescription(s.durationTrend)}</dd>
                  </div>
                )}
                {s.stoppedComing.length > 0 && (
                  <div>
                    <dt>Stopped coming</dt>
                    <dd>{s.stoppedComing.join(', ')}</dd>
                  </div>
                )}
              </dl>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
