/** Every versioned calendar route lives under this path. */
export const API_PREFIX = '/api/v1/calendar';

/** CRM records (accounts, leads, contacts) belong to the organisation, outside the calendar. */
export const CRM_PREFIX = '/api/v1/crm';
