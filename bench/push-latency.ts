/**
 * Push-to-visible latency (issue 3): how long after a change in Google the API shows it. Three
 * processes, as in production: the emulator (google-emulator.ts), the service in its embedded
 * shape (`startService`: API on a real port, SQLite, in-process jobs and scheduler), and the
 * driver, which changes one event at a time through the emulator's control API and polls the
 * service's API every ~5 ms until the change is readable, before making the next one.
 *   node --import tsx bench/push-latency.ts drive '<PushLatencyOptions JSON>'    (prints the result)
 *   node --import tsx bench/push-latency.ts service '<EmulatorInfo JSON>'        (the service)
 * The service process timestamps each stage (notification received, sync job run, events.list
 * call, page commit) and hands the log over when it is stopped, so that a slow change can be
 * taken apart. `runPushLatency` runs the driver in a child process from bench/run.ts.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { App } from '../src/app/app.js';
import { finishConsent } from '../src/app/demo/browser-consent.js';
import { startService } from '../src/app/service.js';
import { loadConfig } from '../src/config/config.js';
import type { GoogleProvider } from '../src/providers/google/google-provider.js';
import type { CalendarProvider } from '../src/providers/provider.js';
import type { SyncStore } from '../src/sync/sync-store.js';
import { childArgs } from './child-process.js';
import { spawnEmulator, type EmulatorInfo } from './google-emulator.js';
import { benchSize } from './smoke.js';

export interface PushLatencyOptions {
  /** Events on the calendar (the emulator's seed; synced in full before measuring). */
  events: number;
  /** Changes measured per round (and as many GETs for the baseline). */
  changes: number;
  /** Rounds of baseline reads and changes against the same service; samples are pooled. */
  rounds: number;
  /** Changes made first and not counted (JIT, connection pools). */
  warmup: number;
  /** Wait between two polls of the API. */
  pollMs: number;
}

export interface Distribution {
  p50: number;
  p99: number;
  max: number;
  mean: number;
}

export interface StageTimes {
  /** Mutation sent to the emulator -> its control API answered. */
  mutate: number;
  /** Mutation sent -> the service received the push notification. */
  notify: number;
  /** Notification received -> the sync job started. */
  queue: number;
  /** The sync run (engine.syncCalendar) from start to end. */
  sync: number;
  /** Of which: events.list calls to the emulator, and page commits. */
  fetch: number;
  commit: number;
  /** Sync finished -> the driver saw the change (poll interval and the API read). */
  read: number;
}

export interface ChangeSample {
  kind: 'rename' | 'move' | 'add';
  ms: number;
  polls: number;
  stages: StageTimes | null;
  /** Sync runs that started between the mutation and the change becoming visible. */
  syncs: number;
}

export interface PushLatencyResult {
  events: number;
  /** Changes measured, over all rounds. */
  changes: number;
  latency: Distribution;
  baseline: Distribution;
  /** GET /healthz: the API's floor (HTTP, auth-less routing), for scale. */
  floor: Distribution;
  /** Each round on its own: push-to-visible and the baseline read. */
  rounds: Array<{ latency: Distribution; baseline: Distribution }>;
  stages: Record<keyof StageTimes, Distribution>;
  /** The slowest changes, with their stages. */
  slowest: ChangeSample[];
  notifications: number;
  syncRuns: number;
}

export const DEFAULT_PUSH_OPTIONS: PushLatencyOptions = {
  events: 10_000,
  changes: 200,
  rounds: 1,
  warmup: 10,
  pollMs: 5,
};

/** Runs the driver in a child process (which starts the emulator and the service). */
export function runPushLatency(options: Partial<PushLatencyOptions> = {}): PushLatencyResult {
  const run = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      fileURLToPath(import.meta.url),
      'drive',
      JSON.stringify({ ...DEFAULT_PUSH_OPTIONS, ...options }),
    ],
    { encoding: 'utf8', maxBuffer: 16 << 20, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  if (run.status !== 0) throw new Error(`push-latency failed:\n${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as PushLatencyResult;
}

/** Wall-clock milliseconds with sub-millisecond precision, comparable across processes. */
function now(): number {
  return performance.timeOrigin + performance.now();
}

// --- the service process ------------------------------------------------------------------

interface StageEvent {
  stage:
    | 'notify'
    | 'job-start'
    | 'job-end'
    | 'sync-start'
    | 'sync-end'
    | 'fetch-start'
    | 'fetch-end'
    | 'commit-start'
    | 'commit-end';
  at: number;
  detail?: string;
}

interface ServiceReady {
  url: string;
  token: string;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Wraps an async method of a live object to log when each call starts and ends. */
function timeCalls<T extends object, K extends keyof T>(
  target: T,
  key: K,
  log: StageEvent[],
  stages: [StageEvent['stage'], StageEvent['stage']],
): void {
  const original = target[key];
  if (typeof original !== 'function') return;
  const bound = (original as (...args: unknown[]) => Promise<unknown>).bind(target);
  target[key] = (async (...args: unknown[]) => {
    log.push({ stage: stages[0], at: now() });
    try {
      return await bound(...args);
    } finally {
      log.push({ stage: stages[1], at: now() });
    }
  }) as T[K];
}

/**
 * Stage timestamps from the running service, by wrapping methods of its live objects: the
 * notification handler, the job handler, the engine, and (private, reached by a cast: a
 * benchmark aid, skipped if their shape changed) the Google client and the engine's store.
 */
function instrument(app: App, log: StageEvent[]): void {
  const notify = app.google.handleNotification.bind(app.google);
  app.google.handleNotification = async (headers) => {
    const at = now();
    const outcome = await notify(headers);
    log.push({ stage: 'notify', at, detail: `${outcome.outcome}: ${outcome.reason}` });
    return outcome;
  };
  timeCalls(app.sync, 'runJob', log, ['job-start', 'job-end']);
  timeCalls(app.engine, 'syncCalendar', log, ['sync-start', 'sync-end']);
  const deps = (
    app.engine as unknown as {
      deps?: { store?: SyncStore; providers?: ReadonlyMap<string, CalendarProvider> };
    }
  ).deps;
  const provider = deps?.providers?.get('google') as GoogleProvider | undefined;
  if (provider?.client) timeCalls(provider.client, 'listEvents', log, ['fetch-start', 'fetch-end']);
  if (deps?.store) timeCalls(deps.store, 'commitPage', log, ['commit-start', 'commit-end']);
}

async function serviceMain(info: EmulatorInfo): Promise<void> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'calintel-bench-push-'));
  const config = loadConfig({
    CALINTEL_DATA_DIR: dataDir,
    CALINTEL_SECRET_KEY: '0f'.repeat(32),
    LOG_LEVEL: 'silent',
    HOST: '127.0.0.1',
    PORT: String(port),
    CALINTEL_PUBLIC_URL: `http://127.0.0.1:${port}`,
    API_RATE_LIMIT_PER_MINUTE: '100000000',
    // Every generated event is kept: the calendar spans years around a fixed date (and the push
    // benchmark adds events in 2020), which the default retention would not store.
    EVENT_RETENTION_DAYS: '3650',
    GOOGLE_CALENDAR_CLIENT_ID: info.clientId,
    GOOGLE_CALENDAR_CLIENT_SECRET: info.clientSecret,
    GOOGLE_CALENDAR_API_URL: `${info.url}/`,
    GOOGLE_OAUTH_AUTHORIZE_URL: `${info.url}/o/oauth2/v2/auth`,
    GOOGLE_OAUTH_TOKEN_URL: `${info.url}/token`,
    GOOGLE_OAUTH_REVOKE_URL: `${info.url}/revoke`,
  });
  const service = await startService(config, {
    roles: ['api', 'worker', 'scheduler'],
    demo: false,
  });
  const log: StageEvent[] = [];
  instrument(service.app, log);
  await service.app.admin.createUser({
    email: info.user,
    orgName: 'Bench',
    name: 'Riley Rep',
    timeZone: 'Europe/Berlin',
    internalDomains: ['northwind.io'],
  });
  const { token } = await service.app.admin.createToken({
    email: info.user,
    orgName: 'Bench',
    name: 'bench',
  });
  const ready: ServiceReady = { url: service.url ?? `http://127.0.0.1:${port}`, token };
  process.stdout.write(`${JSON.stringify(ready)}\n`);
  // Stopped by closing stdin: the log goes out as the last line.
  await new Promise<void>((resolve) => {
    process.stdin.on('end', resolve);
    process.stdin.resume();
  });
  await service.stop();
  rmSync(dataDir, { recursive: true, force: true });
  process.stdout.write(`${JSON.stringify(log)}\n`);
}

// --- the driver -----------------------------------------------------------------------------

interface ServiceChild extends ServiceReady {
  /** Stops the service and returns its stage log. */
  stop(): Promise<StageEvent[]>;
}

async function spawnService(info: EmulatorInfo): Promise<ServiceChild> {
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    childArgs(fileURLToPath(import.meta.url), ['service', JSON.stringify(info)]),
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines: string[] = [];
  const waiters: Array<() => void> = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    for (const wake of waiters.splice(0)) wake();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const nextLine = async (): Promise<string> => {
    for (;;) {
      const line = lines.shift();
      if (line !== undefined) return line;
      const woken = new Promise<void>((resolve) => waiters.push(resolve));
      const code = await Promise.race([woken.then(() => undefined), exited]);
      if (code !== undefined && lines.length === 0)
        throw new Error(`the service exited (${code}):\n${stderr}`);
    }
  };
  const ready = JSON.parse(await nextLine()) as ServiceReady;
  return {
    ...ready,
    stop: async () => {
      child.stdin.end();
      const log = JSON.parse(await nextLine()) as StageEvent[];
      await exited;
      return log;
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface ApiEvent {
  id: string;
  providerEventId: string;
  title: string;
  start: string;
  allDay: boolean;
}

class Driver {
  constructor(
    private readonly service: ServiceReady,
    private readonly emulator: EmulatorInfo,
  ) {}

  async api<T>(path: string, init: RequestInit = {}): Promise<{ status: number; body: T }> {
    const response = await fetch(`${this.service.url}/api/v1/calendar${path}`, {
      ...init,
      headers: {
        authorization: `Bearer ${this.service.token}`,
        ...(init.body ? { 'content-type': 'application/json' } : {}),
      },
    });
    return { status: response.status, body: (await response.json()) as T };
  }

  async control(method: string, path: string, body: unknown): Promise<void> {
    const calendar = encodeURIComponent(this.emulator.calendarId);
    const response = await fetch(
      `${this.emulator.url}/__control/calendars/${calendar}/events${path}`,
      { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
    );
    if (!response.ok) throw new Error(`control ${method} ${path}: ${response.status}`);
    await response.arrayBuffer();
  }

  /** The real code flow: connect, the emulator's consent redirect, the service's callback. */
  async connect(): Promise<void> {
    const started = await this.api<{ authorizationUrl: string }>('/providers/google/connect/', {
      method: 'POST',
      body: JSON.stringify({ loginHint: this.emulator.user }),
    });
    const consent = await fetch(started.body.authorizationUrl, { redirect: 'manual' });
    // Started with an API token, the callback asks before connecting; its button POSTs back.
    const callback = await finishConsent(new URL(consent.headers.get('location') ?? ''));
    if (callback.status !== 200) throw new Error(`OAuth callback: ${callback.status}`);
    await callback.arrayBuffer();
  }

  async waitForFirstSync(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const status = await this.api<{
        calendars?: Array<{ lastSuccessAt: string | null }>;
      }>('/sync/status/');
      const calendars = status.body.calendars ?? [];
      if (calendars.length > 0 && calendars.every((c) => c.lastSuccessAt)) return;
      await sleep(200);
    }
    throw new Error('the first sync did not finish in time');
  }

  /** Single, timed events to rename and move, from the synced calendar. */
  async targets(count: number): Promise<ApiEvent[]> {
    const found: ApiEvent[] = [];
    let cursor: string | null = null;
    while (found.length < count) {
      const query: string = `/events/?limit=500&from=2026-01-01T00:00:00Z${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await this.api<{ items: ApiEvent[]; nextCursor: string | null }>(query);
      found.push(...page.body.items.filter((e) => e.providerEventId.startsWith('ev') && !e.allDay));
      cursor = page.body.nextCursor;
      if (!cursor) break;
    }
    if (found.length < count) throw new Error(`only ${found.length} events to change`);
    // Spread over the calendar rather than the first few days.
    const step = Math.max(1, Math.floor(found.length / count));
    return Array.from({ length: count }, (_, i) => found[i * step] as ApiEvent);
  }

  /** Polls until `visible` holds; returns the number of API reads it took. */
  async until(read: () => Promise<boolean>, pollMs: number, timeoutMs = 60_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (let polls = 1; ; polls++) {
      if (await read()) return polls;
      if (Date.now() > deadline) throw new Error('a change did not become visible in time');
      await sleep(pollMs);
    }
  }
}

interface Mutation {
  kind: ChangeSample['kind'];
  apply(): Promise<void>;
  visible(): Promise<boolean>;
}

/** The i-th change: two renames, a move by 30 minutes, then a new event, over and over. */
function mutation(driver: Driver, i: number, target: ApiEvent): Mutation {
  const kind = (['rename', 'rename', 'move', 'add'] as const)[i % 4] ?? 'rename';
  if (kind === 'add') {
    // Each new event in a slot of its own, before every generated event: the list's time range
    // (`end_at > from`, `start_at < to`) walks the owner/start index from the user's first
    // event up to `to`, so a slot after them all would make each poll scan the whole calendar.
    const start = Date.UTC(2020, 5, 1) + i * 3_600_000;
    const id = `benchadd${String(i).padStart(5, '0')}`;
    const range = `from=${new Date(start).toISOString()}&to=${new Date(start + 1_800_000).toISOString()}`;
    return {
      kind,
      apply: () =>
        driver.control('POST', '', {
          id,
          summary: `Follow-up ${i}`,
          start: { dateTime: new Date(start).toISOString(), timeZone: 'Europe/Berlin' },
          end: { dateTime: new Date(start + 1_800_000).toISOString() },
          attendees: [{ email: 'buyer@acme.com', responseStatus: 'needsAction' }],
        }),
      visible: async () => {
        const page = await driver.api<{ items: ApiEvent[] }>(`/events/?limit=10&${range}`);
        return page.body.items.some((e) => e.providerEventId === id);
      },
    };
  }
  const path = `/${encodeURIComponent(target.providerEventId)}`;
  const read = () => driver.api<ApiEvent>(`/events/${encodeURIComponent(target.id)}/`);
  if (kind === 'move') {
    const start = Date.parse(target.start) + 1_800_000;
    return {
      kind,
      apply: () =>
        driver.control('PATCH', path, {
          start: { dateTime: new Date(start).toISOString() },
          end: { dateTime: new Date(start + 1_800_000).toISOString() },
        }),
      visible: async () => Date.parse((await read()).body.start) === start,
    };
  }
  const title = `${target.title} (rev ${i})`;
  return {
    kind,
    apply: () => driver.control('PATCH', path, { summary: title }),
    visible: async () => (await read()).body.title === title,
  };
}

function distribution(values: number[]): Distribution {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
  return {
    p50: rank(0.5) ?? 0,
    p99: rank(0.99) ?? 0,
    max: sorted.at(-1) ?? 0,
    mean: sorted.reduce((a, b) => a + b, 0) / (sorted.length || 1),
  };
}

interface Window {
  kind: ChangeSample['kind'];
  sentAt: number;
  answeredAt: number;
  visibleAt: number;
  polls: number;
}

/** The stages of one change, from the service's log between its mutation and its visibility. */
function stagesOf(change: Window, log: StageEvent[]): { stages: StageTimes | null; syncs: number } {
  const within = log.filter((e) => e.at >= change.sentAt && e.at <= change.visibleAt);
  const notified = within.find((e) => e.stage === 'notify' && e.detail?.startsWith('accepted'));
  const syncs = within.filter((e) => e.stage === 'sync-start').length;
  if (!notified) return { stages: null, syncs };
  const after = (stage: StageEvent['stage'], from: number) =>
    log.find((e) => e.stage === stage && e.at >= from);
  const syncStart = after('sync-start', notified.at);
  const syncEnd = syncStart && after('sync-end', syncStart.at);
  if (!syncStart || !syncEnd) return { stages: null, syncs };
  const span = (start: StageEvent['stage'], end: StageEvent['stage']) => {
    let total = 0;
    let open: number | null = null;
    for (const e of log) {
      if (e.at < syncStart.at || e.at > syncEnd.at) continue;
      if (e.stage === start) open = e.at;
      if (e.stage === end && open !== null) {
        total += e.at - open;
        open = null;
      }
    }
    return total;
  };
  return {
    syncs,
    stages: {
      mutate: change.answeredAt - change.sentAt,
      notify: notified.at - change.sentAt,
      queue: syncStart.at - notified.at,
      sync: syncEnd.at - syncStart.at,
      fetch: span('fetch-start', 'fetch-end'),
      commit: span('commit-start', 'commit-end'),
      read: change.visibleAt - syncEnd.at,
    },
  };
}

async function driveMain(options: PushLatencyOptions): Promise<PushLatencyResult> {
  const emulator = await spawnEmulator({ events: options.events });
  const { close: closeEmulator, ...info } = emulator;
  let service: ServiceChild | null = null;
  try {
    service = await spawnService(info);
    const driver = new Driver(service, info);
    await driver.connect();
    // A smoke run's calendar syncs in seconds: a first sync that never begins fails it fast.
    await driver.waitForFirstSync(benchSize(10 * 60_000, 60_000));
    const total = options.warmup + options.rounds * options.changes;
    const targets = await driver.targets(total);
    const readOnce = async (target: ApiEvent) => {
      const started = now();
      const read = await driver.api<ApiEvent>(`/events/${encodeURIComponent(target.id)}/`);
      if (read.status !== 200) throw new Error(`GET /events/${target.id}/: ${read.status}`);
      return now() - started;
    };
    const floor: number[] = [];
    for (let i = 0; i < options.changes; i++) {
      const started = now();
      await (await fetch(`${service.url}/healthz`)).arrayBuffer();
      floor.push(now() - started);
    }

    const rounds: Array<{ reads: number[]; windows: Window[] }> = [];
    let next = 0;
    for (let round = 0; round < options.rounds; round++) {
      // Baseline: the read alone, one at a time, on events this round is about to change.
      const reads: number[] = [];
      for (let i = 0; i < options.changes; i++)
        reads.push(
          await readOnce(targets[options.warmup + round * options.changes + i] as ApiEvent),
        );
      const windows: Window[] = [];
      const count = options.changes + (round === 0 ? options.warmup : 0);
      for (let k = 0; k < count; k++, next++) {
        const change = mutation(driver, next, targets[next] as ApiEvent);
        const sentAt = now();
        await change.apply();
        const answeredAt = now();
        const polls = await driver.until(change.visible, options.pollMs);
        if (next >= options.warmup)
          windows.push({ kind: change.kind, sentAt, answeredAt, visibleAt: now(), polls });
      }
      rounds.push({ reads, windows });
    }
    const log = await service.stop();
    service = null;

    const windows = rounds.flatMap((r) => r.windows);
    const samples: ChangeSample[] = windows.map((w) => ({
      kind: w.kind,
      ms: w.visibleAt - w.sentAt,
      polls: w.polls,
      ...stagesOf(w, log),
    }));
    const withStages = samples.flatMap((s) => (s.stages ? [s.stages] : []));
    const stageNames: Array<keyof StageTimes> = [
      'mutate',
      'notify',
      'queue',
      'sync',
      'fetch',
      'commit',
      'read',
    ];
    const measuredFrom = windows[0]?.sentAt ?? 0;
    return {
      events: info.events,
      changes: samples.length,
      latency: distribution(samples.map((s) => s.ms)),
      baseline: distribution(rounds.flatMap((r) => r.reads)),
      floor: distribution(floor),
      rounds: rounds.map((r) => ({
        latency: distribution(r.windows.map((w) => w.visibleAt - w.sentAt)),
        baseline: distribution(r.reads),
      })),
      stages: Object.fromEntries(
        stageNames.map((name) => [name, distribution(withStages.map((s) => s[name]))]),
      ) as Record<keyof StageTimes, Distribution>,
      slowest: [...samples].sort((a, b) => b.ms - a.ms).slice(0, 5),
      notifications: log.filter((e) => e.stage === 'notify' && e.at >= measuredFrom).length,
      syncRuns: log.filter((e) => e.stage === 'sync-start' && e.at >= measuredFrom).length,
    };
  } finally {
    if (service) await service.stop().catch(() => undefined);
    await closeEmulator();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [mode = '', json = '{}'] = process.argv.slice(2);
  if (mode === 'service') await serviceMain(JSON.parse(json) as EmulatorInfo);
  else if (mode === 'drive') {
    const result = await driveMain({ ...DEFAULT_PUSH_OPTIONS, ...(JSON.parse(json) as object) });
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } else throw new Error('usage: push-latency.ts drive OPTIONS_JSON | service EMULATOR_INFO_JSON');
}
