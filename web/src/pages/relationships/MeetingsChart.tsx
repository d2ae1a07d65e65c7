import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { MeetingType } from '../../api/meetings';
import { TableScroll } from '../../components/TableScroll';
import { formatMonth, plural } from '../../lib/format';
import { meetingTypeLabel } from '../../lib/labels';
import { typesPresent, type MonthBucket } from './chart-buckets';

/** Bar colours, each at least 3:1 against white (non-text contrast). */
const TYPE_COLOURS: Record<MeetingType, string> = {
  discovery: '#1d4ed8',
  demo: '#7c3aed',
  negotiation: '#b45309',
  follow_up: '#0f766e',
  closing: '#15803d',
  other: '#4b5563',
};

function summary(buckets: readonly MonthBucket[], types: readonly MeetingType[]): string {
  const total = buckets.reduce((sum, b) => sum + b.total, 0);
  const first = buckets[0];
  const last = buckets[buckets.length - 1];
  if (!first || !last) return 'No meetings to chart.';
  const byType = types
    .map((type) => `${meetingTypeLabel(type)} ${buckets.reduce((sum, b) => sum + b[type], 0)}`)
    .join(', ');
  const busiest = buckets.reduce((best, b) => (b.total > best.total ? b : best), first);
  return `Stacked bar chart of ${plural(total, 'meeting')} from ${formatMonth(first.month)} to ${formatMonth(last.month)}, by type: ${byType}. Busiest month: ${formatMonth(busiest.month)} with ${plural(busiest.total, 'meeting')}.`;
}

export function MeetingsChart({ buckets }: { buckets: MonthBucket[] }) {
  const types = typesPresent(buckets);
  const data = buckets.map((b) => ({ ...b, label: formatMonth(b.month) }));
  return (
    <figure className="chart">
      <div className="chart__canvas" role="img" aria-label={summary(buckets, types)}>
        <ResponsiveContainer width="100%" height={280}>
          <BarChart
            data={data}
            accessibilityLayer={false}
            margin={{ top: 8, right: 8, bottom: 8, left: 0 }}
          >
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="label" tick={{ fill: '#374151', fontSize: 12 }} />
            <YAxis allowDecimals={false} tick={{ fill: '#374151', fontSize: 12 }} width={32} />
            <Tooltip />
            <Legend itemSorter={null} />
            {types.map((type) => (
              <Bar
                key={type}
                dataKey={type}
                name={meetingTypeLabel(type)}
                stackId="meetings"
                fill={TYPE_COLOURS[type]}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption>Meetings over time by type</figcaption>
      <details className="chart__data">
        <summary>Show the numbers as a table</summary>
        <TableScroll label="Meetings per month by type">
          <table>
            <caption className="visually-hidden">Meetings per month by type</caption>
            <thead>
              <tr>
                <th scope="col">Month</th>
                {types.map((type) => (
                  <th key={type} scope="col">
                    {meetingTypeLabel(type)}
                  </th>
                ))}
                <th scope="col">Total</th>
              </tr>
            </thead>
            <tbody>
              {data.map((row) => (
                <tr key={row.month}>
                  <th scope="row">{row.label}</th>
                  {types.map((type) => (
                    <td key={type}>{row[type]}</td>
                  ))}
                  <td>{row.total}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </details>
    </figure>
  );
}
