import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { MODELS_FILE } from './analysis-inputs.js';
import { analyzeFile, type AnalysisLine, type Rejection } from './analyze-file.js';
import { conflictsFile } from './conflicts-file.js';
import { relationshipsFile } from './relationships-file.js';
import {
  collector,
  INTERNAL,
  jsonl,
  ORG,
  PRICING,
  SALES,
} from '../../../test/support/analysis-lines.js';

/** analyzeFile: files, pipes, stdin and stdout, and what it says about bad inputs. */
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
