/**
 * What `POST /providers/ics/connect/` was sent, in any of its three forms: JSON naming a feed, a
 * multipart upload, or a raw text/calendar body. Every form is held to the same rules: the label
 * by one schema (and no NUL, which PostgreSQL refuses in text), and a file's bytes decoded one way
 * (ics-bytes.ts: the declared charset, UTF-8 by default, folds mended first).
 */
import type {} from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import {
  charsetOf,
  decodeDeclared,
  guessedCharsetNote,
  printableCharset,
} from '../../domain/ical/ics-bytes.js';
import { AppError, invalidInput } from '../../domain/errors.js';
import { valueAt } from '../errors.js';
import { nulIn } from '../nul-guard.js';
import {
  connectIcsBodySchema,
  connectIcsQuerySchema,
  connectIcsUploadSchema,
  type ConnectIcsInput,
} from '../ics-connect-schemas.js';

export async function readConnectInput(request: FastifyRequest): Promise<ConnectIcsInput> {
  if (request.isMultipart()) return readUpload(request);
  if (Buffer.isBuffer(request.body)) {
    const { label } = connectIcsQuerySchema.parse(request.query);
    return {
      kind: 'file',
      fileName: 'calendar.ics',
      ...decodeFile(request.body, charsetOf(request.headers['content-type'])),
      ...(label ? { label } : {}),
    };
  }
  const body: unknown = request.body ?? {};
  const parsed = connectIcsBodySchema.safeParse(body);
  if (!parsed.success) throw invalidInput(describeIssues(parsed.error, body));
  return {
    kind: 'feed',
    url: parsed.data.url,
    ...(parsed.data.label ? { label: parsed.data.label } : {}),
  };
}

/**
 * A multipart upload: its `file` part, and a `label` field sent before it. A blank label field is
 * no label (a form sends its empty inputs); a label or a file name with a NUL, or longer than
 * the label schema allows, is refused as it is in the other forms. A part's charset is not known
 * here (the multipart parser keeps only its media type), so the file is read as one without a
 * declared charset: UTF-8, or windows-1252 when it is not valid UTF-8, with a note.
 */
async function readUpload(request: FastifyRequest): Promise<ConnectIcsInput> {
  let file;
  let bytes: Buffer;
  try {
    file = await request.file();
    if (!file) throw invalidInput('body.file: the multipart upload has no file');
    bytes = await file.toBuffer();
  } catch (error) {
    throw unreadableUpload(error);
  }
  const label = fieldValue(file.fields['label']);
  const fields = { label: label?.trim() || undefined, file: file.filename || 'calendar.ics' };
  const nul = nulIn({ label, file: file.filename }, 'body');
  if (nul !== null) throw invalidInput(`${nul}: must not contain a NUL character (\\u0000)`);
  const parsed = connectIcsUploadSchema.safeParse(fields);
  if (!parsed.success) throw invalidInput(describeIssues(parsed.error, fields));
  return {
    kind: 'file',
    fileName: parsed.data.file,
    ...decodeFile(bytes, null),
    ...(parsed.data.label ? { label: parsed.data.label } : {}),
  };
}

/** An uploaded file's text; a charset that cannot be read is the caller's to fix: a 400. */
function decodeFile(
  bytes: Buffer,
  charset: string | null,
): { content: string; charsetNote?: string } {
  const decoded = decodeDeclared(bytes, charset);
  if (decoded.unknownCharset !== null) {
    throw invalidInput(
      `headers.content-type: the charset ${printableCharset(decoded.unknownCharset)} is not one calintel can read; send UTF-8, or name a charset of the WHATWG Encoding Standard (such as ISO-8859-1 or windows-1252)`,
    );
  }
  const note = guessedCharsetNote('the file', decoded);
  return { content: decoded.text, ...(note === null ? {} : { charsetNote: note }) };
}

/** Each issue at its field; a field not sent is said to be required, as the API's handler says it. */
function describeIssues(error: z.ZodError, body: unknown): string {
  return error.issues
    .map((issue) => {
      const missing = issue.path.length > 0 && valueAt(body, issue.path) === undefined;
      return `body.${issue.path.join('.')}: ${missing ? requiredWords(issue.path) : issue.message}`;
    })
    .join('; ');
}

/** A missing `url` most often means a file sent the wrong way: say both ways. */
function requiredWords(path: readonly PropertyKey[]): string {
  return path.join('.') === 'url'
    ? "is required (a feed's URL as JSON; a file is sent as multipart/form-data or a text/calendar body)"
    : 'is required';
}

/**
 * The multipart parser's own errors (no boundary, a body that is not multipart, a part cut off)
 * carry no status: they are the client's, a 400 that says what was wrong. Errors with a client
 * status (a file over the size limit is 413) and our own pass as they are.
 */
function unreadableUpload(error: unknown): unknown {
  if (error instanceof AppError) return error;
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return invalidInput(
    `body: the multipart upload could not be read (${reason}); send multipart/form-data with a boundary and a "file" part`,
  );
}

function fieldValue(field: unknown): string | undefined {
  const single = Array.isArray(field) ? field[0] : field;
  if (
    single &&
    typeof single === 'object' &&
    'value' in single &&
    typeof single.value === 'string'
  ) {
    return single.value;
  }
  return undefined;
}
