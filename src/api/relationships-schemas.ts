/** Schemas of the relationship routes: accounts by stage and trend, and one account's story. */
import { z } from 'zod';
import { pageParams } from './page-params.js';
import {
  CADENCE_TREND_DEFINITIONS,
  RELATIONSHIP_STAGES,
  STAGE_DEFINITIONS,
} from '../domain/relationships/index.js';

const stageDocs = RELATIONSHIP_STAGES.map((s) => `\`${s}\`: ${STAGE_DEFINITIONS[s]}`).join(' ');
const trendDocs = Object.entries(CADENCE_TREND_DEFINITIONS)
  .map(([trend, text]) => `\`${trend}\`: ${text}`)
  .join(' ');

export const STAGE_DOCS = stageDocs;

export const relationshipListQuerySchema = z.object({
  stage: z.enum(RELATIONSHIP_STAGES).optional().describe(stageDocs),
  trend: z
    .enum(['accelerating', 'steady', 'slowing', 'unknown'])
    .optional()
    .describe(`the cadence trend. ${trendDocs}`),
  owner: z
    .string()
    .min(1)
    .max(320)
    .optional()
    .describe('only accounts this user (id or email) met; default: the whole organisation'),
  ...pageParams,
});
export type RelationshipListQuery = z.infer<typeof relationshipListQuerySchema>;

const summaryFields = {
  accountKey: z
    .string()
    .describe("calintel's account id, or `domain:acme.com`, or a free-mail person's address"),
  accountId: z.string().nullable().describe('the CRM account, when the key is one'),
  name: z.string().nullable(),
  stage: z.enum(RELATIONSHIP_STAGES),
  stageReasons: z.array(z.string()),
  meetings: z.number().int().describe('held sales meetings'),
  upcomingMeetings: z.number().int(),
  firstMeeting: z.string().nullable(),
  lastMeeting: z.string().nullable(),
  nextMeeting: z.string().nullable(),
  cadenceDays: z.number().nullable().describe('the usual interval between meetings'),
  cadenceTrend: z.string(),
  durationTrend: z.string().describe('growing, stable, shrinking or unknown'),
  stakeholders: z.number().int().describe('distinct external people who took part'),
  newStakeholdersLast90Days: z.number().int(),
  stakeholderExpansion: z.boolean(),
  ownerIds: z.array(z.string()).describe('the users who met the account'),
  reasons: z.array(z.string()),
  computedAt: z.string(),
};

export const relationshipSummarySchema = z
  .object(summaryFields)
  .meta({ id: 'RelationshipSummary' });
export type RelationshipSummary = z.infer<typeof relationshipSummarySchema>;

export const relationshipListSchema = z
  .object({
    items: z.array(relationshipSummarySchema),
    nextCursor: z.string().nullable().describe('the next page: pass it back as `cursor`'),
  })
  .meta({ id: 'RelationshipList' });
export type RelationshipList = z.infer<typeof relationshipListSchema>;

export const relationshipDetailSchema = z
  .object({
    ...summaryFields,
    timeline: z.array(z.record(z.string(), z.unknown())).describe('every sales meeting, in order'),
    series: z.array(z.record(z.string(), z.unknown())),
    stakeholderDetails: z.array(z.record(z.string(), z.unknown())),
    typeProgression: z.record(z.string(), z.unknown()),
    expansionReasons: z.array(z.string()),
    typicalDurationMinutes: z.number().nullable(),
    stageHistory: z
      .array(z.object({ stage: z.string(), since: z.string(), reasons: z.array(z.string()) }))
      .describe('the stages the meetings went through, replayed from them'),
    stageChanges: z
      .array(
        z.object({
          fromStage: z.string().nullable(),
          toStage: z.string(),
          reasons: z.array(z.string()),
          changedAt: z.string(),
        }),
      )
      .describe('the stage changes calintel recorded as they happened'),
  })
  .meta({ id: 'RelationshipDetail' });
export type RelationshipDetail = z.infer<typeof relationshipDetailSchema>;
