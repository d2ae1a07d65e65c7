import { useState } from 'react';
import { addIcsFeed } from '../../api/providers';
import type { ActionStatusState } from '../../components/use-action-status';
import { ConnectForm } from './ConnectForm';
import { FormField } from './FormField';
import { useConnectForm } from './use-connect-form';

const EMPTY = { url: '', label: '' };

export function IcsFeedForm({ status }: { status: ActionStatusState }) {
  const [fields, setFields] = useState(EMPTY);
  const mutation = useConnectForm(addIcsFeed, status, () => setFields(EMPTY));
  const set = (name: keyof typeof EMPTY) => (value: string) =>
    setFields((current) => ({ ...current, [name]: value }));

  return (
    <ConnectForm
      title="Add ICS feed"
      submitLabel="Add ICS feed"
      pending={mutation.isPending}
      error={mutation.error}
      onEdit={mutation.reset}
      onSubmit={() =>
        mutation.mutate({
          url: fields.url.trim(),
          ...(fields.label.trim() ? { label: fields.label.trim() } : {}),
        })
      }
      intro={<p className="hint">A calendar published as an iCalendar (.ics) link.</p>}
    >
      <FormField
        label="Feed URL"
        type="url"
        required
        showsFormError
        placeholder="https://… or webcal://…"
        value={fields.url}
        onChange={set('url')}
      />
      <FormField
        label="Label (optional)"
        maxLength={200}
        value={fields.label}
        onChange={set('label')}
      />
    </ConnectForm>
  );
}
