import { deleteImportedCalendar } from '../../api/providers';
import type { ActionStatusState } from '../../components/use-action-status';
import { plural } from '../../lib/format';
import { ConfirmDialog } from './ConfirmDialog';
import type { ConnectionView } from './connection-views';

interface DeleteCalendarDialogProps {
  /** An imported file: its calendar goes with its events and its connection. */
  connection: ConnectionView;
  status: ActionStatusState;
  onClose: () => void;
  /** The card is going: where focus goes instead of the "Delete calendar" button. */
  onDeleted: () => void;
}

/** The confirm step of deleting an imported file. */
export function DeleteCalendarDialog({
  connection,
  status,
  onClose,
  onDeleted,
}: DeleteCalendarDialogProps) {
  const calendars = connection.calendars.filter((c) => c.importedFile);
  const events = calendars.reduce((total, c) => total + c.events, 0);
  return (
    <ConfirmDialog
      title={`Delete ${connection.label}?`}
      confirmLabel="Confirm delete"
      busyLabel="Deleting…"
      failure="Could not delete."
      // One calendar per file; the connection goes with the last one.
      run={async () => {
        for (const calendar of calendars) await deleteImportedCalendar(calendar.id);
      }}
      done={() => `${connection.label} is deleted, with its events.`}
      status={status}
      onClose={onClose}
      onDone={onDeleted}
    >
      <p>
        calintel deletes this imported file&apos;s calendar and its {plural(events, 'event')}, and
        finds meetings, conflicts and relationships again without them. The file itself is not
        touched: import it again to bring it back.
      </p>
    </ConfirmDialog>
  );
}
