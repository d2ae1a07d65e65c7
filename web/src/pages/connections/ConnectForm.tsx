import { useId, type FormEvent, type ReactNode } from 'react';
import { errorMessage } from '../../api/client';

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
}: ConnectFormProps) {
  const headingId = useId();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <form className="card stack" aria-labelledby={headingId} onSubmit={submit}>
      <h3 id={headingId}>{title}</h3>
      {intro}
      {children}
      {error !== null && error !== undefined && (
        <p role="alert" className="form-error">
          {errorMessage(error)}
        </p>
      )}
      <div>
        <button type="submit" className="button--primary" disabled={pending}>
          {pending ? pendingLabel : submitLabel}
        </button>
      </div>
      {outcome}
    </form>
  );
}
