import { useId, useState } from 'react';
import type { Participant } from '../../api/meetings';
import { Badge, type BadgeTone } from '../../components/Badge';
import {
  attendeesOf,
  attendeeSummary,
  collapsedAttendees,
  type Attendee,
  type AttendeeMark,
} from './meeting-people';

/** A stranger stands out: a new stakeholder is who the rep looks for in the list. */
const MARK_TONES: Record<AttendeeMark, BadgeTone> = {
  contact: 'success',
  lead: 'info',
  'not in CRM': 'warning',
  'your team': 'neutral',
  room: 'neutral',
};

/**
 * Every attendee of a meeting, each with what the CRM knows of them; a long list shows its
 * first few until "Show all". Long names and addresses wrap (nothing is cut off), and the whole
 * of each is in its item's title for a pointer user reading a crowded list.
 */
export function AttendeeList({ participants }: { participants: readonly Participant[] }) {
  const id = useId();
  const [expanded, setExpanded] = useState(false);
  const attendees = attendeesOf(participants);
  const collapsed = collapsedAttendees(attendees);
  const shown = expanded ? attendees : collapsed;
  const hidden = attendees.length - collapsed.length;
  if (attendees.length === 0) return <>No attendees in the invitation</>;
  return (
    <>
      <p id={`${id}-summary`} className="attendees__summary">
        {attendeeSummary(attendees)}
      </p>
      <ul id={`${id}-list`} className="attendees" aria-labelledby={`${id}-summary`}>
        {shown.map((attendee) => (
          <AttendeeItem key={attendee.email} attendee={attendee} />
        ))}
      </ul>
      {hidden > 0 && (
        <button
          type="button"
          className="button--quiet"
          aria-expanded={expanded}
          aria-controls={`${id}-list`}
          onClick={() => setExpanded(!expanded)}
        >
          {expanded ? 'Show fewer attendees' : `Show all ${attendees.length} attendees`}
        </button>
      )}
    </>
  );
}

function AttendeeItem({ attendee }: { attendee: Attendee }) {
  const { name, email, mark, organizer } = attendee;
  const role = organizer ? ', organiser' : '';
  return (
    <li className="attendee" title={`${name ? `${name} <${email}>` : email} (${mark}${role})`}>
      <span className="attendee__name">{name ?? email}</span>
      {name && <span className="attendee__email muted">{email}</span>}
      <span className="attendee__marks">
        <Badge tone={MARK_TONES[mark]}>{mark}</Badge>
        {organizer && <Badge>organiser</Badge>}
      </span>
    </li>
  );
}
