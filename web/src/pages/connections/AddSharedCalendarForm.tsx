import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { addSharedCalendar } from '../../api/exchange-shared';
import type { ActionStatusState } from '../../components/use-action-status';
import { FormErrorContext } from './form-error';
import { FormField } from './FormField';
import { refreshConnections } from './invalidate';
import { sharedCalendarErrorText } from './shared-calendar-text';

interface AddSharedCalendarFormProps {
  connectionId: string;
  status: ActionStatusState;
}

/**
 * "Add a colleague's calendar": the server opens it with the connection's credentials before
 * keeping anything, so a typo or a calendar not shared is said here, beside the field.
 */
export function AddSharedCalendarForm({ connectionId, status }: AddSharedCalendarFormProps) {
  const headingId = useId();
  const errorId = `${headingId}-error`;
  const [email, setEmail] = useState('');
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: (address: string) => addSharedCalendar(connectionId, address),
    onSuccess: (added) => {
      status.report(`Added ${added.ownerEmail}'s calendar: its events arrive with its first sync.`);
      setEmail('');
      void refreshConnections(queryClient);
    },
    // The form says why, beside its field; an earlier action's outcome must not stay beside it.
    onError: () => status.clear(),
  });
  const failed = mutation.isError;
  // A changed address, or one the browser refuses, is a new attempt: the old reason goes.
  const forgetError = () => {
    if (failed) mutation.reset();
  };
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!mutation.isPending) mutation.mutate(email.trim());
  };
  return (
    <form
      className="stack shared-calendars__form"
      aria-labelledby={headingId}
      onSubmit={submit}
      onChange={forgetError}
      onInvalidCapture={forgetError}
    >
      <h5 id={headingId}>Add a colleague&apos;s calendar</h5>
      <FormErrorContext.Provider value={failed ? errorId : null}>
        <FormField
          label="Their email address"
          type="email"
          autoComplete="off"
          required
          maxLength={254}
          showsFormError
          hint="They must first share their Calendar with this mailbox in Outlook."
          value={email}
          onChange={setEmail}
        />
      </FormErrorContext.Provider>
      {failed && (
        <p id={errorId} role="alert" className="form-error">
          {sharedCalendarErrorText(mutation.error, mutation.variables ?? email)}
        </p>
      )}
      <div>
        <button type="submit" className="button--primary" disabled={mutation.isPending}>
          {mutation.isPending ? 'Adding…' : 'Add calendar'}
        </button>
      </div>
    </form>
  );
}
