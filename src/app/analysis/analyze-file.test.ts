import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { HistoryTracker } from '../../../models/history.js';
import { parseEventLine } from '../../domain/analysis/event-line.js';
import {
  MEETING_TYPES,
  MeetingAnalyser,
  type MeetingModels,
} from '../../domain/detection/analyse.js';
import { WholeFileHistory } from './account-history.js';
import { loadMeetingModels, loadOrganisationContext } from './analysis-inputs.js';
import {
  analyzeLines,
  collectWholeFileHistory,
  LineSink,
  readLines,
  toAnalysisLine,
  type AnalysisLine,
} from './analyze-file.js';
import {
  collector,
  CONTRACT_FIELDS,
  INTERNAL,
  jsonl,
  ORG,
  PRICING,
  runLines,
  SALES,
} from '../../../test/support/analysis-lines.js';

describe('analyzeLines', () => {
  let models: MeetingModels;
  let analyser: MeetingAnalyser;

  beforeAll(async () => {
    models = await loadMeetingModels();
    analyser = new MeetingAnalyser(ORG, models);
  });

  it('writes one contract line per event, in input order, with exactly the contract fields', async () => {
    const { output, raw, counts } = await runLines(jsonl(SALES, INTERNAL, PRICING), analyser);
    expect(counts).toEqual({ lines: 3, events: 3, rejected: 0 });
    expect(output.map((l) => l.id)).toEqual(['evt-001', 'evt-002', 'evt-003']);
    for (const line of raw.trim().split('\n'))
      expect(Object.keys(JSON.parse(line) as object)).toEqual(CONTRACT_FIELDS);

    const [sales, internal, pricing] = output;
    expect(sales).toMatchObject({
      isSalesMeeting: true,
      accountId: 'acc-1',
      matchedLeadIds: ['lead-1'],
      matchedContactIds: [],
      externalDomains: ['acme.com'],
    });
    expect(MEETING_TYPES).toContain(sales?.meetingType);
    expect(sales?.typeConfidence).toBeGreaterThan(0);
    expect(sales?.confidence).toBeGreaterThanOrEqual(models.detection.threshold);
    expect(sales?.reasons.length).toBeGreaterThan(0);

    expect(internal).toMatchObject({
      isSalesMeeting: false,
      meetingType: null,
      typeConfidence: null,
      accountId: null,
      matchedLeadIds: [],
      externalDomains: [],
    });
    expect(internal?.confidence).toBeLessThan(models.detection.threshold);
    expect(internal?.reasons.length).toBeGreaterThan(0);

    expect(pricing).toMatchObject({ isSalesMeeting: true, matchedContactIds: ['con-1'] });
  });

  it('reports bad lines with their numbers and reasons, skips blank ones, and goes on', async () => {
    const { output, rejected, counts } = await runLines(
      [
        `\uFEFF${JSON.stringify(SALES)}`,
        '{"id": "broken"',
        '',
        JSON.stringify({ ...INTERNAL, title: undefined }),
        JSON.stringify({ ...PRICING, start: '2026-02-30 10:00' }),
        '[1, 2]',
        JSON.stringify(PRICING),
      ],
      analyser,
    );
    expect(output.map((l) => l.id)).toEqual(['evt-001', 'evt-003']);
    expect(counts).toEqual({ lines: 7, events: 2, rejected: 4 });
    expect(rejected.map((r) => r.line)).toEqual([2, 4, 5, 6]);
    expect(rejected[0]?.reason).toMatch(/not valid JSON/);
    expect(rejected[1]?.reason).toMatch(/^title:/);
    expect(rejected[2]?.reason).toMatch(/^start:/);
    expect(rejected[3]?.reason).toMatch(/not a JSON object/);
  });

  it('gives the history the models were evaluated with: as models/history.ts over a corpus in start order', async () => {
    for (const name of ['helvetia-analytics', 'lumiere-paie', 'ruta-logistica']) {
      const dir = join(import.meta.dirname, '../../../corpus', name);
      const org = await loadOrganisationContext(join(dir, 'org.json'));
      const corpusAnalyser = new MeetingAnalyser(org, models);
      const inputs = readFileSync(join(dir, 'events.jsonl'), 'utf8')
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => ({ line: l, input: parseEventLine(l).input }))
        .sort(
          (a, b) =>
            a.input.start.localeCompare(b.input.start) || a.input.id.localeCompare(b.input.id),
        );
      // The evaluation's way: analyse, then again with the history when it is a sales meeting.
      const tracker = new HistoryTracker();
      const expected = inputs.map(({ input }) => {
        const first = corpusAnalyser.analyse(input);
        const past = first.isSalesMeeting
          ? tracker.next(first.accountId, input.start, true)
          : undefined;
        return toAnalysisLine(past ? corpusAnalyser.analyse(input, { history: past }) : first);
      });
      const { output } = await runLines(
        inputs.map((i) => i.line),
        corpusAnalyser,
      );
      expect(output).toEqual(expected);
      expect(output.some((l) => l.isSalesMeeting)).toBe(true);

      // `--history file` over the same events shuffled: the same lines, whatever the order.
      const shuffled = [...inputs].reverse().map((i) => i.line);
      const history = await collectWholeFileHistory(
        readLines(Readable.from(shuffled.map((l) => `${l}\n`))),
        corpusAnalyser,
      );
      const out = collector();
      const sink = new LineSink(out.stream);
      await analyzeLines(
        readLines(Readable.from(shuffled.map((l) => `${l}\n`))),
        corpusAnalyser,
        sink,
        {
          history,
        },
      );
      await sink.close(false);
      const byId = new Map(expected.map((l) => [l.id, l]));
      const twoPass = out
        .text()
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as AnalysisLine);
      expect(twoPass.map((l) => l.id)).toEqual([...inputs].reverse().map((i) => i.input.id));
      for (const line of twoPass) expect(line).toEqual(byId.get(line.id));
    }
  });
});

describe('LineSink', () => {
  it('waits for a slow stream to drain and keeps every line in order', async () => {
    const through = new PassThrough({ highWaterMark: 16 });
    const received: string[] = [];
    through.on('data', (chunk: Buffer) => received.push(chunk.toString()));
    through.pause();
    const sink = new LineSink(through, 32);
    let waited = 0;
    for (let i = 0; i < 20; i++) {
      const wait = sink.write(`line ${i} ${'x'.repeat(20)}`);
      if (wait) {
        waited += 1;
        setImmediate(() => through.resume());
        await wait;
        through.pause();
      }
    }
    through.resume();
    await sink.close(true);
    expect(waited).toBeGreaterThan(0);
    expect(received.join('').trim().split('\n')).toEqual(
      Array.from({ length: 20 }, (_, i) => `line ${i} ${'x'.repeat(20)}`),
    );
  });
});

describe('WholeFileHistory', () => {
  it('counts the earlier sales meetings of the account by start, then id, then line', () => {
    const history = new WholeFileHistory();
    const add = (id: string, start: string, line: number) =>
      history.add({ accountId: 'acc-1', start, id, line });
    add('c', '2026-03-10T10:00:00.000Z', 1);
    add('a', '2026-03-01T10:00:00.000Z', 2);
    add('b', '2026-03-10T10:00:00.000Z', 3);
    add('b', '2026-03-10T10:00:00.000Z', 4);
    const before = (id: string, start: string, line: number) =>
      history.before({ accountId: 'acc-1', start, id, line });
    expect(before('a', '2026-03-01T10:00:00.000Z', 2)).toEqual({
      earlierMeetings: 0,
      daysSinceFirst: null,
    });
    expect(before('b', '2026-03-10T10:00:00.000Z', 3)).toEqual({
      earlierMeetings: 1,
      daysSinceFirst: 9,
    });
    expect(before('b', '2026-03-10T10:00:00.000Z', 4).earlierMeetings).toBe(2);
    expect(before('c', '2026-03-10T10:00:00.000Z', 1).earlierMeetings).toBe(3);
    expect(history.before({ accountId: 'acc-2', start: '2026-03-10', id: 'x', line: 9 })).toEqual({
      earlierMeetings: 0,
      daysSinceFirst: null,
    });
  });
});
