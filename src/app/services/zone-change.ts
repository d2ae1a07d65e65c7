/**
 * What a user's new time zone is read again by. Lists and the dashboard read the zone when they
 * answer, as relationships' day counts do (in the viewer's zone); these keep results found in
 * the old one:
 * - detection: an event's local time of day (business hours) when neither it nor its calendar
 *   names a zone (meeting-input.ts: localZoneOf); the user's meetings are detected again, their
 *   scans reset, and conflicts and relationships follow detection as after a sync. That is the
 *   user's own work, as asking for detection by hand is;
 * - conflicts: working hours and suggested slots, the user's and their colleagues' (a colleague's
 *   slots with the user read the user's hours), so the organisation's are found again. That is
 *   everyone's work: it waits ZONE_CHANGE_RESCAN_DELAY_MS under one key per organisation, so
 *   that the changes made meanwhile (a script alternating two zones, too) join one rescan.
 */
import { PermanentJobFailure, type JobQueue } from '../../jobs/job-queue.js';
import type { Logger } from '../logger.js';
import type { OrgScope, Scope, Store } from '../../store/store.js';

/** Resets and rescans an organisation's conflicts after time zones changed (payload: orgId). */
export const RESCAN_CONFLICTS_AFTER_ZONE_CHANGE = 'rescan_conflicts_after_zone_change';

/** How long a zone change waits before the organisation's conflicts are found again. */
export const ZONE_CHANGE_RESCAN_DELAY_MS = 30_000;

export interface ZoneChangeDeps {
  store: Store;
  queue: JobQueue;
  logger: Logger;
  clock: () => Date;
  meetings: { queueDetection(scope: Scope): Promise<unknown> };
  conflicts: { queueForOrganisation(scope: OrgScope): Promise<unknown> };
}

export class ZoneChangeRefind {
  constructor(private readonly deps: ZoneChangeDeps) {}

  /** The zone has changed and stands: a queue unavailable for a moment is logged, not thrown. */
  async queue(scope: Scope): Promise<void> {
    const warn = (what: string) => (error: unknown) =>
      this.deps.logger.warn(
        { err: error, userId: scope.userId },
        `time zone changed: ${what} not queued`,
      );
    await this.deps.meetings.queueDetection(scope).catch(warn('meeting detection'));
    const runAt = new Date(this.deps.clock().getTime() + ZONE_CHANGE_RESCAN_DELAY_MS);
    await this.deps.queue
      .enqueue(
        RESCAN_CONFLICTS_AFTER_ZONE_CHANGE,
        { orgId: scope.orgId },
        { dedupeKey: `zone-change-conflicts:${scope.orgId}`, orgId: scope.orgId, runAt },
      )
      .catch(warn('conflict scans'));
  }

  /**
   * The job's handler: every user's conflicts read everything again (reset first, so that a scan
   * waiting or running does not stop at what changed since its last pass).
   */
  async runRescanJob(payload: unknown): Promise<void> {
    const orgId = (payload as { orgId?: unknown } | null)?.orgId;
    if (typeof orgId !== 'string')
      throw new PermanentJobFailure(`${RESCAN_CONFLICTS_AFTER_ZONE_CHANGE}: payload needs orgId`);
    await this.deps.store.conflicts.resetScans({ orgId });
    await this.deps.conflicts.queueForOrganisation({ orgId });
  }
}
