/** What `POST /providers/ics/connect/` accepts, in each of its forms (routes/ics-connect-input.ts). */
import { z } from 'zod';
import { connectionSchema } from './schemas.js';

const icsLabel = z.string().trim().min(1).max(200);

/** A raw text/calendar body names its calendar in the address. */
export const connectIcsQuerySchema = z.object({
  label: icsLabel
    .optional()
    .describe(
      'raw text/calendar bodies: the calendar to import into; an earlier import with this label is updated',
    ),
});

export const connectIcsBodySchema = z.object({
  url: z
    .string()
    .trim()
    .regex(/^(https?|webcals?):\/\//i, 'must be an http(s) or webcal URL')
    .describe('the feed to subscribe to'),
  label: icsLabel.optional(),
});

/**
 * A multipart upload's label field and its file's name (`file`), held to the label's rule: the
 * file's name becomes the calendar's label when no label is given.
 */
export const connectIcsUploadSchema = z.object({
  label: icsLabel.optional(),
  file: z
    .string()
    .max(200, "the file's name is longer than the 200 characters a calendar's label may have"),
});

/** For the API docs: a multipart upload's parts (read by hand, see ics-connect-input.ts). */
export const connectIcsUploadPartsSchema = z.object({
  label: icsLabel
    .optional()
    .describe(
      'the calendar to import into; an earlier import with this label is updated; sent before the file; blank is none',
    ),
  file: z
    .string()
    .meta({ format: 'binary' })
    .describe(
      'the .ics file, read as UTF-8; its name (at most 200 characters) is the default label',
    ),
});

/** For the API docs: a raw text/calendar body. */
export const connectIcsCalendarBodySchema = z
  .string()
  .describe(
    'the .ics file itself, read in the charset its Content-Type names (UTF-8 by default); `?label=` names the calendar',
  );

/** The answer: the connection, and what its first sync's issues did to the file's events. */
export const icsConnectionSchema = connectionSchema
  .extend({
    eventsLeftOut: z
      .number()
      .describe(
        'events (VEVENTs) of the file or feed that this sync left out because of an issue (a block that cannot be read, no DTSTART...): not stored, a copy from an earlier import kept as it was; each counted once, whatever number of issues it has',
      ),
    eventsKeptWithIssues: z
      .number()
      .describe(
        'events stored despite an issue about them, as the issue says (an RRULE that cannot be used: DTSTART alone; a DTEND before DTSTART: read the other way round); each counted once. `sync.issues` counts the issues themselves, some of which are about no event (a charset, a calendar property)',
      ),
  })
  .meta({ id: 'IcsConnection' });
export type IcsConnectionView = z.infer<typeof icsConnectionSchema>;

export type ConnectIcsInput =
  | { kind: 'feed'; url: string; label?: string }
  | {
      kind: 'file';
      fileName: string;
      content: string;
      label?: string;
      /** Said when the bytes named no charset and were not UTF-8 (ics-bytes.ts). */
      charsetNote?: string;
    };
