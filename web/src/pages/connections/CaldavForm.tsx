import { useState } from 'react';
import { connectCaldav } from '../../api/providers';
import type { ActionStatusState } from '../../components/use-action-status';
import { caldavConnectedMessage } from './connected-message';
import { ConnectForm } from './ConnectForm';
import { FormField } from './FormField';
import { useConnectForm } from './use-connect-form';

const EMPTY = { serverUrl: '', username: '', password: '' };

export function CaldavForm({ status }: { status: ActionStatusState }) {
  const [fields, setFields] = useState(EMPTY);
  const mutation = useConnectForm(
    connectCaldav,
    status,
    () => setFields(EMPTY),
    caldavConnectedMessage,
  );
  const set = (name: keyof typeof EMPTY) => (value: string) =>
    setFields((current) => ({ ...current, [name]: value }));

  return (
    <ConnectForm
      title="Connect CalDAV"
      submitLabel="Connect CalDAV"
      pending={mutation.isPending}
      error={mutation.error}
      onEdit={mutation.reset}
      onSubmit={() =>
        mutation.mutate({
          serverUrl: fields.serverUrl.trim(),
          username: fields.username.trim(),
          password: fields.password,
        })
      }
      intro={<p className="hint">iCloud, Fastmail, Nextcloud and other CalDAV servers.</p>}
    >
      <FormField
        label="Server"
        required
        minLength={3}
        hint="The CalDAV address (https://caldav.fastmail.com/) or just the domain (icloud.com)."
        value={fields.serverUrl}
        onChange={set('serverUrl')}
      />
      <FormField
        label="Username"
        autoComplete="username"
        required
        value={fields.username}
        onChange={set('username')}
      />
      <FormField
        label="App password"
        type="password"
        autoComplete="off"
        required
        hint="An app-specific password; it is checked before anything is stored."
        value={fields.password}
        onChange={set('password')}
      />
    </ConnectForm>
  );
}
