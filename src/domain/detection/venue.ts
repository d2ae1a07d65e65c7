/**
 * Where a meeting happens, as its location field says. People type "Teams", "Telefon" or
 * "Llamada" there as often as an address: in the labelled corpus about half of the locations
 * without a conferencing link name a call, not a place, and reading them as in-person visits
 * taught the model that a "Teams" meeting with a customer was less likely to be a sale.
 */

export type Venue = 'video' | 'phone' | 'place';

/** Video tools by name (folded like normaliseText), with or without a link. */
const VIDEO =
  /(?:^|\s)(?:teams|zoom|google meet|meet|webex|whereby|skype|hangouts?|gotomeeting|goto meeting|visio|visioconference|videoconferencia|videollamada|video call|videocall|online|en ligne|en linea)(?![a-z0-9])/;

/** Phone calls by name, or a phone number (a `+` or a run of digits). */
const PHONE =
  /(?:^|\s)(?:phone|telephone|telefon|telefono|telefone|tel|llamada|anruf|appel|call|conference call)(?![a-z0-9])|^\+?[\d\s]{7,}$/;

/**
 * The venue a location names: `video` for a link or a video tool, `phone` for a call, `place`
 * for anything else (an address, a room, a restaurant); null without a location.
 * `normalised` is the location folded by normaliseText (links already removed).
 */
export function venueOf(raw: string | null, normalised: string): Venue | null {
  if (!raw || !raw.trim()) return null;
  if (/https?:\/\//i.test(raw) || VIDEO.test(normalised)) return 'video';
  if (PHONE.test(normalised) || /^\s*\+\d/.test(raw)) return 'phone';
  return 'place';
}
