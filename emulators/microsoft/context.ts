/** The parts of one emulator instance, shared by its routes and its control object. */
import type { DeltaRounds } from './delta-rounds.js';
import type { Faults } from './faults.js';
import type { SigningKey } from './identity-keys.js';
import type { IdentityState } from './identity-state.js';
import type { MailboxLoad } from './mailbox-load.js';
import type { EmulatorSettings } from './settings.js';
import type { MailboxState } from './state.js';
import type { SubscriptionHub } from './subscriptions.js';
import type { GraphSeed } from './types.js';

export interface EmulatorContext {
  settings: EmulatorSettings;
  /** The settings the emulator started with; reset() returns to them. */
  initialSettings: EmulatorSettings;
  state: MailboxState;
  identity: IdentityState;
  key: SigningKey;
  delta: DeltaRounds;
  subscriptions: SubscriptionHub;
  faults: Faults;
  load: MailboxLoad;
  seed: GraphSeed;
  /** Allowed redirect URIs; empty means any absolute http(s) URI. */
  redirectUris: string[];
  nowMs: () => number;
  /** `https://localhost:PORT` once listening: the authority host and the Graph host alike. */
  baseUrl: () => string;
}
