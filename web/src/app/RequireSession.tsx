import { Navigate, useLocation } from 'react-router';
import { ErrorState, Loading } from '../components/StatusStates';
import { AppLayout } from './AppLayout';
import { BareLayout } from './BareLayout';
import { signInPath } from './sign-in-path';
import { useSessionState } from './session-context';

/** The signed-in part of the dashboard: sends anyone without a session to sign-in. */
export function RequireSession() {
  const { session, loading, error, retry } = useSessionState();
  const location = useLocation();
  if (loading)
    return (
      <BareLayout>
        <Loading>Checking your session…</Loading>
      </BareLayout>
    );
  if (error)
    return (
      <BareLayout>
        <h1>calintel</h1>
        <ErrorState error={error} title="Could not check your session." onRetry={retry} />
      </BareLayout>
    );
  if (!session) return <Navigate to={signInPath(location.pathname + location.search)} replace />;
  return <AppLayout />;
}
