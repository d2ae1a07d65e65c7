import { useId } from 'react';
import { MEETING_TYPES, type Feedback, type Meeting } from '../../api/meetings';
import { useTimeZone } from '../../app/session-context';
import { Badge } from '../../components/Badge';
import { LOAD_MORE_ITEM } from '../../components/use-load-more-focus';
import { formatPercent } from '../../lib/format';
import { meetingTypeLabel } from '../../lib/labels';
import { AttendeeList } from './AttendeeList';
import { meetingDateTimeAttribute, meetingWhen } from './meeting-days';
import { MEETING_TYPE_TONES } from './meeting-type-tones';
import { cardTitleId, rejectButtonId } from './undo-reject';
import { useTypeChoice } from './use-type-choice';

export interface MeetingCardProps {
  meeting: Meeting;
  onFeedback: (meeting: Meeting, feedback: Feedback) => void;
}

export function MeetingCard({ meeting, onFeedback }: MeetingCardProps) {
  const id = useId();
  const timeZone = useTimeZone();
  const confirmed = meeting.source === 'feedback' && meeting.isSalesMeeting;

  return (
    <article
      className="card meeting"
      aria-labelledby={cardTitleId(meeting.id)}
      {...{ [LOAD_MORE_ITEM]: meeting.id }}
    >
      <div className="card__header">
        {/* Focusable by script: where focus goes when the card before it leaves the list. */}
        <h3 id={cardTitleId(meeting.id)} tabIndex={-1}>
          {meeting.title || '(no title)'}
        </h3>
        <div className="badges">
          <Badge tone={meeting.meetingType ? MEETING_TYPE_TONES[meeting.meetingType] : 'neutral'}>
            {meetingTypeLabel(meeting.meetingType)}
          </Badge>
          {confirmed && <Badge tone="success">Confirmed by your team</Badge>}
        </div>
      </div>
      <dl className="facts">
        <div>
          <dt>When</dt>
          <dd>
            <time dateTime={meetingDateTimeAttribute(meeting)}>
              {meetingWhen(meeting, timeZone)}
            </time>
          </dd>
        </div>
        <div>
          <dt>Confidence</dt>
          <dd>{formatPercent(meeting.confidence)}</dd>
        </div>
        <div>
          <dt>Account</dt>
          <dd>
            {meeting.account?.name ?? 'No account matched'}
            {meeting.accountAmbiguous && <span className="muted"> (several accounts matched)</span>}
          </dd>
        </div>
        <div className="facts__wide">
          <dt>Attendees</dt>
          <dd>
            <AttendeeList participants={meeting.participants} />
          </dd>
        </div>
      </dl>
      {meeting.reasons.length > 0 && (
        <div className="reasons">
          <h4 id={`${id}-why`}>Why it is a sales meeting</h4>
          <ul aria-labelledby={`${id}-why`}>
            {meeting.reasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        </div>
      )}
      <FeedbackActions meeting={meeting} onFeedback={onFeedback} />
    </article>
  );
}

function FeedbackActions({ meeting, onFeedback }: MeetingCardProps) {
  const id = useId();
  const series = meeting.seriesId !== null;
  const type = useTypeChoice(meeting, onFeedback);
  const describedBy = [series ? `${id}-series` : '', type.pending ? `${id}-pending` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div className="meeting__feedback">
      <div className="actions">
        <button
          type="button"
          onClick={() => onFeedback(meeting, { verdict: 'confirm' })}
          aria-describedby={series ? `${id}-series` : undefined}
        >
          Confirm
        </button>
        <button
          type="button"
          id={rejectButtonId(meeting.id)}
          onClick={() => onFeedback(meeting, { verdict: 'reject' })}
          aria-describedby={series ? `${id}-series` : undefined}
        >
          Not a sales meeting
        </button>
        <div className="field field--inline">
          <label htmlFor={`${id}-type`}>Meeting type</label>
          <select
            id={`${id}-type`}
            value={type.value}
            aria-describedby={describedBy || undefined}
            {...type.handlers}
          >
            {meeting.meetingType === null && (
              <option value="" disabled>
                Choose a type
              </option>
            )}
            {MEETING_TYPES.map((type) => (
              <option key={type} value={type}>
                {meetingTypeLabel(type)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {type.pending && (
        <p id={`${id}-pending`} className="hint">
          Press Enter to save {meetingTypeLabel(type.pending)}, or Escape to keep{' '}
          {meetingTypeLabel(meeting.meetingType)}.
        </p>
      )}
      {series && (
        <p id={`${id}-series`} className="hint">
          Part of a recurring series: your answer applies to the whole series.
        </p>
      )}
    </div>
  );
}
