/**
 * How the ICS provider words a text it refuses: cut off before its end, nothing readable in it,
 * or something else than a calendar where a feed should answer with one.
 */
import type { CutOff } from '../../domain/ical/ics-blocks.js';
import type { SyncIssue } from '../provider.js';
import { ProviderError } from '../provider.js';

export function cutOffError(cut: CutOff, source: 'feed' | 'file'): ProviderError {
  const open =
    cut.name === cut.outer
      ? `the ${cut.name} begun on line ${cut.line} is never closed`
      : `the ${cut.name} begun on line ${cut.line} has no END:${cut.name}`;
  const outcome =
    source === 'feed'
      ? 'nothing was changed; the next sync fetches it again'
      : 'nothing was imported; import the whole file';
  return new ProviderError(
    'ics',
    source === 'feed' ? 'transient' : 'invalid_input',
    `the ${source} ended before END:${cut.outer} (cut off?): ${open}; ${outcome}`,
  );
}

export function describeUnreadable(issues: SyncIssue[]): string {
  return `not a readable iCalendar file${firstProblem(issues)}`;
}

/**
 * The first problem, for an error that names its line once: the parser's messages begin with
 * `line N: ` already, so the line is added only to one that does not.
 */
function firstProblem(issues: SyncIssue[]): string {
  const first = issues[0];
  if (!first) return ': no events found';
  const named = first.line === null || first.message.startsWith(`line ${first.line}:`);
  return `${named ? '' : ` (line ${first.line})`}: ${first.message}`;
}

/**
 * What a feed answered instead of a calendar, for its error: what it looked like (empty, an
 * HTML page, JSON...), the media type it was sent as and its size, never its text, which may
 * be a sign-in page holding a token. A calendar none of whose events can be read names the
 * first problem's line, as an imported file's error does.
 */
export function describeAnswer(
  text: string,
  contentType: string | null,
  issues: SyncIssue[],
): string {
  const body = text.replace(/^\uFEFF/, '').trim();
  if (body === '') return 'an empty body, not a calendar';
  if (/^BEGIN:VCALENDAR/i.test(body)) {
    return `a calendar none of whose events can be read${firstProblem(issues)}`;
  }
  const sent = `(${[contentType, `${Buffer.byteLength(text)} bytes`].filter(Boolean).join(', ')})`;
  const head = body.slice(0, 2048).toLowerCase();
  const html =
    contentType === 'text/html' ||
    contentType === 'application/xhtml+xml' ||
    /^<!doctype html|<html[\s>]|<head[\s>]|<body[\s>]/.test(head);
  if (html) return `an HTML page ${sent}, not a calendar (a maintenance, error or sign-in page?)`;
  if (head.startsWith('<')) return `an XML document ${sent}, not a calendar`;
  if (contentType?.endsWith('json') || /^[{[]/.test(body)) return `JSON ${sent}, not a calendar`;
  return `text ${sent}, not a calendar`;
}
