/**
 * What a page says about the zone its times are in. Times are shown in the profile's zone, which
 * need not be the browser's: without a word about it, someone in Los Angeles whose profile says
 * Europe/Berlin reads Berlin times as their own.
 */

/** A zone as people read it: `America/Los_Angeles` as `America/Los Angeles`. */
export function zoneName(timeZone: string): string {
  return timeZone.replace(/_/g, ' ');
}

/** The zone's canonical name (Asia/Calcutta is Asia/Kolkata), or the name as given. */
function canonical(timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('en', { timeZone }).resolvedOptions().timeZone;
  } catch {
    return timeZone;
  }
}

export interface TimeZoneNote {
  text: string;
  /** Whether the times are not in the browser's zone (worth drawing the eye to). */
  differs: boolean;
}

/**
 * The caption for times shown in `shown`: the profile's zone when `fromProfile`, else the
 * browser's; it says so when the browser is elsewhere.
 */
export function timeZoneNote(shown: string, browser: string, fromProfile: boolean): TimeZoneNote {
  const differs = canonical(shown) !== canonical(browser);
  if (!differs) {
    return {
      text: fromProfile
        ? `Times in ${zoneName(shown)}.`
        : `Times in ${zoneName(shown)}, this browser’s time zone (your profile sets none).`,
      differs: false,
    };
  }
  return {
    text: `Times in ${zoneName(shown)}, your profile’s time zone, not this browser’s (${zoneName(browser)}).`,
    differs: true,
  };
}
