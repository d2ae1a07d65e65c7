import { useTimeZone } from '../../app/session-context';
import { Badge } from '../../components/Badge';
import { EmptyState } from '../../components/StatusStates';
import { formatDateTime } from '../../lib/format';
import { meetingTypeLabel, personLabel } from '../../lib/labels';
import { MEETING_TYPE_TONES } from '../meetings/meeting-type-tones';
import type { TimelineItem } from './relationship-records';

export function TimelineSection({ timeline }: { timeline: TimelineItem[] }) {
  const timeZone = useTimeZone();
  return (
    <section aria-labelledby="timeline-heading" className="section">
      <h2 id="timeline-heading">Timeline</h2>
      {timeline.length === 0 ? (
        <EmptyState>
          <p>No meetings with this account yet.</p>
        </EmptyState>
      ) : (
        <ol className="timeline">
          {timeline.map((meeting) => (
            <li key={meeting.id} className="timeline__item">
              <p className="timeline__when">
                <time dateTime={meeting.start}>{formatDateTime(meeting.start, timeZone)}</time>
              </p>
              <p className="timeline__title">
                <strong>{meeting.title}</strong>{' '}
                <Badge
                  tone={meeting.meetingType ? MEETING_TYPE_TONES[meeting.meetingType] : 'neutral'}
                >
                  {meetingTypeLabel(meeting.meetingType)}
                </Badge>{' '}
                {meeting.upcoming && <Badge tone="info">Upcoming</Badge>}
              </p>
              <Participants meeting={meeting} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function Participants({ meeting }: { meeting: TimelineItem }) {
  const external = meeting.externalPeople.map(personLabel);
  const internal = meeting.internalPeople.map((p) => p.email);
  return (
    <p className="muted timeline__people">
      {external.length > 0 ? `With ${external.join(', ')}` : 'No external attendees'}
      {internal.length > 0 && ` · your team: ${internal.join(', ')}`}
    </p>
  );
}
