/** Every versioned calendar route lives under this path. */
export const API_PREFIX = '/api/v1/calendar';

/** CRM records (accounts, leads, contacts) belong to the organisation, outside the calendar. */
export const CRM_PREFIX = '/api/v1/crm';

/** What belongs to the caller rather than to a calendar or the CRM: API tokens. */
export const ACCOUNT_PREFIX = '/api/v1';
