/**
 * Units of time, apart from the thresholds in definitions.ts: reason-parts.ts and date-text.ts
 * need them, and model.ts (which definitions.ts reads types from) reads reason-parts.ts.
 */
export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;
