import type { RefObject } from 'react';
import type { Conflict, ReopenResult } from '../../api/conflicts';
import type { ActionStatusState, StatusAction } from '../../components/use-action-status';
import { focusAfterAction, focusCardWhenShown } from './conflict-focus';
import { reopenMessage, takeBackLabel } from './reopen-message';
import { resolveMessage } from './resolve-message';
import { useReopenConflict, useResolveConflict, type ResolveVariables } from './use-conflicts';
import { wordingOf } from './wording';

interface Places {
  /** The list of cards, where focus moves on after an action. */
  list: RefObject<HTMLElement | null>;
  /** The page's heading: where focus goes when no other card is left. */
  heading: RefObject<HTMLElement | null>;
}

/**
 * Applying, dismissing and reopening conflicts, with their outcome on the status line: a
 * decision offers Undo there (it reopens the conflict), or Reopen when it changed the calendar
 * (reopening does not change it back: takeBackLabel); a failed one is offered again. After
 * each, keyboard focus moves on to the next card (focusAfterAction); after an Undo, to the card
 * it brought back.
 */
export function useConflictActions(status: ActionStatusState, timeZone: string, places: Places) {
  const moveOn = (conflictId: string) =>
    focusAfterAction(places.list.current, conflictId, places.heading.current);

  const undoOffer = (
    conflictId: string,
    description: string,
    label: 'Undo' | 'Reopen' = 'Undo',
  ): StatusAction => ({
    label,
    run: () => reopen.mutate({ conflictId, description, undo: true, offeredAs: label }),
  });

  const resolve = useResolveConflict({
    onDone: (result, { conflictId, input, description }: ResolveVariables) => {
      moveOn(conflictId);
      const outcome = {
        status: result.writeBack.status,
        message: wordingOf(result.writeBack.message, result.writeBack.messageParts, timeZone),
      };
      const action = appliedAction(result.conflict, input);
      status.report(
        resolveMessage(input, description, outcome, action),
        undoOffer(conflictId, description, takeBackLabel(result.writeBack.status)),
      );
    },
    onFailed: (error, { input, description }) =>
      status.fail(
        input.action === 'apply'
          ? `Could not apply “${description}”.`
          : 'Could not dismiss the conflict.',
        error,
      ),
  });

  const reopen = useReopenConflict({
    onDone: (result: ReopenResult, { conflictId, undo, offeredAs }) => {
      if (undo) focusCardWhenShown(() => places.list.current, conflictId);
      else moveOn(conflictId);
      status.report(reopenMessage(result, undo && offeredAs !== 'Reopen'));
    },
    onFailed: (error, { conflictId, description, undo, offeredAs }) =>
      undo
        ? status.fail(
            offeredAs === 'Reopen'
              ? 'Could not reopen the conflict.'
              : 'Could not undo the decision.',
            error,
            undoOffer(conflictId, description, offeredAs),
          )
        : status.fail('Could not reopen the conflict.', error),
  });

  const busyId = resolve.isPending
    ? resolve.variables.conflictId
    : reopen.isPending
      ? reopen.variables.conflictId
      : null;
  return { resolve, reopen, busyId };
}

/** The action of the suggestion applied, as the decision records it (a merge reads apart). */
function appliedAction(conflict: Conflict, input: ResolveVariables['input']): string | undefined {
  if (input.action !== 'apply') return undefined;
  const suggestion = conflict.resolution?.['suggestion'] as { action?: unknown } | null | undefined;
  return typeof suggestion?.action === 'string' ? suggestion.action : undefined;
}
