import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable, Writable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { HistoryTracker } from '../../../models/history.js';
import { parseEventLine } from '../../domain/analysis/event-line.js';
import {
  MEETING_TYPES,
  MeetingAnalyser,
  type MeetingModels,
} from '../../domain/detection/analyse.js';
import { WholeFileHistory } from './account-history.js';
import { loadMeetingModels, loadOrganisationContext, MODELS_FILE } from './analysis-inputs.js';
import {
  analyzeFile,
  analyzeLines,
  collectWholeFileHistory,
  LineSink,
  readLines,
  toAnalysisLine,
  type AnalysisLine,
  type Rejection,
} from './analyze-file.js';
import { conflictsFile } from './conflicts-file.js';
import { relationshipsFile } from './relationships-file.js';

const CONTRACT_FIELDS = [
  'id',
  'isSalesMeeting',
  'confidence',
  'meetingType',
  'typeConfidence',
  'accountId',
  'matchedLeadIds',
  'matchedContactIds',
  'externalDomains',
  'reasons',
];

const ORG = {
  internalDomains: ['northwind.io', 'northwind.co.uk'],
  accounts: [{ id: 'acc-1', name: 'Acme Corp', domains: ['acme.com'], stage: 'qualification' }],
  leads: [
    {
      id: 'lead-1',
      email: 'jdoe@acme.com',
      name: 'Jane Doe',
      company: 'Acme Corp',
      accountId: 'acc-1',
    },
  ],
  contacts: [
    { id: 'con-1', email: 'cfo@acme.com', name: 'Sam Lee', accountId: 'acc-1', title: 'CFO' },
  ],
};

const owner = { email: 'ana@northwind.io', name: 'Ana Ruiz' };
const SALES = {
  id: 'evt-001',
  title: 'Acme <> Northwind | discovery call',
  description: 'Agenda: current process, pain points, timeline',
  start: '2026-03-04T15:00:00-05:00',
  end: '2026-03-04T15:45:00-05:00',
  timeZone: 'America/New_York',
  location: 'https://zoom.us/j/123456789',
  organizer: owner,
  attendees: [
    { ...owner, responseStatus: 'accepted' },
    { email: 'jdoe@acme.com', name: 'Jane Doe', responseStatus: 'accepted' },
  ],
  calendarOwner: owner.email,
};
const INTERNAL = {
  id: 'evt-002',
  title: 'Weekly team stand-up',
  start: '2026-03-05T09:00:00+01:00',
  end: '2026-03-05T09:30:00+01:00',
  organizer: owner,
  attendees: [
    { ...owner, responseStatus: 'accepted' },
    { email: 'ben@northwind.io', responseStatus: 'accepted' },
  ],
  calendarOwner: owner.email,
};
const PRICING = {
  id: 'evt-003',
  title: 'Acme pricing and proposal review',
  start: '2026-03-11T16:00:00Z',
  end: '2026-03-11T17:00:00Z',
  organizer: owner,
  attendees: [
    { ...owner, responseStatus: 'accepted' },
    { email: 'cfo@acme.com', name: 'Sam Lee', responseStatus: 'accepted' },
    { email: 'jdoe@acme.com', responseStatus: 'accepted' },
  ],
  calendarOwner: owner.email,
};

const jsonl = (...events: object[]) => events.map((e) => JSON.stringify(e));

/** A Writable that keeps what is written. */
function collector(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

async function run(lines: string[], analyser: MeetingAnalyser) {
  const out = collector();
  const rejected: Rejection[] = [];
  const sink = new LineSink(out.stream);
  const counts = await analyzeLines(
    readLines(Readable.from(lines.map((l) => `${l}\n`))),
    analyser,
    sink,
    {
      onRejected: (r) => rejected.push(r),
    },
  );
  await sink.close(false);
  const output = out
    .text()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as AnalysisLine);
  return { counts, rejected, output, raw: out.text() };
}

describe('analyzeLines', () => {
  let models: MeetingModels;
  let analyser: MeetingAnalyser;

  beforeAll(async () => {
    models = await loadMeetingModels();
    analyser = new MeetingAnalyser(ORG, models);
  });

  it('writes one contract line per event, in input order, with exactly the contract fields', async () => {
    const { output, raw, counts } = await run(jsonl(SALES, INTERNAL, PRICING), analyser);
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
    const { output, rejected, counts } = await run(
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
      const { output } = await run(
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

describe('analyzeFile', () => {
  let dir: string;
  let input: string;
  let org: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'calintel-analyze-'));
    input = join(dir, 'events.jsonl');
    org = join(dir, 'org.json');
    writeFileSync(input, `${jsonl(SALES, INTERNAL, PRICING).join('\r\n')}\r\n`);
    writeFileSync(org, JSON.stringify(ORG));
  });

  it('finds the committed models from the package root', () => {
    expect(MODELS_FILE).toBe(join(import.meta.dirname, '../../../models/meeting-models.json'));
  });

  it('reads a file (CRLF too) and writes --output', async () => {
    const output = join(dir, 'out.jsonl');
    const result = await analyzeFile({ input, output, org, history: 'seen' });
    expect(result).toMatchObject({ lines: 3, events: 3, rejected: 0 });
    const lines = readFileSync(output, 'utf8').trim().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as AnalysisLine).id)).toEqual([
      'evt-001',
      'evt-002',
      'evt-003',
    ]);
  });

  it('reads stdin (--input -) and writes stdout', async () => {
    const out = collector();
    const result = await analyzeFile({
      input: '-',
      output: null,
      org,
      history: 'seen',
      stdin: Readable.from(jsonl(SALES).map((l) => `${l}\n`)),
      stdout: out.stream,
    });
    expect(result.events).toBe(1);
    expect((JSON.parse(out.text()) as AnalysisLine).id).toBe('evt-001');
  });

  it('warns once when a sales meeting comes after a later one of its account (--history seen)', async () => {
    const run = async (events: object[]) => {
      const warnings: string[] = [];
      await analyzeFile({
        input: '-',
        output: null,
        org,
        history: 'seen',
        stdin: Readable.from(jsonl(...events).map((l) => `${l}\n`)),
        stdout: collector().stream,
        onWarning: (message) => warnings.push(message),
      });
      return warnings;
    };
    expect(await run([SALES, INTERNAL, PRICING])).toEqual([]);
    const later = {
      ...PRICING,
      id: 'evt-004',
      start: '2026-03-18T16:00:00Z',
      end: '2026-03-18T17:00:00Z',
    };
    const warnings = await run([SALES, later, PRICING, { ...SALES, id: 'evt-005' }]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^line 3: a sales meeting with acc-1 starts before one on an earlier line; .*--history file/,
    );
  });

  it('without --org, analyses with an empty organisation context', async () => {
    const out = collector();
    await analyzeFile({ input, output: null, org: null, history: 'file', stdout: out.stream });
    const lines = out
      .text()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as AnalysisLine);
    expect(lines).toHaveLength(3);
    expect(lines.every((l) => l.accountId === null && l.matchedLeadIds.length === 0)).toBe(true);
  });

  it('says clearly what is wrong with the inputs', async () => {
    const base = { input, output: null, org, history: 'seen' as const };
    await expect(analyzeFile({ ...base, org: join(dir, 'missing.json') })).rejects.toThrow(
      /--org: cannot read .*missing\.json: ENOENT/,
    );
    writeFileSync(join(dir, 'broken.json'), '{"accounts": [');
    await expect(analyzeFile({ ...base, org: join(dir, 'broken.json') })).rejects.toThrow(
      /--org: .*broken\.json is not valid JSON/,
    );
    writeFileSync(join(dir, 'wrong.json'), '{"accounts": [{"id": "a", "domains": "acme.com"}]}');
    await expect(analyzeFile({ ...base, org: join(dir, 'wrong.json') })).rejects.toThrow(
      /--org: .*wrong\.json is not an organisation context: accounts\.0\.name/,
    );
    await expect(analyzeFile({ ...base, input: join(dir, 'nope.jsonl') })).rejects.toThrow(
      /--input: cannot read .*nope\.jsonl: ENOENT/,
    );
    await expect(analyzeFile({ ...base, input: dir })).rejects.toThrow(/--input: .*EISDIR/);
    await expect(analyzeFile({ ...base, output: input })).rejects.toThrow(
      /--output must not be the --input file/,
    );
    await expect(analyzeFile({ ...base, input: '-', history: 'file' })).rejects.toThrow(
      /--history file reads the input twice/,
    );
  });

  /** A named pipe with `text` written into it, as `--input <(cat events.jsonl)` gives. */
  function pipeOf(text: string): string {
    const fifo = join(mkdtempSync(join(dir, 'fifo-')), 'events');
    execFileSync('mkfifo', [fifo]);
    // Opening a pipe's writing end waits for a reader: the use case under test. A reader that
    // stops early leaves the writer with EPIPE, which is expected here.
    createWriteStream(fifo)
      .on('error', () => {})
      .end(text);
    return fifo;
  }

  it('reads a pipe given as --input (analyze, conflicts, relationships), which cannot seek', async () => {
    const text = `${jsonl(SALES, INTERNAL, PRICING).join('\n')}\n`;
    const common = { output: null, org, stdout: collector().stream };
    const analysed = await analyzeFile({ ...common, input: pipeOf(text), history: 'seen' });
    expect(analysed.events).toBe(3);
    const now = Date.parse('2026-03-01T00:00:00Z');
    expect((await conflictsFile({ ...common, input: pipeOf(text), now })).events).toBe(3);
    expect((await relationshipsFile({ ...common, input: pipeOf(text), now })).events).toBe(3);
  });

  it('refuses a line whose id an earlier line had (ids are unique in a file), in every verb', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'calintel-ids-'));
    const input = join(dir, 'events.jsonl');
    writeFileSync(input, `${jsonl(SALES, PRICING, { ...INTERNAL, id: SALES.id }).join('\n')}\n`);
    const rejected: Rejection[] = [];
    const common = { input, output: null, org, stdout: collector().stream };
    const hooks = { onRejected: (r: Rejection) => rejected.push(r) };
    for (const history of ['seen', 'file'] as const)
      expect(await analyzeFile({ ...common, ...hooks, history })).toMatchObject({
        events: 2,
        rejected: 1,
      });
    const now = Date.parse('2026-03-01T00:00:00Z');
    expect(await conflictsFile({ ...common, ...hooks, now })).toMatchObject({ events: 2 });
    expect(await relationshipsFile({ ...common, ...hooks, now })).toMatchObject({ events: 2 });
    expect(rejected.map((r) => r.line)).toEqual([3, 3, 3, 3]);
    expect(rejected[0]?.reason).toMatch(/repeats an earlier line/);
  });

  it('refuses --history file on a pipe, which cannot be read twice', async () => {
    const fifo = pipeOf(`${jsonl(SALES).join('\n')}\n`);
    await expect(analyzeFile({ input: fifo, output: null, org, history: 'file' })).rejects.toThrow(
      '--history file reads the input twice: give --input a regular file',
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
