/**
 * The random scenarios of the Outlook convergence test (outlook-convergence.test.ts): the
 * changes made in Outlook, the syncs killed part-way and the fault mixes, over a narrow window.
 */
import fc from 'fast-check';
import type { FaultKind } from '../../emulators/microsoft/index.js';
import {
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
 * The service's clock, fixed for the whole test file: the window then cannot move between the final
 * sync and the idle one (a moved window starts a new round, which is right but not "nothing").
 */
export const NOW = new Date();
export const today = Date.UTC(NOW.getUTCFullYear(), NOW.getUTCMonth(), NOW.getUTCDate());
export const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
export const WEEKDAYS = [
  'sunday',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
];

export const USER = 'dana@northwind.io';
export const CALENDAR = 'AAMkDanaCalendar';

// --- the commands ------------------------------------------------------------------------------

export type Mutation =
  | { kind: 'add'; when: When; title: string; attendees: string[] }
  | {
      kind: 'addSeries';
      when: When;
      title: string;
      attendees: string[];
      daily: boolean;
      end: { count: number } | { weeks: number } | 'none';
    }
  | {
      kind: 'update';
      target: number;
      instance: boolean;
      title: string | null;
      attendees: string[] | null;
      free: boolean | null;
    }
  | { kind: 'move'; target: number; when: When }
  | { kind: 'moveOut'; target: number; future: boolean }
  | { kind: 'moveInstance'; target: number; shiftHours: number }
  | { kind: 'cancel'; target: number; instance: boolean }
  | { kind: 'delete'; target: number; instance: boolean }
  | { kind: 'expireDeltaTokens'; fate: 'resync' | 'notFound' }
  | { kind: 'expireAccessTokens' }
  /** Deletes (or cancels) an event changed since the last successful sync. */
  | { kind: 'removeRecent'; target: number; cancel: boolean };

/**
 * A change made in Outlook while the round is under way, after this many pages; `thenFail`: and
 * the next call answers 410 or syncStateNotFound (Graph lost the round part-way).
 */
interface During {
  afterPage: number;
  mutation: Mutation;
  thenFail: 'resyncRequired' | 'syncStateNotFound' | null;
}

export type SyncCommand = KillableSyncCommand<During>;

type Command = Mutation | SyncCommand;

export const FAULT_KINDS: FaultKind[] = [
  'tooManyRequests',
  'applicationThrottled',
  'mailboxConcurrency',
  'serviceUnavailable',
  'gatewayTimeout',
  'internalServerError',
  'drop',
  'resyncRequired',
  'syncStateNotFound',
];

export interface Scenario {
  seed: number;
  faults: FaultMode<FaultKind>;
  zone: string;
  pageShapes: {
    sizes: number[];
    emptyPageRate: number;
    replayRate: number;
    emptyFinalPage: boolean;
  };
  /** Events already in the calendar when the commands start. */
  initial: Mutation[];
  commands: Command[];
}

const ATTENDEES = [
  'Buyer@Acme.com',
  'ops@northwind.io',
  'cfo@globex.example',
  'legal@initech.example',
];
/** Windows names as Outlook writes them, and one IANA name, which Graph also accepts. */
const ZONES = [
  'UTC',
  'W. Europe Standard Time',
  'Eastern Standard Time',
  'India Standard Time',
  'Europe/Berlin',
];

const whenArb: fc.Arbitrary<When> = fc.record({
  day: fc.integer({ min: -12, max: 40 }),
  hour: fc.integer({ min: 0, max: 23 }),
  minutes: fc.constantFrom(30, 60, 90),
  allDay: oneInFour,
  days: fc.integer({ min: 1, max: 3 }),
});
const attendeesArb = fc.subarray(ATTENDEES, { maxLength: 3 });

const addArb = fc.record({
  kind: fc.constant('add' as const),
  when: whenArb,
  title: titleArb,
  attendees: attendeesArb,
});
const addSeriesArb = fc.record({
  kind: fc.constant('addSeries' as const),
  when: whenArb,
  title: titleArb,
  attendees: attendeesArb,
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
  instance: fc.boolean(),
  title: fc.option(titleArb),
  attendees: fc.option(attendeesArb),
  free: fc.option(fc.boolean()),
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
  shiftHours: shiftHoursArb,
});
const cancelArb = fc.record({
  kind: fc.constant('cancel' as const),
  target: targetArb,
  instance: fc.boolean(),
});
const deleteArb = fc.record({
  kind: fc.constant('delete' as const),
  target: targetArb,
  instance: fc.boolean(),
});
const removeRecentArb = fc.record({
  kind: fc.constant('removeRecent' as const),
  target: targetArb,
  cancel: oneInFour,
});

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 3, arbitrary: addArb },
  { weight: 2, arbitrary: addSeriesArb },
  { weight: 3, arbitrary: updateArb },
  { weight: 2, arbitrary: moveArb },
  { weight: 1, arbitrary: moveOutArb },
  { weight: 2, arbitrary: moveInstanceArb },
  { weight: 2, arbitrary: cancelArb },
  { weight: 2, arbitrary: deleteArb },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('expireDeltaTokens' as const),
      fate: fc.constantFrom('resync' as const, 'notFound' as const),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'expireAccessTokens' as const }) },
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
  { weight: 1, arbitrary: moveInstanceArb },
  { weight: 2, arbitrary: cancelArb },
  { weight: 3, arbitrary: deleteArb },
);

const syncArb: fc.Arbitrary<SyncCommand> = fc.record({
  kind: fc.constant('sync' as const),
  kill: killArb,
  during: fc.option(
    fc.record({
      afterPage: fc.integer({ min: 1, max: 2 }),
      mutation: duringArb,
      thenFail: fc.option(
        fc.constantFrom('resyncRequired' as const, 'syncStateNotFound' as const),
        {
          freq: 2,
        },
      ),
    }),
    { freq: 3 },
  ),
  restart: fc.boolean(),
});

export const scenarioArb: fc.Arbitrary<Scenario> = fc.record({
  seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  faults: fc.constantFrom<FaultMode<FaultKind>>(...FAULT_KINDS, 'mixed'),
  zone: fc.constantFrom(...ZONES),
  // The provider asks for 500 items a page: the exact sizes of the first pages are what cut
  // these small calendars into several pages (0 is an empty page with a nextLink).
  pageShapes: fc.record({
    sizes: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 6 }),
    emptyPageRate: fc.constantFrom(0, 0.2),
    replayRate: fc.constantFrom(0, 0.3),
    emptyFinalPage: fc.boolean(),
  }),
  initial: fc.array(fc.oneof(addArb, addSeriesArb), { minLength: 1, maxLength: 3 }),
  commands: fc.array(
    fc.oneof({ weight: 3, arbitrary: mutationArb }, { weight: 2, arbitrary: syncArb }),
    { minLength: 5, maxLength: 15 },
  ),
});
