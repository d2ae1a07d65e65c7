/**
 * `npm run evaluate`: scores the committed models on the corpus's held-out split (never used for
 * training or tuning) and writes EVALUATION.md: detection with the full CRM and with accounts
 * only, meeting types, calibration, breakdowns by language and hard-case category, and the rules
 * other tools use, measured on the same events.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  MEETING_TYPES,
  MeetingAnalyser,
  type MeetingAnalysis,
  type MeetingModels,
} from '../src/domain/detection/analyse.js';
import { conceptsIn } from '../src/domain/detection/lexicon.js';
import { normaliseText } from '../src/domain/detection/text.js';
import {
  loadCorpus,
  sparseContext,
  type CorpusOrganisation,
  type LabelledEvent,
} from './corpus.js';
import { HistoryTracker } from './history.js';
import { learningCurve } from './learning-curve.js';
import { binaryScores, calibration, confusion, macroF1 } from './metrics.js';
import { MODEL_FILE } from './train.js';

interface Scored {
  event: LabelledEvent;
  analysis: MeetingAnalysis;
}

export function scoreOrganisation(
  org: CorpusOrganisation,
  models: MeetingModels,
  sparse: boolean,
): Scored[] {
  const analyser = new MeetingAnalyser(sparse ? sparseContext(org.context) : org.context, models);
  const history = new HistoryTracker();
  const scored: Scored[] = [];
  for (const event of org.events) {
    const preview = analyser.analyse(event.input, { alwaysType: true });
    const past = history.next(preview.accountId, event.input.start, preview.isSalesMeeting);
    const analysis = analyser.analyse(event.input, {
      alwaysType: true,
      ...(past ? { history: past } : {}),
    });
    if (event.label.split === 'heldout') scored.push({ event, analysis });
  }
  return scored;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const num = (x: number) => x.toFixed(3);

function detectionRow(name: string, predicted: boolean[], actual: boolean[]): string {
  const s = binaryScores(predicted, actual);
  return `| ${name} | ${num(s.precision)} | ${num(s.recall)} | **${num(s.f1)}** | ${pct(s.accuracy)} | ${s.n} |`;
}

function keywordType(title: string): string {
  const concepts = conceptsIn(normaliseText(title));
  for (const type of ['closing', 'negotiation', 'demo', 'discovery', 'follow_up'] as const) {
    if (concepts.has(type)) return type;
  }
  return 'other';
}

function breakdown(rows: Scored[], key: (s: Scored) => string): string[] {
  const groups = new Map<string, Scored[]>();
  for (const row of rows) groups.set(key(row), [...(groups.get(key(row)) ?? []), row]);
  return [...groups]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([group, items]) => {
      const correct = items.filter(
        (s) => s.analysis.isSalesMeeting === s.event.label.isSalesMeeting,
      ).length;
      return `| ${group} | ${items.length} | ${pct(correct / items.length)} |`;
    });
}

export function evaluationReport(corpus: CorpusOrganisation[], models: MeetingModels): string {
  const full = corpus.flatMap((org) => scoreOrganisation(org, models, false));
  const sparse = corpus.flatMap((org) => scoreOrganisation(org, models, true));
  const actual = full.map((s) => s.event.label.isSalesMeeting);
  const sales = full.filter((s) => s.event.label.isSalesMeeting);
  const goldTypes = sales.map((s) => s.event.label.meetingType ?? 'other');
  const ourTypes = sales.map((s) => s.analysis.meetingType ?? 'other');
  const types = macroF1(ourTypes, goldTypes, MEETING_TYPES);
  const keyword = macroF1(
    sales.map((s) => keywordType(s.event.input.title)),
    goldTypes,
    MEETING_TYPES,
  );
  const matrix = confusion(ourTypes, goldTypes, MEETING_TYPES);
  const calib = calibration(
    full.map((s) => s.analysis.confidence),
    actual,
  );
  const lines = [
    '# Evaluation of meeting detection and typing',
    '',
    `Produced by \`npm run evaluate\` from the models in \`models/meeting-models.json\` (version ${models.version}) on the held-out split of the hand-labelled corpus in \`corpus/\` (${corpus.length} organisations, ${full.length} held-out events, ${sales.length} of them sales meetings). The held-out events are never used for training or tuning.`,
    '',
    '## Sales-meeting detection',
    '',
    '| rule | precision | recall | F1 | accuracy | events |',
    '| --- | --- | --- | --- | --- | --- |',
    detectionRow(
      'calintel, full CRM',
      full.map((s) => s.analysis.isSalesMeeting),
      actual,
    ),
    detectionRow(
      'calintel, sparse CRM (accounts only)',
      sparse.map((s) => s.analysis.isSalesMeeting),
      actual,
    ),
    detectionRow(
      'rule: any external attendee',
      full.map((s) => s.analysis.match.externals.length > 0),
      actual,
    ),
    detectionRow(
      'rule: an attendee is a CRM lead or contact',
      full.map((s) =>
        s.analysis.match.externals.some((p) => p.leadIds.length + p.contactIds.length > 0),
      ),
      actual,
    ),
    '',
    'Targets: F1 >= 0.96 with the full CRM, >= 0.93 with the sparse CRM.',
    '',
    '## Meeting types (on the held-out sales meetings)',
    '',
    '| rule | accuracy | macro-F1 |',
    '| --- | --- | --- |',
    `| calintel | ${pct(types.accuracy)} | **${num(types.macroF1)}** |`,
    `| rule: keywords in the title | ${pct(keyword.accuracy)} | ${num(keyword.macroF1)} |`,
    '',
    'Target: macro-F1 >= 0.85.',
    '',
    '| type | precision | recall | F1 | count |',
    '| --- | --- | --- | --- | --- |',
    ...types.perClass.map(
      (c) =>
        `| ${c.cls} | ${num(c.precision)} | ${num(c.recall)} | ${num(c.f1)} | ${goldTypes.filter((t) => t === c.cls).length} |`,
    ),
    '',
    'Confusion matrix (rows: labelled type, columns: predicted type):',
    '',
    `| | ${MEETING_TYPES.join(' | ')} |`,
    `| --- | ${MEETING_TYPES.map(() => '---').join(' | ')} |`,
    ...MEETING_TYPES.map((t, i) => `| ${t} | ${(matrix[i] ?? []).join(' | ')} |`),
    '',
    '## Calibration of the detection confidence',
    '',
    `Expected calibration error: **${num(calib.ece)}** (target <= 0.05).`,
    '',
    '| confidence | events | mean confidence | share that are sales meetings |',
    '| --- | --- | --- | --- |',
    ...calib.table
      .filter((b) => b.count > 0)
      .map(
        (b) =>
          `| ${b.from.toFixed(1)}-${b.to.toFixed(1)} | ${b.count} | ${num(b.meanConfidence)} | ${num(b.positiveRate)} |`,
      ),
    '',
    '## Detection accuracy by language',
    '',
    '| language | events | correct |',
    '| --- | --- | --- |',
    ...breakdown(full, (s) => s.event.label.language),
    '',
    '## Detection accuracy by category (hard cases)',
    '',
    '| category | events | correct |',
    '| --- | --- | --- |',
    ...breakdown(full, (s) => s.event.label.category),
    '',
    ...curveSection(corpus),
  ];
  return lines.join('\n');
}

/** The organisation whose vocabulary is furthest from the others': house jargon for every stage. */
const ADAPTATION_TARGET = 'ruta-logistica';

function curveSection(corpus: CorpusOrganisation[]): string[] {
  const points = learningCurve(corpus, ADAPTATION_TARGET);
  return [
    '## Learning from feedback',
    '',
    `Base models trained without ${ADAPTATION_TARGET} (its jargon: "recorrido", "mesa de precios", "firma", deal codenames), then adjusted with its users' feedback on its first N training events in time order (confirmations of what the model got right, corrections of what it got wrong), scored on its held-out events. The adjustment is the per-organisation model the \`adapt_meeting_model\` job fits.`,
    '',
    '| events with feedback (N) | of which corrections | detection accuracy | detection F1 | type accuracy |',
    '| --- | --- | --- | --- | --- |',
    ...points.map(
      (p) =>
        `| ${p.feedback} | ${p.corrections} | ${pct(p.detectionAccuracy)} | ${num(p.detectionF1)} | ${pct(p.typeAccuracy)} |`,
    ),
    '',
  ];
}

if (process.argv[1] === import.meta.filename) {
  const models = JSON.parse(readFileSync(MODEL_FILE, 'utf8')) as MeetingModels;
  const report = evaluationReport(loadCorpus(), models);
  const file = join(import.meta.dirname, '..', 'EVALUATION.md');
  writeFileSync(file, report);
  process.stdout.write(`${report}\n`);
}
