import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { getConflictSettings, updateWriteBack } from '../../api/conflicts';
import { ErrorState, Loading } from '../../components/StatusStates';
import type { ActionStatusState } from '../../components/use-action-status';
import { autoResolveNote, writeBackSavedMessage } from './write-back';

const SETTINGS_KEY = ['conflict-settings'] as const;

/** The user's own choice: whether resolving a conflict changes their calendar. */
export function WriteBackSetting({ status }: { status: ActionStatusState }) {
  const id = useId();
  const queryClient = useQueryClient();
  const settings = useQuery({
    queryKey: SETTINGS_KEY,
    queryFn: ({ signal }) => getConflictSettings(signal),
  });
  // The box shows the new choice at once, until the server has answered.
  const [wanted, setWanted] = useState<boolean | null>(null);
  const save = useMutation({
    mutationFn: updateWriteBack,
    onSuccess: (saved) => {
      queryClient.setQueryData(SETTINGS_KEY, saved);
      status.report(writeBackSavedMessage(saved.writeBack));
    },
    onError: (error) => status.fail('Could not change the setting.', error),
    onSettled: () => setWanted(null),
  });

  let body;
  if (settings.isPending) body = <Loading>Loading your setting…</Loading>;
  else if (settings.isError)
    body = (
      <ErrorState
        error={settings.error}
        title="Could not load your setting."
        onRetry={() => void settings.refetch()}
      />
    );
  else {
    const note = autoResolveNote(settings.data.policy);
    body = (
      <>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={wanted ?? settings.data.writeBack}
            disabled={save.isPending}
            aria-describedby={`${id}-explain`}
            onChange={(event) => {
              setWanted(event.target.checked);
              save.mutate(event.target.checked);
            }}
          />
          <span>Let calintel change my calendar when I apply a suggestion</span>
        </label>
        <p id={`${id}-explain`} className="hint">
          On: applying a suggestion declines the meeting or deletes your own hold in your calendar
          for you (the calendar&apos;s connection needs write access). Off: calintel records your
          choice and you change your calendar yourself.
        </p>
        {note && <p className="hint">{note}</p>}
      </>
    );
  }

  return (
    <section className="card settings-card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Your calendar</h2>
      {body}
    </section>
  );
}
