/** The status line after the write-back setting changed. */
export function writeBackSavedMessage(writeBack: boolean): string {
  return writeBack
    ? 'Saved: calintel will change your calendar when you apply a suggestion.'
    : 'Saved: calintel will no longer change your calendar; you make the changes yourself.';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * What the organisation's policy resolves by itself, when it does: its changes reach the
 * calendar only with the user's write-back on.
 */
export function autoResolveNote(policy: Record<string, unknown>): string | null {
  const rules = policy['autoResolve'];
  if (!isRecord(rules) || rules['enabled'] !== true) return null;
  const what: string[] = [];
  if (rules['mergeDuplicates'] !== false) what.push('merges duplicate events');
  if (rules['releaseHolds'] !== false)
    what.push('releases your own holds under customer meetings you have accepted or organise');
  if (what.length === 0) return null;
  return `Your organisation’s policy also ${what.join(' and ')} as soon as they are found; this setting decides whether that reaches your calendar too.`;
}
