import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ConnectionSummary } from '../../api/providers';
import type { ActionStatusState } from '../../components/use-action-status';
import { isNotConfigured } from './connect-error';
import { connectedMessage } from './connected-message';
import { refreshConnections } from './invalidate';
import { PROVIDERS_KEY } from './use-connections';

/**
 * Sends a connect form; on success the connections list refreshes, the form empties and the
 * status line says what was connected (`describe`), and a failure is shown in the form.
 */
export function useConnectForm<Input, Connection extends ConnectionSummary>(
  send: (input: Input) => Promise<Connection>,
  status: ActionStatusState,
  reset: () => void,
  describe: (connection: Connection) => string = connectedMessage,
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: (connection) => {
      status.report(describe(connection));
      reset();
      void refreshConnections(queryClient);
    },
    // The form says why, beside its fields; an earlier action's outcome must not stay beside it.
    // A provider the server no longer has set up: the list that offered it is out of date.
    onError: (error) => {
      status.clear();
      if (isNotConfigured(error)) void queryClient.invalidateQueries({ queryKey: PROVIDERS_KEY });
    },
  });
}
