/** What the Google connection and channel services are built from (src/app/app.ts wires them). */
import type { GoogleSettings } from '../../config/config.js';
import type { GoogleProvider } from '../../providers/google/google-provider.js';
import type { Store } from '../../store/store.js';
import type { Logger } from '../logger.js';
import type { RedetectOrganisation } from './connection-deletion.js';
import type { SyncService } from './sync.service.js';

export interface GoogleServiceDeps {
  store: Store;
  sync: SyncService;
  provider: GoogleProvider | null;
  settings: GoogleSettings | null;
  publicUrl: string;
  logger: Logger;
  clock: () => Date;
  /** Queues meeting detection for the organisation after a disconnect removed events. */
  redetect: RedetectOrganisation;
  /** Counts notifications by outcome (accepted, ignored, rejected) for metrics. */
  onNotification?: (outcome: NotificationOutcome['outcome']) => void;
}

export interface NotificationOutcome {
  outcome: 'accepted' | 'ignored' | 'rejected';
  reason: string;
}
