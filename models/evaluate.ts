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
import {
  ANCHOR_SHARE,
  LOOKBACK_DAYS,
  MAX_DETECTION_SHIFT,
  MAX_TYPE_SHIFT,
  MAX_WEAK_EXAMPLES,
  MIN_DETECTION_EXAMPLES,
  MIN_DISTINCT_TYPES,
  MIN_EACH_VERDICT,
  MIN_TYPE_EXAMPLES,
  PRIOR_STRENGTH,
  WEAK_WEIGHT,
} from '../src/domain/detection/adapt.js';
import { conceptsIn } from '../src/domain/detection/lexicon.js';
import { normaliseText } from '../src/domain/detection/text.js';
import {
  loadCorpus,
  sparseContext,
  withoutOptionalFields,
  type CorpusOrganisation,
  type LabelledEvent,
} from './corpus.js';
import { HistoryTracker } from './history.js';
import { learningCurve, type CurvePoint } from './learning-curve.js';
import { binaryScores, calibration, confusion, macroF1 } from './metrics.js';
import { oneSidedCurve, type OneSidedPoint } from './one-sided.js';
import { EVENTS_PER_KIND, REJECTED_KINDS } from './rejected-kinds.js';
import { MODEL_FILE } from './train.js';

interface Scored {
  event: LabelledEvent;
  analysis: MeetingAnalysis;
}

export function scoreOrganisation(
  org: CorpusOrganisation,
  models: MeetingModels,
  sparse: boolean,
  fields: 'given' | 'withheld' = 'given',
): Scored[] {
  const analyser = new MeetingAnalyser(sparse ? sparseContext(org.context) : org.context, models);
  const history = new HistoryTracker();
  const scored: Scored[] = [];
  for (const event of org.events) {
    const input = fields === 'given' ? event.input : withoutOptionalFields(event.input);
    const preview = analyser.analyse(input, { alwaysType: true });
    const past = history.next(preview.accountId, input.start, preview.isSalesMeeting);
    const analysis = analyser.analyse(input, {
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
  const withheld = corpus.flatMap((org) => scoreOrganisation(org, models, false, 'withheld'));
  const sparseWithheld = corpus.flatMap((org) => scoreOrganisation(org, models, true, 'withheld'));
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
      'calintel, full CRM, lines without calendarOwner and responseStatus',
      withheld.map((s) => s.analysis.isSalesMeeting),
      actual,
    ),
    detectionRow(
      'calintel, sparse CRM, lines without calendarOwner and responseStatus',
      sparseWithheld.map((s) => s.analysis.isSalesMeeting),
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
    "Targets: F1 >= 0.96 with the full CRM, >= 0.93 with the sparse CRM. The contract makes a line's `calendarOwner` and its attendees' `responseStatus` optional; the rows without them score the same held-out events with both left out. A missing owner or answer reads as not known (a colleague's meeting only when the owner is known; not having answered only where others have), but the corpus always has both, so such lines lose recall. Training on each event also without them was measured by 5-fold cross-validation (`node --import tsx models/cross-validate.ts`) and not kept (see the issue notes).",
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
    ...oneSidedSection(corpus),
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
    `Base models trained without ${ADAPTATION_TARGET} (its jargon: "recorrido", "mesa de precios", "firma", deal codenames), then adjusted with its users' feedback, scored on its held-out events. The adjustment is the per-organisation model the \`adapt_meeting_model\` job fits (\`src/domain/detection/adapt.ts\`): none below ${MIN_DETECTION_EXAMPLES} verdicts, and with fewer than ${MIN_EACH_VERDICT} of either verdict, only when set against the organisation's meetings nobody judged (next section; types: ${MIN_TYPE_EXAMPLES} typed confirmations of at least ${MIN_DISTINCT_TYPES} types), an L2 prior of ${PRIOR_STRENGTH} / N, no bias learnt, and never more than ${MAX_DETECTION_SHIFT} in any event's detection log-odds (${MAX_TYPE_SHIFT} in each type's score). The verdict itself changes the meeting it is given on (and its series) at once; that is not measured here.`,
    '',
    '- _in order_: feedback on its first N training events in time order (confirmations of what the model got right, corrections of what it got wrong).',
    '- _one-sided_: a user rejects the first N training events the base model detected as sales meetings (whatever their labels say) and gives no other feedback: what one verdict does to the rest of the organisation.',
    '',
    'Before these limits (the adjustment fitted on any feedback at all, with a fixed L2 of 0.02 and a bias; models corpus-1306), three one-sided rejections took detection accuracy here to 70.8% (F1 0.674; one rejection gave 95.8%, by pushing every score down), and N = 10 and 25 lowered type accuracy to 82.5%; N = 100 gave 94.8% detection accuracy (F1 0.956).',
    '',
    '| events with feedback (N) | feedback | of which corrections | detection accuracy | detection F1 | type accuracy |',
    '| --- | --- | --- | --- | --- | --- |',
    ...points.map(
      (p) =>
        `| ${p.feedback} | ${p.kind} | ${p.corrections} | ${pct(p.detectionAccuracy)} | ${num(p.detectionF1)} | ${pct(p.typeAccuracy)} |`,
    ),
    '',
    gains(points),
    '',
  ];
}

function oneSidedSection(corpus: CorpusOrganisation[]): string[] {
  const points = oneSidedCurve(corpus, ADAPTATION_TARGET);
  const threshold = 0.5;
  const reach = 1 / (1 + Math.exp(-(Math.log(threshold / (1 - threshold)) + MAX_DETECTION_SHIFT)));
  return [
    '### When users only reject',
    '',
    `Users mostly judge what looks wrong. An organisation whose model keeps flagging, say, its vendor's meetings rejects them one after the other and confirms nothing, since its sales meetings are right; with fewer than ${MIN_EACH_VERDICT} confirmations its model was never adapted. Such verdicts are now set against the organisation's own meetings nobody judged (\`src/domain/detection/adapt-examples.ts\`): the detections nobody rejected that were over between the earliest meeting judged (or ${LOOKBACK_DAYS} days before the latest, if that is earlier) and the latest (at most the latest ${MAX_WEAK_EXAMPLES}, one per series), each as a sale and, with ${ANCHOR_SHARE} of its weight, as an anchor that holds it where the model has it (the verdicts are fitted from zero, not from the base model's scores), all of them weighing as much as the verdicts and each at most ${WEAK_WEIGHT} of one; with fewer than twice as many as the verdicts, there is no adjustment. The limits above still hold: no bias, the prior, the cap, and nothing below ${MIN_DETECTION_EXAMPLES} verdicts. Before this, every row below had no adjustment.`,
    '',
    `The corpus holds at most seven false detections per organisation, too few for this, so ${ADAPTATION_TARGET}'s calendars are given ${EVENTS_PER_KIND} made-up events of each of ${REJECTED_KINDS.length} kinds that are not sales meetings (\`models/rejected-kinds.ts\`: ${REJECTED_KINDS.map((k) => k.description).join('; ')}), a third of them held out. Its users reject, in time order, the first N of them the base model above detects, and nothing else. Scored on the held-out events: the made-up ones the base model detects and how many the adjustment fixes (only those under ${reach.toFixed(2)} can be, by the cap), and the corpus' held-out sales meetings the base model detects and how many it loses (only those under ${reach.toFixed(2)} could be; so also how far the adjustment's weights move them before the cap, on average and at most). Beside it, users who reject only every other detection of those kinds (the rest stand, against them), and the worst case: a user who rejects every fourth detection whatever it is (real sales meetings, mostly).`,
    '',
    '| rejections (N) | rejected | meetings let stand | made-up events fixed | sales meetings lost | sales meetings moved (mean, most down) | made-up events moved (mean) | detection accuracy | detection F1 |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...points.map(oneSidedRow),
    '',
    "Accuracy and F1 are on the corpus' held-out events only, as in the table above (a row without adjustment gives what no feedback gives).",
    '',
  ];
}

function oneSidedRow(p: OneSidedPoint): string {
  const moved = (x: number) => `${x > 0 ? '+' : ''}${x.toFixed(2)}`;
  const ofReach = (count: number, of: number, reachable: number) =>
    `${count} of ${of} (${reachable} within reach)`;
  const cells = p.adapted
    ? [
        p.kindDetected ? ofReach(p.kindFixed, p.kindDetected, p.kindReachable) : '-',
        ofReach(p.salesLost, p.salesDetected, p.salesReachable),
        `${moved(p.salesShift)}, ${moved(p.salesWorstShift)}`,
        p.kindDetected ? moved(p.kindShift) : '-',
      ]
    : [p.kindDetected ? 'no adjustment' : '-', `0 of ${p.salesDetected}`, '0', '0'];
  return `| ${p.rejections} | ${p.scenario} | ${p.letStand} | ${cells.join(' | ')} | ${pct(p.accuracy)} | ${num(p.f1)} |`;
}

/** The in-order points' change over no feedback, in percentage points, said in a sentence. */
function gains(points: readonly CurvePoint[]): string {
  const none = points.find((p) => p.kind === 'none');
  const inOrder = points.filter((p) => p.kind === 'in order');
  if (!none || inOrder.length === 0) return '';
  const change = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}`;
  const list = (get: (p: CurvePoint) => number) =>
    inOrder.map((p) => change(get(p) - get(none))).join(', ');
  return `Over no feedback, at N = ${inOrder.map((p) => p.feedback).join(', ')}: detection accuracy ${list((p) => p.detectionAccuracy)} points, type accuracy ${list((p) => p.typeAccuracy)} points.`;
}

if (process.argv[1] === import.meta.filename) {
  const models = JSON.parse(readFileSync(MODEL_FILE, 'utf8')) as MeetingModels;
  const report = evaluationReport(loadCorpus(), models);
  const file = join(import.meta.dirname, '..', 'EVALUATION.md');
  writeFileSync(file, report);
  process.stdout.write(`${report}\n`);
}
