/** The parts of one emulator instance, shared by its routes and its control object. */
import type { Faults } from './faults.js';
import type { OAuthState } from './oauth-state.js';
import type { Pager } from './paging.js';
import type { PushHub } from './push.js';
import type { EmulatorSettings } from './settings.js';
import type { EmulatorState } from './state.js';
import type { GoogleSeed } from './types.js';

export interface EmulatorContext {
  settings: EmulatorSettings;
  /** The settings the emulator started with; reset() returns to them. */
  initialSettings: EmulatorSettings;
  state: EmulatorState;
  oauth: OAuthState;
  push: PushHub;
  faults: Faults;
  pager: Pager;
  seed: GoogleSeed;
  nowMs: () => number;
  /** `http://127.0.0.1:PORT` once listening. */
  baseUrl: () => string;
}
