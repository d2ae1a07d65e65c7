import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef } from 'react';
import { disconnect } from '../../api/providers';
import { errorMessage } from '../../api/client';
import type { ActionStatusState } from '../../components/use-action-status';
import { plural } from '../../lib/format';
import type { ConnectionView } from './connection-views';
import { refreshConnections } from './invalidate';

interface RemoveEventsDialogProps {
  /** A connection disconnected with its events kept: they go with its calendars. */
  connection: ConnectionView;
  status: ActionStatusState;
  onClose: () => void;
  /** The card is going: where focus goes instead of the "Remove its events" button. */
  onRemoved: () => void;
}

/**
 * The confirm step of removing the events a disconnected connection kept, as the Disconnect
 * dialog does it: the native dialog keeps focus inside, closes on Escape and puts focus back on
 * the button that opened it. The server's disconnect with `keepEvents: false` also takes an
 * already disconnected connection: it deletes the connection with its calendars and events.
 */
export function RemoveEventsDialog({
  connection,
  status,
  onClose,
  onRemoved,
}: RemoveEventsDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  const queryClient = useQueryClient();
  const events = connection.calendars.reduce((total, c) => total + c.events, 0);

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);

  const close = () => dialog.current?.close();

  const mutation = useMutation({
    mutationFn: () => disconnect(connection.id, false),
    onSuccess: () => {
      status.report(`${connection.label} is removed, with its calendars and events.`);
      void refreshConnections(queryClient);
      close();
      onRemoved();
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
        <h2 id={headingId}>Remove the events of {connection.label}?</h2>
        <p>
          calintel deletes the {plural(events, 'event')} this disconnected connection kept, with its
          calendars, and finds meetings, conflicts and relationships again without them. Nothing
          changes where they came from: connect it again to bring them back.
        </p>
        {mutation.isError && (
          <p role="alert" className="form-error">
            Could not remove the events. {errorMessage(mutation.error)}
          </p>
        )}
        <div className="actions">
          {/* Not disabled while it works: a disabled button drops keyboard focus on the page. */}
          <button
            type="submit"
            className="button--danger"
            aria-disabled={mutation.isPending || undefined}
          >
            {mutation.isPending ? 'Removing…' : 'Confirm remove'}
          </button>
          <button type="button" onClick={close} disabled={mutation.isPending}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
