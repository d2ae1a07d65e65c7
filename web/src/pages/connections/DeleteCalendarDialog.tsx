import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef } from 'react';
import { deleteImportedCalendar } from '../../api/providers';
import { errorMessage } from '../../api/client';
import type { ActionStatusState } from '../../components/use-action-status';
import { plural } from '../../lib/format';
import type { ConnectionView } from './connection-views';
import { refreshConnections } from './invalidate';

interface DeleteCalendarDialogProps {
  /** An imported file: its calendar goes with its events and its connection. */
  connection: ConnectionView;
  status: ActionStatusState;
  onClose: () => void;
  /** The card is going: where focus goes instead of the "Delete calendar" button. */
  onDeleted: () => void;
}

/**
 * The confirm step of deleting an imported file, as the Disconnect dialog does it: the native
 * dialog keeps focus inside, closes on Escape and puts focus back on the button that opened it.
 */
export function DeleteCalendarDialog({
  connection,
  status,
  onClose,
  onDeleted,
}: DeleteCalendarDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  const queryClient = useQueryClient();
  const calendars = connection.calendars.filter((c) => c.importedFile);
  const events = calendars.reduce((total, c) => total + c.events, 0);

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);

  const close = () => dialog.current?.close();

  const mutation = useMutation({
    // One calendar per file; the connection goes with the last one.
    mutationFn: async () => {
      for (const calendar of calendars) await deleteImportedCalendar(calendar.id);
    },
    onSuccess: () => {
      status.report(`${connection.label} is deleted, with its events.`);
      void refreshConnections(queryClient);
      close();
      onDeleted();
    },
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
        <h2 id={headingId}>Delete {connection.label}?</h2>
        <p>
          calintel deletes this imported file&apos;s calendar and its {plural(events, 'event')}, and
          finds meetings, conflicts and relationships again without them. The file itself is not
          touched: import it again to bring it back.
        </p>
        {mutation.isError && (
          <p role="alert" className="form-error">
            Could not delete. {errorMessage(mutation.error)}
          </p>
        )}
        <div className="actions">
          {/* Not disabled while it works: a disabled button drops keyboard focus on the page. */}
          <button
            type="submit"
            className="button--danger"
            aria-disabled={mutation.isPending || undefined}
          >
            {mutation.isPending ? 'Deleting…' : 'Confirm delete'}
          </button>
          <button type="button" onClick={close} disabled={mutation.isPending}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
