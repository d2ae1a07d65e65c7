import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { disconnect } from '../../api/providers';
import { errorMessage } from '../../api/client';
import type { ActionStatusState } from '../../components/use-action-status';
import { providerLabel } from '../../lib/labels';
import type { ConnectionView } from './connection-views';
import { refreshConnections } from './invalidate';

interface DisconnectDialogProps {
  connection: ConnectionView;
  status: ActionStatusState;
  onClose: () => void;
  /** "Disconnect" goes with the connection: where focus goes instead. */
  onDisconnected: () => void;
}

/** A modal confirm step: the native dialog keeps focus inside and closes on Escape. */
export function DisconnectDialog({
  connection,
  status,
  onClose,
  onDisconnected,
}: DisconnectDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  const keepId = useId();
  const [keepEvents, setKeepEvents] = useState(true);
  const queryClient = useQueryClient();

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);

  // Closing the dialog (not unmounting it) lets the browser put focus back on "Disconnect".
  const close = () => dialog.current?.close();

  const mutation = useMutation({
    mutationFn: () => disconnect(connection.id, keepEvents),
    onSuccess: (result) => {
      status.report(
        `${connection.label} is disconnected. ${
          result.eventsKept
            ? 'Its events were kept and are no longer updated.'
            : 'Its calendars and events were deleted.'
        }`,
      );
      void refreshConnections(queryClient);
      close();
      onDisconnected();
    },
    // The dialog says why; an earlier action's outcome must not stay beside it.
    onError: () => status.clear(),
  });

  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-labelledby={headingId}
      onClose={onClose}
      onCancel={(event) => {
        if (mutation.isPending) event.preventDefault();
      }}
    >
      <form
        method="dialog"
        className="stack"
        onSubmit={(event) => {
          event.preventDefault();
          if (!mutation.isPending) mutation.mutate();
        }}
      >
        <h2 id={headingId}>Disconnect {connection.label}?</h2>
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
        {mutation.isError && (
          <p role="alert" className="form-error">
            Could not disconnect. {errorMessage(mutation.error)}
          </p>
        )}
        <div className="actions">
          {/* Not disabled while it works: a disabled button drops keyboard focus on the page. */}
          <button
            type="submit"
            className="button--danger"
            aria-disabled={mutation.isPending || undefined}
          >
            {mutation.isPending ? 'Disconnecting…' : 'Confirm disconnect'}
          </button>
          <button type="button" onClick={close} disabled={mutation.isPending}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
