import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { errorMessage } from '../api/client';
import { signOut } from '../api/session';
import { SESSION_KEY } from './query-client';

export function SignOutButton() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const mutation = useMutation({
    mutationFn: signOut,
    onSuccess: () => {
      void navigate('/sign-in', { replace: true });
      // Nothing of this user's may show to the next one who signs in on this browser.
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== SESSION_KEY[0] });
      queryClient.setQueryData(SESSION_KEY, null);
    },
  });
  return (
    <>
      <button
        type="button"
        className="button--quiet"
        onClick={() => mutation.mutate()}
        disabled={mutation.isPending}
      >
        Sign out
      </button>
      {mutation.isError && (
        <p role="alert" className="account__error">
          Could not sign out. {errorMessage(mutation.error)}
        </p>
      )}
    </>
  );
}
