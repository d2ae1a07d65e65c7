/** The parts of one emulator instance, shared by its routes and its control object. */
import type { Faults } from './faults.js';
import type { NtlmChallenges } from './ntlm.js';
import type { EmulatorSettings } from './settings.js';
import type { ExchangeState } from './state.js';
import type { PullSubscriptions } from './subscriptions.js';
import type { ExchangeSeed } from './types.js';

export interface EmulatorContext {
  settings: EmulatorSettings;
  /** The settings the emulator started with; reset() returns to them. */
  initialSettings: EmulatorSettings;
  state: ExchangeState;
  subscriptions: PullSubscriptions;
  faults: Faults;
  ntlm: NtlmChallenges;
  seed: ExchangeSeed;
  nowMs: () => number;
  /** EWS operations answered (or faulted) since the last reset, by name: requests per sync. */
  operations: Map<string, number>;
}
