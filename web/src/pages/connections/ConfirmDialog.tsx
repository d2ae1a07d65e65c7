import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { errorMessage } from '../../api/client';
import type { ActionStatusState } from '../../components/use-action-status';
import { refreshConnections } from './invalidate';

interface ConfirmDialogProps<T> {
  title: string;
  /** What confirming does, in words (and any choice it offers). */
  children: ReactNode;
  /** "Confirm delete", and "Deleting…" while it works. */
  confirmLabel: string;
  busyLabel: string;
  /** "Could not delete." before the server's reason. */
  failure: string;
  run: () => Promise<T>;
  /** The status line's words once it is done. */
  done: (result: T) => string;
  status: ActionStatusState;
  onClose: () => void;
  /** After it is done, when the card's button is gone: where focus goes instead. */
  onDone: () => void;
}

/**
 * The connections page's confirm step (disconnect, delete a file, remove kept events): the
 * native dialog keeps focus inside, closes on Escape and puts focus back on the button that
 * opened it; while it works, its confirm button stays focusable (a disabled one drops keyboard
 * focus on the page) and a second press does nothing; a failure is said in the dialog.
 */
export function ConfirmDialog<T>(props: ConfirmDialogProps<T>) {
  const { title, children, confirmLabel, busyLabel, failure, status, onClose, onDone } = props;
  const dialog = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  const queryClient = useQueryClient();

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);

  // Closing the dialog (not unmounting it) lets the browser put focus back on its button.
  const close = () => dialog.current?.close();

  const mutation = useMutation({
    mutationFn: props.run,
    onSuccess: (result) => {
      status.report(props.done(result));
      void refreshConnections(queryClient);
      close();
      onDone();
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
        <h2 id={headingId}>{title}</h2>
        {children}
        {mutation.isError && (
          <p role="alert" className="form-error">
            {failure} {errorMessage(mutation.error)}
          </p>
        )}
        <div className="actions">
          <button
            type="submit"
            className="button--danger"
            aria-disabled={mutation.isPending || undefined}
          >
            {mutation.isPending ? busyLabel : confirmLabel}
          </button>
          <button type="button" onClick={close} disabled={mutation.isPending}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
