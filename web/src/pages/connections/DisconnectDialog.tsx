import { useId, useState } from 'react';
import { disconnect } from '../../api/providers';
import type { ActionStatusState } from '../../components/use-action-status';
import { providerLabel } from '../../lib/labels';
import { ConfirmDialog } from './ConfirmDialog';
import type { ConnectionView } from './connection-views';

interface DisconnectDialogProps {
  connection: ConnectionView;
  status: ActionStatusState;
  onClose: () => void;
  /** "Disconnect" goes with the connection: where focus goes instead. */
  onDisconnected: () => void;
}

/** The confirm step of disconnecting, with the choice to keep the synced events. */
export function DisconnectDialog({
  connection,
  status,
  onClose,
  onDisconnected,
}: DisconnectDialogProps) {
  const keepId = useId();
  const [keepEvents, setKeepEvents] = useState(true);
  return (
    <ConfirmDialog
      title={`Disconnect ${connection.label}?`}
      confirmLabel="Confirm disconnect"
      busyLabel="Disconnecting…"
      failure="Could not disconnect."
      run={() => disconnect(connection.id, keepEvents)}
      done={(result) =>
        `${connection.label} is disconnected. ${
          result.eventsKept
            ? 'Its events were kept and are no longer updated.'
            : 'Its calendars and events were deleted.'
        }`
      }
      status={status}
      onClose={onClose}
      onDone={onDisconnected}
    >
      <p>
        {connection.provider === 'ics'
          ? 'calintel stops fetching this feed.'
          : `calintel stops syncing this ${providerLabel(connection.provider)} account and forgets its access.`}
      </p>
      <div className="checkbox">
        <input
          id={keepId}
          type="checkbox"
          checked={keepEvents}
          onChange={(event) => setKeepEvents(event.target.checked)}
        />
        <label htmlFor={keepId}>Keep the synced events (they are no longer updated)</label>
      </div>
    </ConfirmDialog>
  );
}
