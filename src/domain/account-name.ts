/**
 * An account's natural key: its name without case and extra spaces, so that a CRM writing
 * "Umbrella" and another time " umbrella " names one account, as emails are matched without case.
 */
export function foldAccountName(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
}
