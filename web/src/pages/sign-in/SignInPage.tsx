import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { signIn } from '../../api/session';
import { BareLayout } from '../../app/BareLayout';
import { SESSION_KEY } from '../../app/query-client';
import { useSessionState } from '../../app/session-context';
import { safeReturnPath } from '../../app/sign-in-path';
import { useDocumentTitle } from '../../app/use-document-title';
import { linkErrorMessage, signInErrorMessage } from './sign-in-messages';

export function SignInPage() {
  useDocumentTitle('Sign in');
  const [params] = useSearchParams();
  const { session } = useSessionState();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const returnTo = safeReturnPath(params.get('next'));
  const linkError = linkErrorMessage(params.get('error'));

  const mutation = useMutation({
    mutationFn: () => signIn(email.trim(), password),
    onSuccess: (next) => {
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== SESSION_KEY[0] });
      // With a session, this page sends the user on (below).
      queryClient.setQueryData(SESSION_KEY, next);
    },
  });

  if (session) return <Navigate to={returnTo} replace />;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    mutation.mutate();
  };
  const error = mutation.isError ? signInErrorMessage(mutation.error) : linkError;

  return (
    <BareLayout>
      <h1>Sign in to calintel</h1>
      {error && (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
      <form className="stack" onSubmit={submit} aria-label="Sign in">
        <div className="field">
          <label htmlFor="sign-in-email">Email</label>
          <input
            id="sign-in-email"
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="sign-in-password">Password</label>
          <input
            id="sign-in-password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </div>
        <button type="submit" className="button--primary" disabled={mutation.isPending}>
          {mutation.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </BareLayout>
  );
}
