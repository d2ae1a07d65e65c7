/** The Google Calendar v3 + OAuth 2.0 emulator: see server.ts, and control.ts for its switches. */
export {
  buildGoogleEmulator,
  startGoogleEmulator,
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  type GoogleEmulatorOptions,
  type RunningGoogleEmulator,
} from './server.js';
export { GoogleEmulatorControl, type TruthOptions } from './control.js';
export { defaultSeed, loadSeedFile, parseSeed } from './seed.js';
export type { FaultKind, FaultRule, FaultRuleInput } from './faults.js';
export type { Channel, Delivery, DeliveryAttempt } from './push.js';
export type { EmulatorSettings, PageShapes, SettingsPatch } from './settings.js';
export type {
  CalendarInfo,
  GoogleEvent,
  GoogleEventDateTime,
  GoogleEventInput,
  GoogleEventPatch,
  GoogleSeed,
  GoogleSeedCalendar,
  GoogleSeedUser,
} from './types.js';
