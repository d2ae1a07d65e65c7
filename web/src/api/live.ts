import { CALENDAR_API } from './client';

export const LIVE_URL = `${CALENDAR_API}/live/`;

/** The version in a `change` event's data, or null when the data is not what the server sends. */
export function liveVersion(data: string): string | null {
  try {
    const parsed: unknown = JSON.parse(data);
    if (parsed && typeof parsed === 'object' && 'version' in parsed) {
      const { version } = parsed;
      if (typeof version === 'string' || typeof version === 'number') return String(version);
    }
  } catch {
    // Not JSON: ignored, as a stray comment would be.
  }
  return null;
}
