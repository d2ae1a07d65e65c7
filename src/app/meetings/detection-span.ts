/** The span of time meeting detection reads. */
/**
 * What meeting detection covers: every stored event that retention keeps, up to the sync
 * window's end. Not only the window's past (90 days by default): `established` needs three
 * months of meetings and `dormant` a last one over 90 days ago, which a window that short could
 * not show at the start; a provider that lists from the retention cutoff (Google) has a year of
 * history stored, and events that aged out of the window stay stored until retention too.
 */
export function detectionSpan(
  window: { from: Date; to: Date },
  retentionDays: number,
  now: Date,
): { from: Date; to: Date } {
  const retained = new Date(now.getTime() - retentionDays * 86_400_000);
  return { from: retained < window.from ? retained : window.from, to: window.to };
}
