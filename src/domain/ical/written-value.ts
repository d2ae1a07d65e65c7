/**
 * Property values as the file wrote them, for messages. ical.js keeps a value only in its own
 * parsed form, and printing that back is not what the file says (`UNTIL=2024-02` comes back as
 * `202402`, `RDATE:2024013T100000` as `2024013TT00000`), so the user cannot find it. A message
 * about a value is therefore kept in two forms, and the content line it quotes is looked up in
 * the text only when the message is said: reading a clean file copies no value for it.
 */

/** Longer values are cut here (an RRULE or an RDATE list can run to kilobytes). */
export const MAX_QUOTED = 80;

/** A message about one property's value: `plain` when the text is unknown, else `quoting`. */
export interface ValueMessage {
  plain: string;
  /** The message quoting `written`, the property's whole value as the file wrote it. */
  quoting: (written: string) => string;
}

/**
 * The value of an unfolded content line: the text after its first ':' outside double quotes
 * (a parameter may hold one: `DTEND;TZID="Odd:Zone":...`), the parameters left out.
 */
export function writtenValue(contentLine: string): string {
  let quoted = false;
  for (let i = 0; i < contentLine.length; i++) {
    const c = contentLine.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (c === 58 && !quoted) return contentLine.slice(i + 1);
  }
  return '';
}

/** `"value"`, cut at MAX_QUOTED characters with an ellipsis. */
export function quoteWritten(value: string): string {
  return value.length > MAX_QUOTED ? `"${value.slice(0, MAX_QUOTED)}…"` : `"${value}"`;
}

/** `<prefix>NAME "value" <rest>`, or `<prefix>NAME <rest>` when the file's text is unknown. */
export function aboutValue(name: string, rest: string, prefix = ''): ValueMessage {
  return {
    plain: `${prefix}${name} ${rest}`,
    quoting: (written) => `${prefix}${name} ${quoteWritten(written)} ${rest}`,
  };
}

/** The message to show, given the property's content line when it was found in the text. */
export function sayMessage(message: string | ValueMessage, contentLine: string | null): string {
  if (typeof message === 'string') return message;
  return contentLine === null ? message.plain : message.quoting(writtenValue(contentLine));
}
