/** Schemas of the conflict routes: the list, one decision, and the organisation's policy. */
import { z } from 'zod';
import { strictQuery } from './strict-query.js';
import { pageParams } from './page-params.js';
import { rangeBoundSchema } from './range-bounds.js';

export const CONFLICT_KINDS = ['overlap', 'travel', 'duplicate'] as const;
export const CONFLICT_SEVERITIES = ['high', 'medium', 'low'] as const;
export const CONFLICT_STATUSES = ['open', 'past', 'resolved', 'dismissed', 'cleared'] as const;

export const conflictListQuerySchema = strictQuery({
  from: rangeBoundSchema('conflicts that end after this (default: now)', 'user').optional(),
  to: rangeBoundSchema('conflicts that start before this', 'user').optional(),
  kind: z.enum(CONFLICT_KINDS).optional(),
  severity: z.enum(CONFLICT_SEVERITIES).optional(),
  status: z
    .enum(CONFLICT_STATUSES)
    .optional()
    .describe(
      'open (undecided, with an event still to end), past (undecided, or a decision cut short, but every event has ended: nothing left to do; ask for a range that reaches back, `from`, to read them), resolved (a suggestion applied), dismissed, or cleared (the calendars no longer show it); default: every status',
    ),
  ...pageParams,
});
export type ConflictListQuery = z.infer<typeof conflictListQuerySchema>;

const conflictEventSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    start: z.string(),
    end: z.string(),
    allDay: z.boolean(),
    location: z.string().nullable(),
    status: z.string(),
    transparency: z.string(),
    calendarId: z.string(),
    calendarName: z
      .string()
      .nullable()
      .describe(
        'the calendar\'s name, as GET /calendars/ and the sync status say it ("Work", "outlook.ics"); only calendars of one name are told apart, by the provider ("Calendar (Google)") and then the connection\'s label ("Work (Team feed)"); null when the calendar is gone',
      ),
    provider: z.string(),
    organizer: z.string().nullable(),
    priority: z
      .number()
      .nullable()
      .describe('0 to 100: how much the meeting matters; the lower side is what suggestions move'),
  })
  .meta({ id: 'ConflictEvent' });

const wordingPartSchema = z
  .union([
    z.object({ text: z.string() }),
    z.object({
      at: z.string().describe('an instant (ISO 8601, UTC)'),
      zone: z.string().describe('the IANA zone the text tells it in'),
    }),
  ])
  .meta({ id: 'WordingPart' });

/** Text with its instants apart, beside the text itself. */
const wordingSchema = (of: string) =>
  z
    .array(wordingPartSchema)
    .optional()
    .describe(
      `${of} in parts, its instants apart: a client writes them in its own format and joins the parts (absent when it names none, and on older records)`,
    );

const suggestionSchema = z
  .object({
    id: z
      .string()
      .describe(
        'pass it to the resolve call (suggestionId) to apply this suggestion; it changes whenever the conflict does',
      ),
    index: z.number().int().describe('its place in the ranking, best first (0)'),
    action: z
      .string()
      .describe('reschedule, shorten, join_virtually, delegate, decline, merge or release'),
    eventId: z.string().describe('the event the action is about'),
    to: z.object({ start: z.string(), end: z.string() }).optional(),
    delegateTo: z.string().optional().describe('delegate: the colleague’s email'),
    delegateName: z
      .string()
      .optional()
      .describe('delegate: the colleague’s name, when their invitation gives one'),
    keepEventId: z.string().optional(),
    why: z.string(),
    whyParts: wordingSchema('why'),
  })
  .meta({ id: 'ConflictSuggestion' });

const clearanceSchema = z
  .object({
    why: z
      .string()
      .describe(
        'what changed, per event: "Globex product demo moved to Wed 2026-12-02 15:30 (UTC); Hooli pricing negotiation was deleted"',
      ),
    whyParts: wordingSchema('why'),
    events: z.array(
      z.object({
        eventId: z.string(),
        change: z.enum(['moved', 'deleted', 'cancelled', 'marked_free', 'unchanged']),
        to: z
          .object({ start: z.string(), end: z.string() })
          .optional()
          .describe('moved: where it is now'),
      }),
    ),
  })
  .meta({ id: 'ConflictClearance' });

export const conflictSchema = z
  .object({
    id: z.string(),
    kind: z.enum(CONFLICT_KINDS),
    severity: z.enum(CONFLICT_SEVERITIES),
    status: z
      .enum(CONFLICT_STATUSES)
      .describe(
        'open: undecided and still ahead or under way; past: undecided (or its decision was cut short, interrupted), but every one of its events has ended (judged when read), so it offers no suggestions and cannot be resolved or dismissed (409 `conflict_past`); resolved, dismissed, cleared: decided, or gone from the calendars',
      ),
    start: z.string(),
    end: z.string(),
    events: z
      .array(conflictEventSchema)
      .describe(
        'its events as they are; for a cleared conflict, as they were when it was last open (start and end too)',
      ),
    reasons: z.array(z.string()),
    suggestions: z
      .array(suggestionSchema)
      .describe(
        'ranked, best first; none once every event of the conflict has ended, and none once it is cleared',
      ),
    autoResolvable: z
      .boolean()
      .describe('a duplicate, or your own hold against a customer meeting: the policy may act'),
    travel: z
      .record(z.string(), z.unknown())
      .nullable()
      .describe('places, distance, mode, minutes'),
    resolution: z
      .record(z.string(), z.unknown())
      .nullable()
      .describe(
        'the decision and what it did: action, state, by, at, suggestion, writeBack, applied (each suggestion with its writeBack: done, failed, skipped, or recorded only; its message, with messageParts where it names times), earlier (writes of an earlier attempt), note. state is done; pending while calintel writes; interrupted when that was cut short (the conflict can be resolved again while an event is still to end; after that its status is past); partial or failed when a write failed (the conflict is open again, applied says what was written)',
      ),
    resolvedBy: z.string().nullable().describe('user:<id>, policy, or calendar (cleared)'),
    resolvedAt: z.string().nullable(),
    detectedAt: z.string(),
    clearance: clearanceSchema
      .nullable()
      .describe(
        'cleared: why the calendars no longer show it (null otherwise, and for conflicts cleared before this was recorded)',
      ),
  })
  .meta({ id: 'Conflict' });
export type ConflictView = z.infer<typeof conflictSchema>;

export const conflictPageSchema = z
  .object({ items: z.array(conflictSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'ConflictPage' });
export type ConflictPage = z.infer<typeof conflictPageSchema>;

export const resolveBodySchema = z
  .discriminatedUnion('action', [
    z.object({
      action: z.literal('apply'),
      suggestionId: z
        .string()
        .min(1)
        .max(100)
        .describe(
          "the suggestion's id as listed; when the conflict changed since (its meetings moved and its suggestions were found again) the call answers 409 and nothing is done; an id the conflict never listed answers 400 (`unknown_suggestion`)",
        ),
    }),
    z.object({
      action: z.literal('dismiss'),
      note: z.string().max(500).optional().describe('why it does not matter, for the record'),
    }),
  ])
  .meta({ id: 'ResolveConflictRequest' });
export type ResolveInput = z.infer<typeof resolveBodySchema>;

export const resolveResultSchema = z
  .object({
    conflict: conflictSchema,
    writeBack: z.object({
      status: z
        .string()
        .describe(
          'done: calintel changed your calendar (declined the meeting, deleted your hold); every other status means it did not, and the change is yours to make: not_needed (advice you carry out: calintel never moves, shortens or hands over a meeting), not_opted_in (your write-back is off), no_write_access (the connection may only read) or not_supported (calintel cannot write to that provider)',
        ),
      message: z.string(),
      messageParts: wordingSchema('message'),
    }),
  })
  .meta({ id: 'ResolveConflictResult' });
export type ResolveResult = z.infer<typeof resolveResultSchema>;

export const reopenResultSchema = z
  .object({
    conflict: conflictSchema,
    keptWrites: z
      .array(
        z.object({
          action: z.string().describe('decline or release: what the decision had done'),
          eventId: z.string(),
          title: z.string().nullable().describe("the event's title; null when it is gone"),
          status: z
            .enum(['done', 'pending'])
            .describe(
              'done: the change was made; pending: the decision was cut short while writing it, so it may have been made (check your calendar)',
            ),
          message: z.string().describe('what was done in the calendar, as recorded then'),
        }),
      )
      .describe(
        'the changes the decision taken back made, or may have made (status pending), in your calendar: reopening does not undo them (calintel does not accept a meeting again or recreate a hold); empty when it changed nothing',
      ),
    message: z.string().describe('the same, in words'),
  })
  .meta({ id: 'ReopenConflictResult' });
export type ReopenResult = z.infer<typeof reopenResultSchema>;

export const conflictSettingsSchema = z
  .object({
    writeBack: z
      .boolean()
      .describe(
        'yours: let calintel decline meetings or delete your own holds in your calendar when a conflict is resolved (needs a connection with write access)',
      ),
    policy: z
      .record(z.string(), z.unknown())
      .describe(
        "the organisation's: autoResolve { enabled (default false), mergeDuplicates, releaseHolds }, offices, workingHours, defaultTimeZone, travel",
      ),
  })
  .meta({ id: 'ConflictSettings' });
export type ConflictSettingsView = z.infer<typeof conflictSettingsSchema>;

/**
 * The policy as it may be set: every object strict, so that a misspelled key (`autoresolve`) is
 * a 400 naming it instead of a policy stored without the setting it meant. The keys are those
 * of src/app/conflicts/conflict-policy.ts and scheduling-schema.ts (conflicts-schemas.test.ts
 * checks they agree); what a value means (a zone, a time, hours that end after they start) is
 * checked there, when the policy is set.
 */
const minutesOrKm = z.number();
const conflictPolicySchema = z
  .object({
    autoResolve: z
      .object({
        enabled: z.boolean().optional().describe('default false'),
        mergeDuplicates: z.boolean().optional().describe('default true'),
        releaseHolds: z.boolean().optional().describe('default true'),
      })
      .strict()
      .optional(),
    offices: z
      .array(
        z
          .object({
            name: z.string(),
            location: z
              .union([
                z.string().describe('an address or a city'),
                z.object({ lat: z.number(), lng: z.number() }).strict(),
              ])
              .nullish(),
            timeZone: z.string().nullish().describe('an IANA time zone'),
          })
          .strict(),
      )
      .nullish(),
    workingHours: z
      .object({
        start: z.string().describe('HH:MM'),
        end: z.string().describe('HH:MM, after start'),
        days: z
          .array(z.union([z.number(), z.string()]))
          .nullish()
          .describe('ISO weekdays (1 = Monday) or names (mon, tue...)'),
      })
      .strict()
      .nullish(),
    timeZones: z
      .record(z.string(), z.string())
      .nullish()
      .describe("each person's IANA zone, by email"),
    defaultTimeZone: z.string().nullish().describe('everyone else’s IANA zone (default UTC)'),
    travel: z
      .object({
        bufferMinutes: minutesOrKm,
        walkingKmh: minutesOrKm,
        maxWalkingKm: minutesOrKm,
        townKmh: minutesOrKm,
        townKm: minutesOrKm,
        highwayKmh: minutesOrKm,
        parkingMinutes: minutesOrKm,
        maxDrivingKm: minutesOrKm,
        minFlyingKm: minutesOrKm,
        flyingKmh: minutesOrKm,
        airportOverheadMinutes: minutesOrKm,
        detourFactor: minutesOrKm,
        sameCityMinutes: minutesOrKm,
        unknownPlaceGapMinutes: minutesOrKm,
      })
      .partial()
      .strict()
      .nullish()
      .describe("the travel model's numbers (src/domain/conflicts/travel-model.ts)"),
  })
  .strict()
  .meta({ id: 'ConflictPolicy' });

export const conflictSettingsPatchSchema = z
  .object({
    writeBack: z.boolean().optional(),
    policy: conflictPolicySchema.optional().describe('replaces the whole policy'),
  })
  .strict()
  .meta({ id: 'ConflictSettingsPatch' });
export type ConflictSettingsPatch = z.infer<typeof conflictSettingsPatchSchema>;
