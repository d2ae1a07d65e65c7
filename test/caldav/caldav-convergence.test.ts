/**
 * Convergence under faults (issue 9, "Proof"), for CalDAV. Random changes made on a real Radicale
 * (single events, weekly series, their EXDATEs and overrides, edits, deletions, sync tokens that
 * expire) are interleaved with syncs, while a proxy in front of Radicale fails a fifth of the
 * requests (dropped connections, 500, 503, 429) and syncs are aborted after a random page; half
 * the runs hide sync-collection, so that ctags and etags are compared instead. Pages
 * and multigets are small, so a run commits several pages and an abort lands between them. After
 * the faults stop and one sync succeeds, the store must hold exactly what the server's objects
 * expand to in the window (every instance, none twice, none stale), and the next sync must have
 * nothing to do.
 *
 * Environment: CALDAV_CONVERGENCE_RUNS (default 30), CALDAV_CONVERGENCE_SEED (replay a failure).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mapCalendarObject } from '../../src/providers/caldav/caldav-mapper.js';
import { describeWithRadicale, useRadicale, type RadicaleUser } from '../support/radicale.js';
import { startFaultProxy, type Fault, type FaultProxy } from './fault-proxy.js';
import {
  NOW,
  openHarness,
  vcalendar,
  vevent,
  type CaldavHarness,
  type VeventSpec,
} from './harness.js';

const RUNS = Number(process.env.CALDAV_CONVERGENCE_RUNS ?? 30);
const SEED = process.env.CALDAV_CONVERGENCE_SEED
  ? Number(process.env.CALDAV_CONVERGENCE_SEED)
  : undefined;
const PASSWORD = 'app-password';
const DAY_MS = 86_400_000;
/** Object names, unique across runs. */
let created = 0;
/** The engine's window in the harness: 30 days back, 90 ahead of NOW's day. */
const WINDOW = {
  from: new Date(Date.parse('2026-03-01T00:00:00Z') - 30 * DAY_MS),
  to: new Date(Date.parse('2026-03-01T00:00:00Z') + 90 * DAY_MS),
};

type Mutation =
  | { kind: 'add'; day: number; hour: number }
  | { kind: 'addSeries'; day: number; hour: number; count: number }
  | { kind: 'edit'; target: number; day: number; hour: number; title: number }
  | { kind: 'exdate'; target: number; occurrence: number }
  | { kind: 'override'; target: number; occurrence: number; shiftHours: number }
  | { kind: 'remove'; target: number }
  | { kind: 'expireTokens' };

interface SyncCommand {
  kind: 'sync';
  faultRate: 0 | 0.2 | 0.5;
  abortAfterPages: number | null;
}

const TITLES = ['Discovery call', 'Pricing review', 'QBR', 'Démo'];
const day = fc.integer({ min: -40, max: 100 });
const hour = fc.integer({ min: 0, max: 23 });
const target = fc.nat({ max: 20 });
const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('add' as const), day, hour }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('addSeries' as const),
      day,
      hour,
      count: fc.integer({ min: 2, max: 8 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('edit' as const),
      target,
      day,
      hour,
      title: fc.nat({ max: TITLES.length - 1 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('exdate' as const),
      target,
      occurrence: fc.nat({ max: 7 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('override' as const),
      target,
      occurrence: fc.nat({ max: 7 }),
      shiftHours: fc.integer({ min: -48, max: 48 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('remove' as const), target }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'expireTokens' as const }) },
);
const syncArb: fc.Arbitrary<SyncCommand> = fc.record({
  kind: fc.constant('sync' as const),
  faultRate: fc.constantFrom(0 as const, 0.2 as const, 0.5 as const),
  abortAfterPages: fc.option(fc.integer({ min: 1, max: 3 }), { freq: 2 }),
});
const scenarioArb = fc.record({
  seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  /** false: the proxy hides sync-collection, so ctags and etags are compared. */
  syncCollection: fc.boolean(),
  initial: fc.array(mutationArb, { minLength: 1, maxLength: 6 }),
  commands: fc.array(
    fc.oneof({ weight: 3, arbitrary: mutationArb }, { weight: 2, arbitrary: syncArb }),
    {
      minLength: 4,
      maxLength: 14,
    },
  ),
});

/** What the test put on the server: per object name, its master and overrides. */
interface ServerObject {
  master: VeventSpec;
  overrides: VeventSpec[];
  occurrences: string[];
}

describeWithRadicale('CalDAV convergence under faults', () => {
  const radicale = useRadicale({ users: { alice: PASSWORD }, maxSyncTokenAge: 3600 });
  let proxy: FaultProxy;
  let runCount = 0;

  beforeAll(async () => {
    proxy = await startFaultProxy(radicale().url);
  });
  afterAll(async () => {
    await proxy.close();
  });

  it('the store ends equal to what the server holds, and the next sync has nothing to do', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (scenario) => {
        const alice = radicale().as('alice');
        const calendarUrl = await alice.makeCalendar(`conv-${++runCount}`);
        const objects = new Map<string, ServerObject>();
        const random = seeded(scenario.seed);
        const log: string[] = [`sync-collection: ${scenario.syncCollection}`];
        proxy.withoutSyncCollection = !scenario.syncCollection;
        const harness = await openHarness({
          serverUrl: proxy.url,
          username: 'alice',
          password: PASSWORD,
          calendarUrl: calendarUrl.replace(radicale().url, proxy.url),
          pageSize: 3,
          multigetSize: 2,
        });
        try {
          for (const m of scenario.initial) await mutate(alice, calendarUrl, objects, m, log);
          for (const command of scenario.commands) {
            if (command.kind === 'sync') await faultySync(harness, proxy, command, random, log);
            else await mutate(alice, calendarUrl, objects, command, log);
          }
          proxy.plan = () => ({ kind: 'pass' });
          await harness.sync();
          const expected = expectedEvents(new URL(calendarUrl).pathname, objects);
          const stored = (await harness.events()).map(
            (e) => `${e.providerEventId} ${e.title} ${e.start}`,
          );
          expect(stored, log.join('\n')).toEqual(expected);
          const again = await harness.sync();
          expect(again, log.join('\n')).toMatchObject({ added: 0, updated: 0, deleted: 0 });
        } finally {
          proxy.plan = () => ({ kind: 'pass' });
          proxy.withoutSyncCollection = false;
          await harness.close();
        }
      }),
      { numRuns: RUNS, ...(SEED !== undefined ? { seed: SEED } : {}) },
    );
  });

  async function mutate(
    alice: RadicaleUser,
    calendarUrl: string,
    objects: Map<string, ServerObject>,
    m: Mutation,
    log: string[],
  ): Promise<void> {
    const names = [...objects.keys()];
    const series = names.filter((name) => objects.get(name)!.master.rrule);
    const pick = (list: string[], index: number) =>
      list.length ? list[index % list.length] : undefined;
    const save = async (name: string) => {
      const object = objects.get(name)!;
      await alice.put(
        calendarUrl,
        name,
        vcalendar(vevent(object.master), ...object.overrides.map(vevent)),
      );
    };
    log.push(JSON.stringify(m));
    switch (m.kind) {
      case 'add':
      case 'addSeries': {
        const name = `e${++created}.ics`;
        const start = at(m.day, m.hour);
        const count = m.kind === 'addSeries' ? m.count : 1;
        const master: VeventSpec = {
          uid: `${name}@acme.test`,
          summary: TITLES[0]!,
          start: basic(start),
          end: basic(start + 3_600_000),
          ...(m.kind === 'addSeries' ? { rrule: `FREQ=WEEKLY;COUNT=${count}`, exdates: [] } : {}),
        };
        const occurrences = Array.from({ length: count }, (_, i) => basic(start + i * 7 * DAY_MS));
        objects.set(name, { master, overrides: [], occurrences });
        return save(name);
      }
      case 'edit': {
        const name = pick(names, m.target);
        if (!name) return;
        const object = objects.get(name)!;
        if (object.master.rrule) {
          // A series keeps its times (its overrides and EXDATEs name them); it is renamed.
          object.master = {
            ...object.master,
            summary: TITLES[m.title]!,
            sequence: (object.master.sequence ?? 0) + 1,
          };
        } else {
          const start = at(m.day, m.hour);
          object.master = {
            ...object.master,
            summary: TITLES[m.title]!,
            start: basic(start),
            end: basic(start + 3_600_000),
          };
          object.occurrences = [basic(start)];
        }
        return save(name);
      }
      case 'exdate': {
        const name = pick(series, m.target);
        if (!name) return;
        const object = objects.get(name)!;
        const occurrence = object.occurrences[m.occurrence % object.occurrences.length]!;
        object.master = {
          ...object.master,
          exdates: [...(object.master.exdates ?? []), occurrence],
        };
        object.overrides = object.overrides.filter((o) => o.recurrenceId !== occurrence);
        return save(name);
      }
      case 'override': {
        const name = pick(series, m.target);
        if (!name) return;
        const object = objects.get(name)!;
        const occurrence = object.occurrences[m.occurrence % object.occurrences.length]!;
        if (object.master.exdates?.includes(occurrence)) return;
        const start = fromBasic(occurrence) + m.shiftHours * 3_600_000;
        object.overrides = [
          ...object.overrides.filter((o) => o.recurrenceId !== occurrence),
          {
            uid: object.master.uid,
            summary: `${object.master.summary} (moved)`,
            recurrenceId: occurrence,
            start: basic(start),
            end: basic(start + 1_800_000),
          },
        ];
        return save(name);
      }
      case 'remove': {
        const name = pick(names, m.target);
        if (!name) return;
        objects.delete(name);
        return alice.remove(calendarUrl, name);
      }
      case 'expireTokens':
        radicale().ageSyncTokens(2 * 3600);
        return alice.syncFromScratch(calendarUrl);
    }
  }
});

/** One sync with faults injected at `faultRate`, maybe aborted after some pages; failures are expected. */
async function faultySync(
  harness: CaldavHarness,
  proxy: FaultProxy,
  command: SyncCommand,
  random: () => number,
  log: string[],
): Promise<void> {
  const faults: Fault[] = [
    { kind: 'drop' },
    { kind: 'status', status: 500 },
    { kind: 'status', status: 503 },
    { kind: 'status', status: 429, retryAfter: '1' },
  ];
  proxy.plan = () =>
    random() < command.faultRate ? faults[Math.floor(random() * faults.length)]! : { kind: 'pass' };
  const controller = new AbortController();
  let pages = 0;
  try {
    const outcome = await harness.sync({
      signal: controller.signal,
      onPage: () => {
        if (++pages === command.abortAfterPages) controller.abort();
      },
    });
    log.push(
      `sync ok ${JSON.stringify(command)} +${outcome.added} ~${outcome.updated} -${outcome.deleted}`,
    );
  } catch (error) {
    log.push(
      `sync failed ${JSON.stringify(command)}: ${error instanceof Error ? error.message : String(error)}`,
    );
  } finally {
    proxy.plan = () => ({ kind: 'pass' });
  }
}

/** The server's objects expanded in the window, as `id title start`, in id order. */
function expectedEvents(path: string, objects: Map<string, ServerObject>): string[] {
  const lines: string[] = [];
  for (const [name, object] of objects) {
    const data = vcalendar(vevent(object.master), ...object.overrides.map(vevent));
    const mapped = mapCalendarObject(
      { href: `${path}${name}`, etag: null, data },
      WINDOW,
      'Europe/Paris',
    );
    for (const { event } of mapped.events)
      lines.push(`${event.providerEventId} ${event.title} ${event.start}`);
  }
  return lines.sort((a, b) => (a.split(' ')[0]! < b.split(' ')[0]! ? -1 : 1));
}

function at(dayOffset: number, hourOfDay: number): number {
  const today = Date.UTC(NOW.getUTCFullYear(), NOW.getUTCMonth(), NOW.getUTCDate());
  return today + dayOffset * DAY_MS + hourOfDay * 3_600_000;
}

function basic(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`;
}

function fromBasic(value: string): number {
  return Date.parse(
    value.replace(/(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z/, '$1-$2-$3T$4:$5:$6Z'),
  );
}

/** mulberry32: the faults of a run replay from its seed. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
