import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { syncConnection } from '../../api/providers';
import { Badge, type BadgeTone } from '../../components/Badge';
import type { ActionStatusState } from '../../components/use-action-status';
import { CalendarTable } from './CalendarTable';
import {
  CONNECTION_STATE_LABELS,
  connectionKindLabel,
  type ConnectionState,
  type ConnectionView,
} from './connection-views';
import { DisconnectDialog } from './DisconnectDialog';
import { ReconnectButton } from './OAuthConnectButtons';
import { syncMessage } from './sync-message';
import { SYNC_STATUS_KEY } from './use-connections';

const STATE_TONES: Record<ConnectionState, BadgeTone> = {
  connected: 'success',
  syncing: 'info',
  reauth_required: 'warning',
  failing: 'danger',
  disconnected: 'neutral',
};

interface ConnectionCardProps {
  view: ConnectionView;
  status: ActionStatusState;
}

export function ConnectionCard({ view, status }: ConnectionCardProps) {
  const headingId = useId();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const title = `${connectionKindLabel(view)}: ${view.label}`;
  const synced = view.calendars.filter((c) => c.selected);

  const sync = useMutation({
    mutationFn: () => syncConnection(view.id),
    onSuccess: (answer) => {
      status.report(syncMessage(view, answer.queued));
      void queryClient.invalidateQueries({ queryKey: SYNC_STATUS_KEY });
    },
    onError: (error) => status.fail(`Could not sync ${view.label}.`, error),
  });

  const active = view.status !== 'disconnected';
  return (
    <article className="card" aria-labelledby={headingId}>
      <div className="card__header">
        <h3 id={headingId}>{title}</h3>
        <Badge tone={STATE_TONES[view.state]}>{CONNECTION_STATE_LABELS[view.state]}</Badge>
      </div>
      {view.error && <p className="error-text">Last error: {view.error}</p>}
      {view.state === 'reauth_required' && (
        <p className="hint">
          The provider no longer accepts calintel&apos;s access. Reconnect to resume syncing.
        </p>
      )}
      {active && (
        <div className="actions">
          {view.state === 'reauth_required' && <ReconnectButton provider={view.provider} />}
          {/* An imported file has no source to sync from (the server queues nothing for it); its
              calendar's hint says to import it again instead. */}
          {!view.importedFile && (
            <button
              type="button"
              onClick={() => {
                if (synced.length === 0) status.report('Tick a calendar to sync first.');
                else sync.mutate();
              }}
              disabled={sync.isPending}
            >
              {sync.isPending ? 'Syncing…' : 'Sync now'}
            </button>
          )}
          <button type="button" className="button--danger" onClick={() => setConfirming(true)}>
            Disconnect
          </button>
        </div>
      )}
      <CalendarTable connection={view} status={status} />
      {confirming && (
        <DisconnectDialog connection={view} status={status} onClose={() => setConfirming(false)} />
      )}
    </article>
  );
}
