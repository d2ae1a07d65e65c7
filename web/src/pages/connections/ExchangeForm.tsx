import { useId, useState } from 'react';
import { connectExchange, type ExchangeConnectInput, type Provider } from '../../api/providers';
import type { ActionStatusState } from '../../components/use-action-status';
import { connectErrorText, notSetUpText } from './connect-error';
import { ConnectForm } from './ConnectForm';
import { FormField } from './FormField';
import { useConnectForm } from './use-connect-form';

type AuthType = ExchangeConnectInput['authType'];

const EMPTY = { email: '', username: '', password: '', token: '' };

interface ExchangeFormProps {
  providers: Provider[] | undefined;
  status: ActionStatusState;
}

export function ExchangeForm({ providers, status }: ExchangeFormProps) {
  const [fields, setFields] = useState(EMPTY);
  const [authType, setAuthType] = useState<AuthType>('basic');
  const authId = useId();
  const mutation = useConnectForm(connectExchange, status, () => setFields(EMPTY));
  const configured = providers?.find((p) => p.provider === 'exchange')?.configured;
  const set = (name: keyof typeof EMPTY) => (value: string) =>
    setFields((current) => ({ ...current, [name]: value }));

  const submit = () =>
    mutation.mutate({
      email: fields.email.trim(),
      username: fields.username.trim(),
      authType,
      ...(authType === 'oauth' ? { token: fields.token.trim() } : { password: fields.password }),
    });

  return (
    <ConnectForm
      title="Connect Exchange"
      submitLabel="Connect Exchange"
      pending={mutation.isPending}
      error={mutation.error}
      onEdit={mutation.reset}
      onSubmit={submit}
      errorText={(error) => connectErrorText(error, 'Exchange')}
      unavailable={configured === false ? notSetUpText('Exchange') : undefined}
      intro={
        <p className="hint">
          Your mailbox on the Exchange server (EWS) your administrator set up for calintel: only
          your sign-in is needed, not the server&apos;s address.
        </p>
      }
    >
      <FormField
        label="Email"
        type="email"
        autoComplete="email"
        required
        value={fields.email}
        onChange={set('email')}
      />
      <FormField
        label="Username"
        autoComplete="username"
        required
        hint="DOMAIN\user, user@domain or your email, as your server expects it."
        value={fields.username}
        onChange={set('username')}
      />
      <div className="field">
        <label htmlFor={authId}>Authentication</label>
        <select
          id={authId}
          value={authType}
          onChange={(event) => setAuthType(event.target.value as AuthType)}
        >
          <option value="basic">Basic</option>
          <option value="ntlm">NTLM</option>
          <option value="oauth">OAuth token</option>
        </select>
      </div>
      {authType === 'oauth' ? (
        <FormField
          label="Token"
          type="password"
          autoComplete="off"
          required
          value={fields.token}
          onChange={set('token')}
        />
      ) : (
        <FormField
          label="Password"
          type="password"
          autoComplete="current-password"
          required
          value={fields.password}
          onChange={set('password')}
        />
      )}
    </ConnectForm>
  );
}
