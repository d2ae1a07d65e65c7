/**
 * What a user's new time zone is read again by. Lists and the dashboard read the zone when they
 * answer, as relationships' day counts do (in the viewer's zone); these keep results found in
 * the old one:
 * - detection: an event's local time of day (business hours) when neither it nor its calendar
 *   names a zone (meeting-input.ts: localZoneOf); the user's meetings are detected again, their
 *   scans reset, and conflicts and relationships follow detection as after a sync;
 * - conflicts: working hours and suggested slots, the user's and their colleagues' (a colleague's
 *   slots with the user read the user's hours), so the organisation's are found again.
 */
import type { Logger } from '../logger.js';
import type { OrgScope, Scope, Store } from '../../store/store.js';

export interface ZoneChangeDeps {
  store: Store;
  logger: Logger;
  meetings: { queueDetection(scope: Scope): Promise<unknown> };
  conflicts: { queueForOrganisation(scope: OrgScope): Promise<unknown> };
}

/** The zone has changed and stands: a queue unavailable for a moment is logged, not thrown. */
export function refindAfterZoneChange(deps: ZoneChangeDeps) {
  return async (scope: Scope): Promise<void> => {
    const warn = (what: string) => (error: unknown) =>
      deps.logger.warn(
        { err: error, userId: scope.userId },
        `time zone changed: ${what} not queued`,
      );
    await deps.meetings.queueDetection(scope).catch(warn('meeting detection'));
    const organisation = { orgId: scope.orgId };
    await deps.store.conflicts
      .resetScans(organisation)
      .then(() => deps.conflicts.queueForOrganisation(organisation))
      .catch(warn('conflict scans'));
  };
}
