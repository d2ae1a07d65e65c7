import { useMutation } from '@tanstack/react-query';
import { errorMessage } from '../../api/client';
import { useSessionState } from '../../app/session-context';
import {
  startOAuthConnect,
  type OAuthProvider,
  type Provider,
  type ProviderKind,
} from '../../api/providers';
import { notSetUpText } from './connect-error';

const BUTTONS: { provider: OAuthProvider; kind: ProviderKind; label: string }[] = [
  { provider: 'google', kind: 'google', label: 'Connect Google Calendar' },
  { provider: 'outlook', kind: 'microsoft', label: 'Connect Outlook' },
];

/**
 * Starts the provider's consent flow; its callback comes back to /connections with the outcome.
 * The provider's page offers the signed-in user's own address first: most people connect the
 * calendar of the address they work under, and one click on a teammate's would connect theirs.
 */
function useOAuthConnect() {
  const email = useSessionState().session?.user.email;
  return useMutation({
    mutationFn: (provider: OAuthProvider) => startOAuthConnect(provider, email),
    onSuccess: (started) => {
      window.location.href = started.authorizationUrl;
    },
  });
}

export function OAuthConnectButtons({ providers }: { providers: Provider[] | undefined }) {
  const connect = useOAuthConnect();
  return (
    <div className="stack">
      <div className="actions">
        {BUTTONS.map((button) => {
          const configured = providers?.find((p) => p.provider === button.kind)?.configured ?? true;
          const waiting = connect.isPending && connect.variables === button.provider;
          return (
            <button
              key={button.provider}
              type="button"
              className="button--primary"
              disabled={!configured || connect.isPending || connect.isSuccess}
              aria-describedby={configured ? undefined : `${button.provider}-not-configured`}
              onClick={() => connect.mutate(button.provider)}
            >
              {waiting ? 'Opening the sign-in page…' : button.label}
            </button>
          );
        })}
      </div>
      {BUTTONS.map((button) =>
        providers?.find((p) => p.provider === button.kind)?.configured === false ? (
          <p key={button.provider} id={`${button.provider}-not-configured`} className="hint">
            {notSetUpText(button.label.replace('Connect ', ''))}
          </p>
        ) : null,
      )}
      {connect.isError && (
        <p role="alert" className="form-error">
          Could not start connecting. {errorMessage(connect.error)}
        </p>
      )}
    </div>
  );
}

/** For a connection whose grant the provider refused: the same consent flow, again. */
export function ReconnectButton({ provider }: { provider: ProviderKind }) {
  const connect = useOAuthConnect();
  const path: OAuthProvider | null =
    provider === 'google' ? 'google' : provider === 'microsoft' ? 'outlook' : null;
  if (!path) return null;
  return (
    <>
      <button
        type="button"
        className="button--primary"
        disabled={connect.isPending || connect.isSuccess}
        onClick={() => connect.mutate(path)}
      >
        Reconnect
      </button>
      {connect.isError && (
        <p role="alert" className="form-error">
          Could not start reconnecting. {errorMessage(connect.error)}
        </p>
      )}
    </>
  );
}
