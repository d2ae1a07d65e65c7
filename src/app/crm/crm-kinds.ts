/** The kinds of CRM record a batch or file holds, in the order a whole file is written. */
export const CRM_KINDS = ['accounts', 'leads', 'contacts'] as const;
export type CrmKind = (typeof CRM_KINDS)[number];
