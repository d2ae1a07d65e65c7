/** The Exchange Web Services emulator: see server.ts, and control.ts for its switches. */
export {
  buildExchangeEmulator,
  startExchangeEmulator,
  type ExchangeEmulatorOptions,
  type RunningExchangeEmulator,
} from './server.js';
export {
  ExchangeEmulatorControl,
  type FolderSummary,
  type ItemSummary,
  type ViewEntry,
} from './control.js';
export { bearerTokenFor, defaultSeed, loadSeedFile, parseSeed } from './seed.js';
export type { FaultKind, FaultRule, FaultRuleInput } from './faults.js';
export type { EmulatorSettings, SettingsPatch } from './settings.js';
export type {
  Attendee,
  CalendarFolderInput,
  CalendarItemInput,
  CalendarItemPatch,
  ExchangeSeed,
  MailboxSeed,
  Recurrence,
} from './types.js';
