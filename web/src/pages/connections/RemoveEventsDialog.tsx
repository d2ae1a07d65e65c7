import { disconnect } from '../../api/providers';
import type { ActionStatusState } from '../../components/use-action-status';
import { plural } from '../../lib/format';
import { ConfirmDialog } from './ConfirmDialog';
import type { ConnectionView } from './connection-views';

interface RemoveEventsDialogProps {
  /** A connection disconnected with its events kept: they go with its calendars. */
  connection: ConnectionView;
  status: ActionStatusState;
  onClose: () => void;
  /** The card is going: where focus goes instead of the "Remove its events" button. */
  onRemoved: () => void;
}

/**
 * The confirm step of removing the events a disconnected connection kept. The server's disconnect
 * with `keepEvents: false` also takes an already disconnected connection: it deletes the
 * connection with its calendars and events.
 */
export function RemoveEventsDialog({
  connection,
  status,
  onClose,
  onRemoved,
}: RemoveEventsDialogProps) {
  const events = connection.calendars.reduce((total, c) => total + c.events, 0);
  return (
    <ConfirmDialog
      title={`Remove the events of ${connection.label}?`}
      confirmLabel="Confirm remove"
      busyLabel="Removing…"
      failure="Could not remove the events."
      run={() => disconnect(connection.id, false)}
      done={() => `${connection.label} is removed, with its calendars and events.`}
      status={status}
      onClose={onClose}
      onDone={onRemoved}
    >
      <p>
        calintel deletes the {plural(events, 'event')} this disconnected connection kept, with its
        calendars, and finds meetings, conflicts and relationships again without them. Nothing
        changes where they came from: connect it again to bring them back.
      </p>
    </ConfirmDialog>
  );
}
