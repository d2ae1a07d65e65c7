/** Schemas of the relationship routes: accounts by stage and trend, and one account's story. */
import { z } from 'zod';
import { strictQuery } from './strict-query.js';
import { pageParams } from './page-params.js';
import { searchTextSchema } from './search-text.js';
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

export const relationshipListQuerySchema = strictQuery({
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
    .describe(
      "only accounts this user (id or email) met; default: the whole organisation; one that names none of your organisation's users is a 400",
    ),
  accountExternalId: z
    .string()
    .min(1)
    .max(400)
    .optional()
    .describe(
      "only this account's relationship, by the CRM's id you imported it with (its externalId); an id naming none of your organisation's accounts is a 400",
    ),
  q: searchTextSchema(
    "only relationships whose name or key (`domain:acme.com`, a free-mail address) or whose account's domains hold this text (case and accents ignored)",
  ),
  ...pageParams,
});
export type RelationshipListQuery = z.infer<typeof relationshipListQuerySchema>;

const iso = (what: string) => z.string().describe(`${what} (ISO 8601, UTC)`);

/**
 * One part of a reason. The day-count rule is reason-parts.ts's (src/domain/relationships),
 * written out here for clients.
 */
const reasonPartSchema = z
  .union([
    z.object({ text: z.string().describe('words, as they are') }),
    z.object({ date: iso("an instant: write its date in the reader's time zone") }),
    z.object({
      daysSince: iso(
        "an instant: write `N days` from it to the reader's now, N counted in calendar days of the reader's time zone from the instant's date to today's (it sits beside that date), but never fewer than the whole 24-hour periods since it",
      ),
    }),
    z.object({
      daysAgo: iso(
        "an instant: write `N days ago (DATE)`, N counted as for daysSince, or `on DATE` when N is 0; DATE is the instant's date in the reader's time zone",
      ),
      until: iso(
        'when the stage the reason explains ends by its own rule: count no later than just before it, so that the words stay true of that stage',
      ).optional(),
    }),
    z.object({
      elapsedSince: iso(
        "an instant: write `N days`, N the whole 24-hour periods from it to the reader's now (no date beside it; the stage thresholds count so)",
      ),
      moreThan: z
        .number()
        .describe(
          'the words say N is more than this: when whole days are not, write N to a tenth of a day, rounded up',
        ),
      until: iso(
        'when the stage the reason explains ends by its own rule (a meeting held, or dormant): count no later than just before it',
      ).optional(),
    }),
    z.object({
      days: z
        .number()
        .describe('a length in days, exact: write it in whole days (the unit is in the words)'),
      moreThan: z
        .number()
        .describe(
          'the words say it is more than this: when whole days are not, write it to a tenth of a day, rounded up',
        ),
    }),
  ])
  .meta({ id: 'RelationshipReasonPart' });

/** Reasons in parts, one list of parts per reason, beside the reasons in words. */
const reasonPartsSchema = (of: string, countedTo: string, more = '') =>
  z
    .array(z.array(reasonPartSchema))
    .describe(
      `${of} in parts, in the same order: joined, they are the reasons as a reader in another time zone, or later, would write them. Dates and day counts are apart so that a client writes them in the reader's time zone and counts them up to ${countedTo}; the reasons in words are the parts written as of the analysis (\`computedAt\`) in UTC, with every count in whole 24-hour periods. Where a count of days sits beside a calendar date it is counted in calendar days of the reader's zone so that it agrees with that date; counts compared with a stage threshold and beside no date stay whole 24-hour periods${more}`,
    );

const summaryFields = {
  accountKey: z
    .string()
    .describe("calintel's account id, or `domain:acme.com`, or a free-mail person's address"),
  accountId: z.string().nullable().describe('the CRM account, when the key is one'),
  accountExternalId: z
    .string()
    .nullable()
    .describe(
      "the CRM's own id of that account (the externalId it was imported with); null for a domain or person without an account, or an account imported without one",
    ),
  name: z.string().nullable(),
  stage: z.enum(RELATIONSHIP_STAGES),
  stageReasons: z.array(z.string()),
  stageReasonParts: reasonPartsSchema('stageReasons', "the reader's now"),
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
  reasonParts: reasonPartsSchema('reasons', "the reader's now"),
  computedAt: z.string(),
};

export const relationshipSummarySchema = z
  .object(summaryFields)
  .meta({ id: 'RelationshipSummary' });
export type RelationshipSummary = z.infer<typeof relationshipSummarySchema>;
export type RelationshipReasonPart = z.infer<typeof reasonPartSchema>;

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
      .array(
        z.object({
          stage: z.string(),
          since: z.string(),
          reasons: z.array(z.string()),
          reasonParts: reasonPartsSchema('reasons', '`since` (not to now: they are of that stage)'),
        }),
      )
      .describe('the stages the meetings went through, replayed from them'),
    stageChanges: z
      .array(
        z.object({
          fromStage: z.string().nullable(),
          toStage: z.string(),
          reasons: z
            .array(z.string())
            .describe('the reasons of the new stage, in words, as calintel wrote them then'),
          reasonParts: reasonPartsSchema(
            'reasons',
            '`changedAt` (not to now: they are of that change)',
            '. A change recorded before parts were kept gives each reason as its words alone, one text part, its dates written as YYYY-MM-DD in UTC',
          ),
          changedAt: z.string(),
        }),
      )
      .describe('the stage changes calintel recorded as they happened'),
  })
  .meta({ id: 'RelationshipDetail' });
export type RelationshipDetail = z.infer<typeof relationshipDetailSchema>;
