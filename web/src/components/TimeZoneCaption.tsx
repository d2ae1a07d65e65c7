import { useSessionState, useTimeZone } from '../app/session-context';
import { browserTimeZone } from '../lib/dates';
import { timeZoneNote } from '../lib/time-zone-note';

/** Under a page's heading: the zone the page's times are in, and whether it is the browser's. */
export function TimeZoneCaption() {
  const timeZone = useTimeZone();
  const { session } = useSessionState();
  const fromProfile = timeZone === session?.user.timeZone;
  const note = timeZoneNote(timeZone, browserTimeZone(), fromProfile);
  return (
    <p className={note.differs ? 'time-zone-note time-zone-note--differs' : 'time-zone-note'}>
      {note.text}
    </p>
  );
}
