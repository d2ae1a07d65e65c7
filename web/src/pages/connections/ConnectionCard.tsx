import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import { syncConnection } from '../../api/providers';
import { Badge, type BadgeTone } from '../../components/Badge';
import { formatDate, plural } from '../../lib/format';
import { useTimeZone } from '../../app/session-context';
import type { ActionStatusState } from '../../components/use-action-status';
import { CalendarTable } from './CalendarTable';
import {
  CONNECTION_STATE_LABELS,
  connectionKindLabel,
  type ConnectionState,
  lastImportedAt,
  type ConnectionView,
} from './connection-views';
import { storedErrorHint } from './connect-error';
import { DeleteCalendarDialog } from './DeleteCalendarDialog';
import { DisconnectDialog } from './DisconnectDialog';
import { ReconnectButton } from './OAuthConnectButtons';
import { RemoveEventsDialog } from './RemoveEventsDialog';
import { SharedCalendars } from './SharedCalendars';
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
  /** The card is gone (its file deleted): where focus goes instead. */
  onRemoved: () => void;
}

export function ConnectionCard({ view, status, onRemoved }: ConnectionCardProps) {
  const headingId = useId();
  const keptId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const queryClient = useQueryClient();
  const timeZone = useTimeZone();
  const [confirming, setConfirming] = useState<'disconnect' | 'delete' | 'remove' | null>(null);
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
  // Disconnected with "Keep the synced events": they stay, with the conflicts and meetings they
  // cause, until removed here (an imported file has its own "Delete calendar").
  const kept = !active && !view.importedFile;
  const keptEvents = view.calendars.reduce((total, c) => total + c.events, 0);
  const errorHint = view.error ? storedErrorHint(view.error, view.providerName) : null;
  return (
    <article className="card" aria-labelledby={headingId}>
      <div className="card__header">
        {/* Focus comes here once "Disconnect" has gone with the connection. */}
        <h3 id={headingId} ref={heading} tabIndex={-1}>
          {title}
        </h3>
        <Badge tone={STATE_TONES[view.state]}>{badgeText(view, timeZone)}</Badge>
      </div>
      {view.error && <p className="error-text">Last error: {view.error}</p>}
      {errorHint && <p className="hint">{errorHint}</p>}
      {view.state === 'reauth_required' && (
        <p className="hint">
          The provider no longer accepts calintel&apos;s access. Reconnect to resume syncing.
        </p>
      )}
      {kept && (
        <p id={keptId} className="hint">
          Its events were kept when it was disconnected ({plural(keptEvents, 'event')}): they are no
          longer updated, and their meetings and conflicts stay. Use “Remove its events” to delete
          them, or connect it again to sync it.
        </p>
      )}
      {/* An imported file is deleted rather than disconnected: it syncs from nothing, so a
          disconnected file would keep its events with nothing left to remove them. */}
      {kept ? (
        <div className="actions">
          <button
            type="button"
            className="button--danger"
            aria-describedby={keptId}
            onClick={() => setConfirming('remove')}
          >
            Remove its events
          </button>
        </div>
      ) : (
        <div className="actions">
          {view.state === 'reauth_required' && <ReconnectButton provider={view.provider} />}
          {/* An imported file has no source to sync from (the server queues nothing for it); its
              calendar's hint says to import it again instead. */}
          {active && !view.importedFile && (
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
          {view.importedFile ? (
            <button
              type="button"
              className="button--danger"
              onClick={() => setConfirming('delete')}
            >
              Delete calendar
            </button>
          ) : (
            <button
              type="button"
              className="button--danger"
              onClick={() => setConfirming('disconnect')}
            >
              Disconnect
            </button>
          )}
        </div>
      )}
      <CalendarTable connection={view} status={status} />
      {view.provider === 'exchange' && active && (
        <SharedCalendars connection={view} status={status} />
      )}
      {confirming === 'disconnect' && (
        <DisconnectDialog
          connection={view}
          status={status}
          onClose={() => setConfirming(null)}
          onDisconnected={() => heading.current?.focus()}
        />
      )}
      {confirming === 'delete' && (
        <DeleteCalendarDialog
          connection={view}
          status={status}
          onClose={() => setConfirming(null)}
          onDeleted={onRemoved}
        />
      )}
      {confirming === 'remove' && (
        <RemoveEventsDialog
          connection={view}
          status={status}
          onClose={() => setConfirming(null)}
          onRemoved={onRemoved}
        />
      )}
    </article>
  );
}

/**
 * The badge's words: the connection's state, except that an imported file in good order is not
 * a live connection, so it says when it was imported instead of "Connected".
 */
function badgeText(view: ConnectionView, timeZone: string): string {
  if (!view.importedFile || view.state !== 'connected') return CONNECTION_STATE_LABELS[view.state];
  const at = lastImportedAt(view);
  return at ? `Imported ${formatDate(at, timeZone)}` : 'Imported';
}
