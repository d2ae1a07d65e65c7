/**
 * `node --import tsx models/cross-validate.ts`: 5-fold cross-validation on the training
 * split only, by event. Model changes are judged here, never on the held-out split.
 */
import {
  MEETING_TYPES,
  MeetingAnalyser,
  type MeetingModels,
} from '../src/domain/detection/analyse.js';
import { hash32 } from '../src/domain/detection/text.js';
import {
  loadCorpus,
  sparseContext,
  withoutOptionalFields,
  type CorpusOrganisation,
} from './corpus.js';
import { HistoryTracker } from './history.js';
import { binaryScores, calibration, macroF1 } from './metrics.js';
import { train, trainingExamples } from './train.js';

const FOLDS = 5;

function foldOf(org: string, id: string): number {
  return hash32(`cv/${org}/${id}`) % FOLDS;
}

/** The training split, with fold `k` marked held out and the other folds as training. */
function withFold(corpus: readonly CorpusOrganisation[], k: number): CorpusOrganisation[] {
  return corpus.map((org) => ({
    ...org,
    events: org.events
      .filter((e) => e.label.split === 'train')
      .map((e) => ({
        ...e,
        label: {
          ...e.label,
          split: foldOf(org.name, e.input.id) === k ? ('heldout' as const) : ('train' as const),
        },
      })),
  }));
}

function predict(
  org: CorpusOrganisation,
  models: MeetingModels,
  sparse: boolean,
  fields: 'given' | 'withheld' = 'given',
) {
  const analyser = new MeetingAnalyser(sparse ? sparseContext(org.context) : org.context, models);
  const history = new HistoryTracker();
  const out: {
    actual: boolean;
    predicted: boolean;
    confidence: number;
    type: string | null;
    gold: string | null;
  }[] = [];
  for (const { input: given, label } of org.events) {
    const input = fields === 'given' ? given : withoutOptionalFields(given);
    const preview = analyser.analyse(input, { alwaysType: true });
    const past = history.next(preview.accountId, input.start, preview.isSalesMeeting);
    if (label.split !== 'heldout') continue;
    const r = analyser.analyse(input, { alwaysType: true, ...(past ? { history: past } : {}) });
    out.push({
      actual: label.isSalesMeeting,
      predicted: r.isSalesMeeting,
      confidence: r.confidence,
      type: r.meetingType,
      gold: label.meetingType,
    });
  }
  return out;
}

export function crossValidate(corpus: readonly CorpusOrganisation[]) {
  const full: ReturnType<typeof predict> = [];
  const sparse: ReturnType<typeof predict> = [];
  const withheld: ReturnType<typeof predict> = [];
  for (let k = 0; k < FOLDS; k++) {
    const folded = withFold(corpus, k);
    const models = train(trainingExamples(folded));
    for (const org of folded) {
      full.push(...predict(org, models, false));
      sparse.push(...predict(org, models, true));
      withheld.push(...predict(org, models, false, 'withheld'));
    }
  }
  const sales = full.filter((r) => r.actual);
  return {
    detectionFull: binaryScores(
      full.map((r) => r.predicted),
      full.map((r) => r.actual),
    ),
    detectionSparse: binaryScores(
      sparse.map((r) => r.predicted),
      sparse.map((r) => r.actual),
    ),
    detectionWithheld: binaryScores(
      withheld.map((r) => r.predicted),
      withheld.map((r) => r.actual),
    ),
    types: macroF1(
      sales.map((r) => r.type ?? 'other'),
      sales.map((r) => r.gold ?? 'other'),
      MEETING_TYPES,
    ),
    ece: calibration(
      full.map((r) => r.confidence),
      full.map((r) => r.actual),
    ).ece,
  };
}

if (process.argv[1] === import.meta.filename) {
  const result = crossValidate(loadCorpus());
  process.stdout.write(
    `5-fold CV on the training split: detection F1 ${result.detectionFull.f1.toFixed(3)} (full CRM), ${result.detectionSparse.f1.toFixed(3)} (sparse), ${result.detectionWithheld.f1.toFixed(3)} (full CRM, lines without owner and answers); type macro-F1 ${result.types.macroF1.toFixed(3)}; ECE ${result.ece.toFixed(3)}\n`,
  );
}
