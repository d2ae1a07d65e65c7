import { useId, type FormEvent, type ReactNode } from 'react';
import { errorMessage } from '../../api/client';

interface ConnectFormProps {
  title: string;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: () => void;
  children: ReactNode;
  intro?: ReactNode;
}

/** The frame every connect form shares: a heading that names it, its fields, errors, submit. */
export function ConnectForm({
  title,
  submitLabel,
  pending,
  error,
  onSubmit,
  children,
  intro,
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
          {pending ? 'Connecting…' : submitLabel}
        </button>
      </div>
    </form>
  );
}
