import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ConnectionSummary } from '../../api/providers';
import type { ActionStatusState } from '../../components/use-action-status';
import { refreshConnections } from './invalidate';

/**
 * Sends a connect form; on success the connections list refreshes and the form empties, and a
 * failure is shown in the form.
 */
export function useConnectForm<Input>(
  send: (input: Input) => Promise<ConnectionSummary>,
  status: ActionStatusState,
  reset: () => void,
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: (connection) => {
      status.report(`Connected ${connection.label}. Its calendars are syncing now.`);
      reset();
      void refreshConnections(queryClient);
    },
    // The form says why, beside its fields; an earlier action's outcome must not stay beside it.
    onError: () => status.clear(),
  });
}
