/** Every versioned calendar route lives under this path. */
export const API_PREFIX = '/api/v1/calendar';
