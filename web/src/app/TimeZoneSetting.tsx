import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useMemo, useState, type FormEvent } from 'react';
import { errorMessage } from '../api/client';
import { setProfileTimeZone } from '../api/profile';
import type { Session } from '../api/session';
import { browserTimeZone } from '../lib/dates';
import { zoneName } from '../lib/time-zone-note';
import { knownZones, matchZone } from '../lib/zone-choices';
import { SESSION_KEY } from './query-client';
import { useSession, useTimeZone } from './session-context';

/**
 * The header's time zone: the zone every page's times are in, and a way to change the profile's
 * (to this browser's in one click, for someone travelling, or to any zone by name). Saved in the
 * profile, so that conflicts' working hours and detection read it too; every page then shows its
 * times again in the new zone.
 */
export function TimeZoneSetting() {
  const id = useId();
  const session = useSession();
  const shown = useTimeZone();
  const browser = browserTimeZone();
  const zones = useMemo(() => knownZones(), []);
  const [typed, setTyped] = useState('');
  const [problem, setProblem] = useState('');
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: setProfileTimeZone,
    onSuccess: (profile) => {
      queryClient.setQueryData<Session | null>(SESSION_KEY, (current) =>
        current ? { ...current, user: { ...current.user, timeZone: profile.timeZone } } : current,
      );
      setTyped('');
      // Lists were asked for in the old zone, and conflicts are found again in the new one.
      void queryClient.invalidateQueries({
        predicate: (query) => query.queryKey[0] !== SESSION_KEY[0],
      });
    },
  });

  const save = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const zone = matchZone(typed, zones);
    setProblem(zone ? '' : `“${typed.trim()}” is not a time zone this browser knows.`);
    if (zone) mutation.mutate(zone);
  };
  const error = problem || (mutation.isError ? errorMessage(mutation.error) : '');
  const profileZone = session.user.timeZone;

  return (
    <details className="zone-setting">
      <summary>
        Time zone: <span className="zone-setting__current">{zoneName(shown)}</span>
      </summary>
      <div className="zone-setting__panel stack">
        <p className="hint">
          {profileZone
            ? `Your profile’s time zone is ${zoneName(profileZone)}: times, working hours and meeting detection use it.`
            : 'Your profile sets no time zone: times show in this browser’s.'}
        </p>
        {profileZone !== browser && (
          <button
            type="button"
            disabled={mutation.isPending}
            onClick={() => {
              setProblem('');
              mutation.mutate(browser);
            }}
          >
            Use this browser’s zone ({zoneName(browser)})
          </button>
        )}
        <form className="stack" onSubmit={save} aria-label="Choose a time zone">
          <div className="field">
            <label htmlFor={`${id}-zone`}>Time zone</label>
            <input
              id={`${id}-zone`}
              list={`${id}-zones`}
              value={typed}
              placeholder="Type to search, e.g. Europe/Berlin"
              autoComplete="off"
              aria-invalid={problem ? true : undefined}
              aria-describedby={error ? `${id}-error` : undefined}
              onChange={(event) => {
                setTyped(event.target.value);
                setProblem('');
              }}
            />
            <datalist id={`${id}-zones`}>
              {zones.map((zone) => (
                <option key={zone} value={zone} />
              ))}
            </datalist>
          </div>
          <div>
            <button type="submit" className="button--primary" disabled={mutation.isPending}>
              {mutation.isPending ? 'Saving…' : 'Save time zone'}
            </button>
          </div>
        </form>
        {error && (
          <p id={`${id}-error`} role="alert" className="form-error">
            {error}
          </p>
        )}
      </div>
    </details>
  );
}
