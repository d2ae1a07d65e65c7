/** The Microsoft identity platform + Graph calendar emulator: see server.ts, and control.ts for its switches. */
export {
  buildMicrosoftEmulator,
  startMicrosoftEmulator,
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  type MicrosoftEmulatorOptions,
  type RunningMicrosoftEmulator,
} from './server.js';
export { generateCertificate, type Certificate } from './certificate.js';
export { MicrosoftEmulatorControl } from './control.js';
export { defaultSeed, loadSeedFile, parseSeed } from './seed.js';
export { fetchTrusting, msalNetworkClient } from './trusted-fetch.js';
export type { FaultKind, FaultRule, FaultRuleInput } from './faults.js';
export type { Delivery, DeliveryAttempt, LifecycleEvent, Subscription } from './subscriptions.js';
export type { EmulatorSettings, PageShapes, SettingsPatch } from './settings.js';
export type {
  CalendarInfo,
  GraphEvent,
  GraphEventInput,
  GraphEventPatch,
  GraphSeed,
  GraphSeedCalendar,
  GraphSeedUser,
} from './types.js';
