import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';

/** The server keeps a dismissal's reason up to this length. */
export const NOTE_MAX = 500;

interface DismissControlProps {
  busy: boolean;
  onDismiss: (note: string | undefined) => void;
}

/**
 * "Dismiss" opens a small form under it: an optional reason and the confirm button. Escape or
 * Cancel closes it and puts focus back on "Dismiss". While the dismissal is sent its buttons stay
 * focusable (`aria-disabled`), so that keyboard focus is not dropped on the document.
 */
export function DismissControl({ busy, onDismiss }: DismissControlProps) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const toggle = useRef<HTMLButtonElement>(null);
  const field = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (open) field.current?.focus();
  }, [open]);

  const close = () => {
    setOpen(false);
    toggle.current?.focus();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      close();
    }
  };

  return (
    <div className="dismiss">
      <button
        ref={toggle}
        type="button"
        aria-expanded={open}
        aria-controls={open ? `${id}-form` : undefined}
        aria-disabled={busy || undefined}
        onClick={() => {
          if (!busy) setOpen((current) => !current);
        }}
      >
        Dismiss
      </button>
      {open && (
        <form
          id={`${id}-form`}
          className="dismiss__form"
          aria-label="Dismiss this conflict"
          onKeyDown={onKeyDown}
          onSubmit={(event) => {
            event.preventDefault();
            if (!busy) onDismiss(note.trim() || undefined);
          }}
        >
          <div className="field">
            <label htmlFor={`${id}-note`}>Reason (optional)</label>
            <textarea
              ref={field}
              id={`${id}-note`}
              rows={2}
              maxLength={NOTE_MAX}
              value={note}
              aria-describedby={`${id}-note-hint`}
              onChange={(event) => setNote(event.target.value)}
            />
            <p id={`${id}-note-hint`} className="hint">
              Why it does not matter, kept with the conflict for the record (up to {NOTE_MAX}{' '}
              characters).
            </p>
          </div>
          <div className="actions">
            <button type="submit" className="button--primary" aria-disabled={busy || undefined}>
              {busy ? 'Dismissing…' : 'Dismiss conflict'}
            </button>
            <button type="button" onClick={close}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
