/**
 * The Exchange convergence property's scenarios (exchange-convergence.test.ts): the service's
 * fixed clock and window, the commands a run is made of (changes made in Exchange, syncs that
 * may be killed, changes landing mid-sync) and their fast-check arbitraries.
 */
import fc from 'fast-check';
import type { FaultKind } from '../../emulators/exchange/index.js';
import {
  DAY_MS,
  killArb,
  oneInFour,
  shiftHoursArb,
  targetArb,
  titleArb,
  type FaultMode,
  type SyncCommand as KillableSyncCommand,
  type When,
} from '../support/convergence-kit.js';

/** The engine's window, narrow so that moves in and out of it are common. */
export const PAST_DAYS = 7;
export const FUTURE_DAYS = 30;
/**
 * The service's clock, fixed: runs replay the same way any day, and the window spans both
 * daylight-saving changes of 2026 (8 March in America, 29 March in Europe).
 */
export const NOW = new Date('2026-03-01T12:00:00.000Z');
export const today = Date.UTC(NOW.getUTCFullYear(), NOW.getUTCMonth(), NOW.getUTCDate());
export const WEEKDAYS = [
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
];
/** Wide enough to list every occurrence a mutation may pick (in or out of the window). */
export const PICK_RANGE = {
  from: new Date(today - 60 * DAY_MS).toISOString(),
  to: new Date(today + 120 * DAY_MS).toISOString(),
};

export type SeriesEnd = { count: number } | { weeks: number } | 'none';

export type Mutation =
  | { kind: 'add'; when: When; zone: string; title: string; attendees: string[]; room: boolean }
  | {
      kind: 'addSeries';
      when: When;
      zone: string;
      title: string;
      attendees: string[];
      room: boolean;
      daily: boolean;
      end: SeriesEnd;
    }
  | {
      kind: 'update';
      target: number;
      title: string | null;
      attendees: string[] | null;
      free: boolean | null;
    }
  | {
      kind: 'updateInstance';
      target: number;
      occurrence: number;
      title: string;
      /** That occurrence's own attendees (someone added or left out for one week). */
      attendees: string[] | null;
    }
  | { kind: 'move'; target: number; when: When }
  | { kind: 'moveOut'; target: number; future: boolean }
  | { kind: 'moveInstance'; target: number; occurrence: number; shiftHours: number }
  | { kind: 'cancel'; target: number }
  | { kind: 'delete'; target: number }
  | { kind: 'deleteInstance'; target: number; occurrence: number }
  | { kind: 'invalidateSyncStates' }
  /** Deletes (or cancels) an item changed since the last successful sync. */
  | { kind: 'removeRecent'; target: number; cancel: boolean };

/**
 * A change made in Exchange while the round is under way, after this many pages; with
 * `invalidate`, every SyncState handed out so far is refused from then on.
 */
interface During {
  afterPage: number;
  mutation: Mutation;
  invalidate: boolean;
}

/** A restart runs the next step with a new engine and provider. */
export type SyncCommand = KillableSyncCommand<During>;

type Command = Mutation | SyncCommand;

export const FAULT_KINDS: FaultKind[] = [
  'serverBusy',
  'serviceUnavailable',
  'internalServerError',
  'drop',
];
/** The share of EWS calls (SyncFolderItems and GetItem) that fail. */
export const FAULT_RATE = 0.15;

export interface Scenario {
  seed: number;
  faults: FaultMode<FaultKind>;
  maxChangesReturned: number;
  getItemBatch: number;
  /** Items already in the calendar when the commands start. */
  initial: Mutation[];
  commands: Command[];
}

const ATTENDEES = [
  'Buyer@Acme.com',
  'ops@contoso.test',
  'cfo@globex.example',
  'legal@initech.example',
];
export const ROOM = 'Room-2@Contoso.test';
/** Windows zone ids, as EWS names them. */
const ZONES = [
  'UTC',
  'W. Europe Standard Time',
  'Eastern Standard Time',
  'India Standard Time',
  'Pacific Standard Time',
];

const whenArb: fc.Arbitrary<When> = fc.record({
  day: fc.integer({ min: -12, max: 40 }),
  hour: fc.integer({ min: 0, max: 23 }),
  minutes: fc.constantFrom(30, 60, 90),
  allDay: oneInFour,
  days: fc.integer({ min: 1, max: 3 }),
});
const attendeesArb = fc.subarray(ATTENDEES, { maxLength: 3 });
const zoneArb = fc.constantFrom(...ZONES);
const occurrenceArb = fc.nat({ max: 30 });

const addArb = fc.record({
  kind: fc.constant('add' as const),
  when: whenArb,
  zone: zoneArb,
  title: titleArb,
  attendees: attendeesArb,
  room: oneInFour,
});
const addSeriesArb = fc.record({
  kind: fc.constant('addSeries' as const),
  when: whenArb,
  zone: zoneArb,
  title: titleArb,
  attendees: attendeesArb,
  room: oneInFour,
  daily: oneInFour,
  end: fc.oneof(
    { weight: 3, arbitrary: fc.record({ count: fc.integer({ min: 2, max: 5 }) }) },
    { weight: 2, arbitrary: fc.record({ weeks: fc.integer({ min: 1, max: 4 }) }) },
    { weight: 1, arbitrary: fc.constant('none' as const) },
  ),
});
const updateArb = fc.record({
  kind: fc.constant('update' as const),
  target: targetArb,
  title: fc.option(titleArb),
  attendees: fc.option(attendeesArb),
  free: fc.option(fc.boolean()),
});
const updateInstanceArb = fc.record({
  kind: fc.constant('updateInstance' as const),
  target: targetArb,
  occurrence: occurrenceArb,
  title: titleArb,
  attendees: fc.option(attendeesArb),
});
const moveArb = fc.record({ kind: fc.constant('move' as const), target: targetArb, when: whenArb });
const moveOutArb = fc.record({
  kind: fc.constant('moveOut' as const),
  target: targetArb,
  future: fc.boolean(),
});
const moveInstanceArb = fc.record({
  kind: fc.constant('moveInstance' as const),
  target: targetArb,
  occurrence: occurrenceArb,
  shiftHours: shiftHoursArb,
});
const cancelArb = fc.record({ kind: fc.constant('cancel' as const), target: targetArb });
const deleteArb = fc.record({ kind: fc.constant('delete' as const), target: targetArb });
const deleteInstanceArb = fc.record({
  kind: fc.constant('deleteInstance' as const),
  target: targetArb,
  occurrence: occurrenceArb,
});
const removeRecentArb = fc.record({
  kind: fc.constant('removeRecent' as const),
  target: targetArb,
  cancel: oneInFour,
});

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 3, arbitrary: addArb },
  { weight: 3, arbitrary: addSeriesArb },
  { weight: 2, arbitrary: updateArb },
  { weight: 2, arbitrary: updateInstanceArb },
  { weight: 2, arbitrary: moveArb },
  { weight: 1, arbitrary: moveOutArb },
  { weight: 2, arbitrary: moveInstanceArb },
  { weight: 1, arbitrary: cancelArb },
  { weight: 1, arbitrary: deleteArb },
  { weight: 2, arbitrary: deleteInstanceArb },
  { weight: 1, arbitrary: fc.constant({ kind: 'invalidateSyncStates' as const }) },
);

/**
 * Changes made while a round is under way lean towards taking away what a committed page may
 * have just brought: the case where a round's earlier pages and its end can disagree.
 */
const duringArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 3, arbitrary: removeRecentArb },
  { weight: 1, arbitrary: addArb },
  { weight: 1, arbitrary: updateArb },
  { weight: 2, arbitrary: moveArb },
  { weight: 1, arbitrary: moveOutArb },
  { weight: 2, arbitrary: moveInstanceArb },
  { weight: 2, arbitrary: deleteInstanceArb },
  { weight: 3, arbitrary: deleteArb },
);

const syncArb: fc.Arbitrary<SyncCommand> = fc.record({
  kind: fc.constant('sync' as const),
  kill: killArb,
  during: fc.option(
    fc.record({
      afterPage: fc.integer({ min: 1, max: 3 }),
      mutation: duringArb,
      invalidate: oneInFour,
    }),
    { freq: 3 },
  ),
  restart: fc.boolean(),
});

export const scenarioArb: fc.Arbitrary<Scenario> = fc.record({
  seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  faults: fc.constantFrom<FaultMode<FaultKind>>(...FAULT_KINDS, 'mixed'),
  maxChangesReturned: fc.integer({ min: 1, max: 3 }),
  getItemBatch: fc.integer({ min: 1, max: 3 }),
  initial: fc.array(fc.oneof(addArb, addSeriesArb), { minLength: 2, maxLength: 5 }),
  commands: fc.array(
    fc.oneof({ weight: 3, arbitrary: mutationArb }, { weight: 2, arbitrary: syncArb }),
    { minLength: 5, maxLength: 15 },
  ),
});
