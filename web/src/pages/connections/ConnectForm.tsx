import { useId, type FormEvent, type ReactNode } from 'react';
import { errorMessage } from '../../api/client';
import { FormErrorContext } from './form-error';

interface ConnectFormProps {
  title: string;
  submitLabel: string;
  /** The submit button's words while the request runs. */
  pendingLabel?: string;
  pending: boolean;
  error: unknown;
  onSubmit: () => void;
  children: ReactNode;
  intro?: ReactNode;
  /** What the last submission did, after the submit button. */
  outcome?: ReactNode;
  /** Why the form cannot be used here: shown instead of `intro`, with every control disabled. */
  unavailable?: string;
  /** The words for a failed submission (default: the server's message). */
  errorText?: (error: unknown) => string;
  /**
   * Forgets the failed submission: called while one is shown and the fields change or the
   * browser refuses the next submission (an earlier server error must not stand beside it).
   */
  onEdit?: () => void;
  /** Spans the whole row of the forms' grid (room for an import's issue table). */
  wide?: boolean;
}

/** The frame every connect form shares: a heading that names it, its fields, errors, submit. */
export function ConnectForm({
  title,
  submitLabel,
  pendingLabel = 'Connecting…',
  pending,
  error,
  onSubmit,
  children,
  intro,
  outcome,
  unavailable,
  errorText = errorMessage,
  onEdit,
  wide = false,
}: ConnectFormProps) {
  const headingId = useId();
  const reasonId = `${headingId}-unavailable`;
  const errorId = `${headingId}-error`;
  const failed = error !== null && error !== undefined;
  const forgetError = () => {
    if (failed) onEdit?.();
  };
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <form
      className={wide ? 'card stack connect-form--wide' : 'card stack'}
      aria-labelledby={headingId}
      onSubmit={submit}
      onChange={forgetError}
      onInvalidCapture={forgetError}
    >
      <h3 id={headingId}>{title}</h3>
      {unavailable === undefined ? (
        intro
      ) : (
        <p id={reasonId} className="hint">
          {unavailable}
        </p>
      )}
      {/* Disabled as a whole, as the Google and Outlook buttons are, its reason beside the button. */}
      <fieldset className="stack fieldset-plain" disabled={unavailable !== undefined}>
        <FormErrorContext.Provider value={failed ? errorId : null}>
          {children}
        </FormErrorContext.Provider>
        {failed && (
          <p id={errorId} role="alert" className="form-error">
            {errorText(error)}
          </p>
        )}
        <div>
          <button
            type="submit"
            className="button--primary"
            disabled={pending}
            aria-describedby={unavailable === undefined ? undefined : reasonId}
          >
            {pending ? pendingLabel : submitLabel}
          </button>
        </div>
      </fieldset>
      {outcome}
    </form>
  );
}
