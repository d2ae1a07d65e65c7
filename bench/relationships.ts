/**
 * Relationship analysis over generated meetings: 1,000,000 meetings of 20,000 accounts (seeded,
 * generated in process), and
 * - the full recompute as the daily job runs it (`summariseRelationships`: the summary of every
 *   account) beside a baseline measured in the same process: grouping the meetings by account
 *   alone (`groupByAccount`), the least any recompute does; for scale, the full analysis of every
 *   account (`analyseRelationships`, what the detail endpoint builds for one account);
 * - the incremental update after one changed meeting: `summariseAccount` of that meeting's
 *   account only (the other accounts are not touched), and the detail of that account
 *   (`analyseAccount`, built on demand), in milliseconds.
 *
 * Imported by run.ts (`benchRelationships`), which runs the measurement in a child process of its
 * own (a clean heap):
 *   node --expose-gc --import tsx bench/relationships.ts ROUNDS
 * prints one JSON line with the figures.
 */
import { fileURLToPath } from 'node:url';
import {
  analyseAccount,
  analyseRelationships,
  groupByAccount,
  summariseAccount,
  summariseRelationships,
  type ExternalPerson,
  type MeetingType,
  type RelationshipMeeting,
} from '../src/domain/relationships/index.js';
import { runJsonChild } from './child-process.js';
import { random } from './generate-events.js';
import { benchSize } from './smoke.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 3, 1);
const TARGET_RATIO = 4;

export interface RelationshipsRun {
  meetings: number;
  accounts: number;
  generateMs: number;
  baselineMs: number[];
  /** For scale: grouping and sorting each account's meetings by start, the least any timeline needs. */
  sortedMs: number[];
  /** For scale: grouping, then reading what the summary reads of each meeting, analysing nothing. */
  readMs: number[];
  /** The daily recompute: the summary of every account. */
  summaryMs: number[];
  /** For scale: the full analysis (detail) of every account. */
  fullMs: number[];
  incrementalMs: number[];
  /** The detail of the changed meeting's account, as the detail endpoint builds it. */
  detailMs: number[];
  incrementalMeetings: number;
}

type Rng = () => number;
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;

const TITLES = [
  null,
  null,
  'CFO',
  'CIO',
  'VP Procurement',
  'Vice President, Operations',
  'Director of IT',
  'Head of Legal',
  'Procurement Manager',
  'IT Manager',
  'Senior Financial Analyst',
  'Software Engineer',
  'Buyer',
];
const TYPES: readonly MeetingType[] = ['discovery', 'demo', 'negotiation', 'closing'];
const RESPONSES = [
  'accepted',
  'accepted',
  'accepted',
  'needsAction',
  'tentative',
  'declined',
] as const;

/** `count` meetings spread over `accounts` accounts (50 each on average), the same for a seed. */
export function generateMeetings(
  count: number,
  accounts: number,
  seed = 17,
): RelationshipMeeting[] {
  const rng = random(seed);
  const meetings: RelationshipMeeting[] = [];
  const perAccount = count / accounts;
  for (let a = 0; a < accounts && meetings.length < count; a++) {
    const left = count - meetings.length;
    const n =
      a === accounts - 1 ? left : Math.min(left, Math.round(perAccount * (0.2 + 1.6 * rng())));
    accountMeetings(rng, a, n, meetings);
  }
  return meetings;
}

function accountMeetings(rng: Rng, a: number, n: number, into: RelationshipMeeting[]): void {
  const kind = rng();
  const domain = `company${a}.com`;
  const accountKey =
    kind < 0.7 ? `acc-${a}` : kind < 0.95 ? `domain:${domain}` : `buyer${a}@gmail.com`;
  // One object per (person, response), shared by the meetings, as a store's rows would be.
  const people = Array.from({ length: 2 + Math.floor(rng() * 7) }, (_, p) => {
    const email = kind < 0.95 ? `person${p}@${domain}` : accountKey;
    const title = pick(rng, TITLES);
    return RESPONSES.map((responseStatus): ExternalPerson => ({
      email,
      name: `Person ${p}`,
      title,
      responseStatus,
    }));
  });
  const internal = [{ email: `rep${a % 250}@northwind.io`, responseStatus: 'accepted' as const }];
  const cadence = (3 + rng() * 27) * DAY;
  const span = Math.max(n, 1) * cadence;
  let at = NOW - span * (0.6 + 0.6 * rng()) + Math.floor(rng() * 24) * 3_600_000;
  const seriesFrom = rng() < 0.4 ? Math.floor(n * rng()) : n;
  for (let i = 0; i < n; i++) {
    const inSeries = i >= seriesFrom;
    at += inSeries ? 7 * DAY : cadence * (0.5 + rng());
    const cancelled = rng() < 0.04;
    const sales = !cancelled && rng() < 0.9;
    const moved = inSeries && rng() < 0.05 ? 2 * 3_600_000 : 0;
    const attendees: ExternalPerson[] = [];
    const invited = 1 + Math.floor(rng() * Math.min(4, people.length));
    for (let p = 0; p < invited; p++) attendees.push(pick(rng, pick(rng, people)));
    into.push({
      id: `m${a}-${i}`,
      accountKey,
      accountName: kind < 0.7 ? `Company ${a}` : null,
      start: at + moved,
      end: at + moved + pick(rng, [30, 30, 45, 60]) * 60_000,
      status: cancelled ? 'cancelled' : 'confirmed',
      isSalesMeeting: sales,
      meetingType: sales ? (TYPES[Math.min(3, Math.floor((4 * i) / n))] ?? 'follow_up') : null,
      seriesId: inSeries ? `series-${a}` : null,
      originalStart: inSeries ? at : null,
      title: inSeries ? `Company ${a} weekly` : `Company ${a} meeting ${i}`,
      externalPeople: attendees,
      internalPeople: internal,
    });
  }
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function time(run: () => unknown): number {
  gc();
  const started = performance.now();
  run();
  return performance.now() - started;
}

/** The measurement itself, in this process. */
export function measureRelationships(rounds: number): RelationshipsRun {
  const count = Number(process.env.BENCH_RELATIONSHIPS_EVENTS ?? benchSize(1_000_000, 2_000));
  const accountCount = Number(process.env.BENCH_RELATIONSHIPS_ACCOUNTS ?? benchSize(20_000, 100));
  const generated = performance.now();
  const meetings = generateMeetings(count, accountCount);
  const generateMs = performance.now() - generated;
  const baselineMs: number[] = [];
  const sortedMs: number[] = [];
  const readMs: number[] = [];
  const summaryMs: number[] = [];
  const fullMs: number[] = [];
  let accounts = 0;
  for (let r = 0; r < rounds; r++) {
    baselineMs.push(time(() => groupByAccount(meetings)));
    sortedMs.push(
      time(() => {
        for (const list of groupByAccount(meetings).values())
          list.sort((a, b) => a.start - b.start);
      }),
    );
    readMs.push(time(() => readEveryMeeting(meetings)));
    summaryMs.push(time(() => (accounts = summariseRelationships(meetings, NOW).length)));
    fullMs.push(time(() => analyseRelationships(meetings, NOW).length));
  }
  // One meeting of an account moves by an hour; only its account is analysed again.
  const groups = [...groupByAccount(meetings).values()];
  const incrementalMs: number[] = [];
  const detailMs: number[] = [];
  let incrementalMeetings = 0;
  const rng = random(99);
  for (let i = 0; i < 200; i++) {
    const list = pick(rng, groups);
    const changed = Math.floor(rng() * list.length);
    const updated = list.map((m, j) =>
      j === changed ? { ...m, start: m.start + 3_600_000, end: m.end + 3_600_000 } : m,
    );
    const key = updated[0]?.accountKey ?? '';
    const started = performance.now();
    summariseAccount(key, updated, NOW);
    const summarised = performance.now();
    analyseAccount(key, updated, NOW);
    detailMs.push(performance.now() - summarised);
    incrementalMs.push(summarised - started);
    incrementalMeetings += list.length;
  }
  return {
    meetings: meetings.length,
    accounts,
    generateMs,
    baselineMs,
    sortedMs,
    readMs,
    summaryMs,
    fullMs,
    incrementalMs,
    detailMs,
    incrementalMeetings: incrementalMeetings / 200,
  };
}

/**
 * Groups the meetings, then reads, account by account in key order, the fields of each meeting
 * and of its people that the summary reads, and nothing more: the least a recompute that looks
 * at every meeting costs. Returns a sum, so that the reads are not optimised away.
 */
function readEveryMeeting(meetings: readonly RelationshipMeeting[]): number {
  const groups = groupByAccount(meetings);
  let sum = 0;
  for (const key of [...groups.keys()].sort()) {
    for (const m of groups.get(key) ?? []) {
      sum += m.start + m.end + m.id.length + (m.isSalesMeeting ? 1 : 0);
      for (const p of m.externalPeople)
        sum += p.email.length + (p.responseStatus === 'declined' ? 1 : 0) + (p.title ? 1 : 0);
      for (const p of m.internalPeople) sum += p.email.length;
    }
  }
  return sum;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
}

/** Runs the measurement in a child process and prints the table. */
export function benchRelationships(rounds: number): void {
  const run = runJsonChild<RelationshipsRun>(
    'relationships.ts',
    fileURLToPath(import.meta.url),
    [String(rounds)],
    { nodeArgs: ['--expose-gc'] },
  );
  const n = (value: number) => Math.round(value).toLocaleString('en');
  console.log(
    `\nrelationships: ${n(run.meetings)} generated meetings (in ${(run.generateMs / 1000).toFixed(1)} s), ${n(run.accounts)} accounts with sales meetings; ${rounds} rounds\n`,
  );
  console.log('| round | measurement | time | meetings/s | ratio to baseline |');
  console.log('| --- | --- | --- | --- | --- |');
  run.summaryMs.forEach((summary, i) => {
    const base = run.baselineMs[i] ?? summary;
    console.log(
      `| ${i + 1} | baseline: \`groupByAccount\` | ${base.toFixed(0)} ms | ${n(run.meetings / (base / 1000))} | 1.00x |`,
    );
    const sorted = run.sortedMs[i] ?? base;
    console.log(
      `| ${i + 1} | for scale: group, then sort each account by start | ${sorted.toFixed(0)} ms | ${n(run.meetings / (sorted / 1000))} | ${(sorted / base).toFixed(2)}x |`,
    );
    const read = run.readMs[i] ?? base;
    console.log(
      `| ${i + 1} | for scale: group, then read each meeting and its people (no analysis) | ${read.toFixed(0)} ms | ${n(run.meetings / (read / 1000))} | ${(read / base).toFixed(2)}x |`,
    );
    console.log(
      `| ${i + 1} | full recompute: \`summariseRelationships\` | ${summary.toFixed(0)} ms | ${n(run.meetings / (summary / 1000))} | ${(summary / base).toFixed(2)}x |`,
    );
    const full = run.fullMs[i] ?? summary;
    console.log(
      `| ${i + 1} | for scale: full analysis of every account (detail): \`analyseRelationships\` | ${full.toFixed(0)} ms | ${n(run.meetings / (full / 1000))} | ${(full / base).toFixed(2)}x |`,
    );
  });
  const ratio = median(run.summaryMs.map((summary, i) => summary / (run.baselineMs[i] ?? summary)));
  const updates = `${run.incrementalMs.length} updates of the changed meeting's account (${run.incrementalMeetings.toFixed(0)} meetings on average)`;
  const spread = (ms: number[]) =>
    `median ${median(ms).toFixed(3)} ms, p99 ${percentile(ms, 0.99).toFixed(3)} ms`;
  console.log(`\nincremental: \`summariseAccount\`, ${updates}: ${spread(run.incrementalMs)}`);
  console.log(`detail on demand: \`analyseAccount\` of the same accounts: ${spread(run.detailMs)}`);
  console.log(
    `target: full recompute within ${TARGET_RATIO}x the baseline: ${ratio <= TARGET_RATIO ? 'met' : 'not met'} (median ${ratio.toFixed(2)}x)`,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const run = measureRelationships(Number(process.argv[2] ?? 3));
  process.stdout.write(`${JSON.stringify(run)}\n`);
}
