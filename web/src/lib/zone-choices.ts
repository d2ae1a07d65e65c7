/** The zones the dashboard offers to pick from, as the browser knows them. */

/** Every IANA zone the browser knows (UTC included), or a few when it cannot list them. */
export function knownZones(): string[] {
  const listed =
    typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return [...new Set(['UTC', ...listed])];
}

/**
 * The zone a typed name means: the known zone spelt the same ignoring case, with spaces for
 * underscores as zoneName writes them (`america/los angeles` is America/Los_Angeles); else null.
 */
export function matchZone(typed: string, zones: readonly string[]): string | null {
  const key = (zone: string) => zone.trim().replace(/ /g, '_').toLowerCase();
  const wanted = key(typed);
  if (!wanted) return null;
  return zones.find((zone) => key(zone) === wanted) ?? null;
}
