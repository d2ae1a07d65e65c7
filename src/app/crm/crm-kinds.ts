/** The kinds of CRM record a batch or file holds, in the order a whole file is written. */
export const CRM_KINDS = ['accounts', 'leads', 'contacts'] as const;
export type CrmKind = (typeof CRM_KINDS)[number];

/** Where an item of a batch is, for an error: `body.leads.3`, `line 4`; with a field, that too. */
export type Locate = (index: number, field?: string) => string;

/** Items of a list, by index: `leads.3`, `leads.3.email`. */
export function listLocator(list: string): Locate {
  return (index, field) => [list, index, ...(field ? [field] : [])].join('.');
}

/** The singular, for messages about one record. */
export const RECORD_NAMES: Record<CrmKind, string> = {
  accounts: 'account',
  leads: 'lead',
  contacts: 'contact',
};
