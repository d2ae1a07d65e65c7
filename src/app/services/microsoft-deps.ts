/** What the Microsoft connection and subscription services are built from (src/app/app.ts). */
import type { MicrosoftSettings } from '../../config/config.js';
import type { JobQueue } from '../../jobs/job-queue.js';
import type { MicrosoftProvider } from '../../providers/microsoft/microsoft-provider.js';
import type { Store } from '../../store/store.js';
import type { Logger } from '../logger.js';
import type { RedetectOrganisation } from './connection-deletion.js';
import type { NotificationOutcome } from './google-deps.js';
import type { SyncService } from './sync.service.js';

export interface MicrosoftServiceDeps {
  store: Store;
  sync: SyncService;
  /** Lifecycle notifications are acted on by a job, so that the webhook answers at once. */
  queue: JobQueue;
  provider: MicrosoftProvider | null;
  settings: MicrosoftSettings | null;
  publicUrl: string;
  logger: Logger;
  clock: () => Date;
  /** Queues meeting detection for the organisation after a disconnect removed events. */
  redetect: RedetectOrganisation;
  /**
   * Counts notifications by outcome (accepted, ignored, rejected) for metrics: one call per entry
   * of a batch, one for a batch that cannot be read.
   */
  onNotification?: (outcome: NotificationOutcome['outcome']) => void;
}
