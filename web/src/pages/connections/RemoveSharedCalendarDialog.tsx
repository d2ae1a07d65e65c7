import { removeSharedCalendar, type SharedCalendar } from '../../api/exchange-shared';
import type { ActionStatusState } from '../../components/use-action-status';
import { ConfirmDialog } from './ConfirmDialog';

interface RemoveSharedCalendarDialogProps {
  shared: SharedCalendar;
  /** How many of its events calintel holds, when the calendar list has it. */
  events: number | null;
  status: ActionStatusState;
  onClose: () => void;
  /** Its Remove button goes with it: where focus goes instead. */
  onRemoved: () => void;
}

/** The confirm step of removing a colleague's calendar from an Exchange connection. */
export function RemoveSharedCalendarDialog({
  shared,
  events,
  status,
  onClose,
  onRemoved,
}: RemoveSharedCalendarDialogProps) {
  const owner = shared.ownerEmail;
  return (
    <ConfirmDialog
      title={`Remove ${owner}'s calendar?`}
      confirmLabel="Confirm remove"
      busyLabel="Removing…"
      failure="Could not remove it."
      run={() => removeSharedCalendar(shared.connectionId, owner)}
      done={() => `${owner}'s calendar is removed, with its events.`}
      status={status}
      onClose={onClose}
      onDone={onRemoved}
    >
      <p>
        calintel stops reading this calendar, and {itsEventsLeave(events)} calintel. Nothing changes
        in Exchange: the calendar stays in {owner}&apos;s mailbox, and you can add it again.
      </p>
    </ConfirmDialog>
  );
}

function itsEventsLeave(events: number | null): string {
  if (events === 1) return 'its one event leaves';
  return events ? `its ${events} events leave` : 'its events leave';
}
