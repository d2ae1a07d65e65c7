import { useId, useRef, useState } from 'react';
import type { SharedCalendar } from '../../api/exchange-shared';
import { useTimeZone } from '../../app/session-context';
import { Badge } from '../../components/Badge';
import { ErrorState, Loading } from '../../components/StatusStates';
import type { ActionStatusState } from '../../components/use-action-status';
import { AddSharedCalendarForm } from './AddSharedCalendarForm';
import type { CalendarView, ConnectionView } from './connection-views';
import { RemoveSharedCalendarDialog } from './RemoveSharedCalendarDialog';
import { sharedCalendarState } from './shared-calendar-text';
import { useSharedCalendars } from './use-shared-calendars';

interface SharedCalendarsProps {
  /** An Exchange connection. */
  connection: ConnectionView;
  status: ActionStatusState;
}

/** An Exchange card's colleagues' calendars (an exec's, a team's): listed, added, removed. */
export function SharedCalendars({ connection, status }: SharedCalendarsProps) {
  const headingId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const shared = useSharedCalendars(connection.id);
  const [removing, setRemoving] = useState<SharedCalendar | null>(null);
  const calendarOf = (item: SharedCalendar) =>
    connection.calendars.find((c) => c.id === item.calendarId);
  return (
    <section className="shared-calendars" aria-labelledby={headingId}>
      {/* Focus comes here when a removed calendar's button has gone with it. */}
      <h4 id={headingId} ref={heading} tabIndex={-1}>
        Shared calendars
      </h4>
      <p className="hint">
        Calendars colleagues share with this mailbox, such as a manager&apos;s you keep. calintel
        reads these calendars but does not count their events as your meetings.
      </p>
      {shared.isPending ? (
        <Loading>Loading shared calendars…</Loading>
      ) : shared.isError ? (
        <ErrorState
          error={shared.error}
          title="Could not load the shared calendars."
          onRetry={() => void shared.refetch()}
        />
      ) : shared.data.length === 0 ? (
        <p className="muted">None added yet.</p>
      ) : (
        <ul className="shared-calendars__list">
          {shared.data.map((item) => (
            <SharedCalendarItem
              key={item.calendarId}
              item={item}
              calendar={calendarOf(item)}
              onRemove={() => setRemoving(item)}
            />
          ))}
        </ul>
      )}
      <AddSharedCalendarForm connectionId={connection.id} status={status} />
      {removing && (
        <RemoveSharedCalendarDialog
          shared={removing}
          events={calendarOf(removing)?.events ?? null}
          status={status}
          onClose={() => setRemoving(null)}
          onRemoved={() => heading.current?.focus()}
        />
      )}
    </section>
  );
}

interface SharedCalendarItemProps {
  item: SharedCalendar;
  calendar: CalendarView | undefined;
  onRemove: () => void;
}

function SharedCalendarItem({ item, calendar, onRemove }: SharedCalendarItemProps) {
  const timeZone = useTimeZone();
  const state = sharedCalendarState(item.missingSince, calendar, timeZone);
  return (
    <li className="shared-calendars__item">
      <div className="shared-calendars__owner">
        <span className="shared-calendars__email">{item.ownerEmail}</span>
        <Badge tone={state.tone}>{state.text}</Badge>
        {item.missingSince !== null && (
          <p className="hint">
            Exchange no longer opens it: its owner may have withdrawn your access. Ask them to share
            it again, or remove it.
          </p>
        )}
      </div>
      <button type="button" className="button--danger" onClick={onRemove}>
        Remove<span className="visually-hidden"> {item.ownerEmail}&apos;s calendar</span>
      </button>
    </li>
  );
}
