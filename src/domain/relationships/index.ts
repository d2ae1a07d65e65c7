/** Relationship analysis: series, account timelines, cadence and trends, stakeholders, stages. */
export * from './model.js';
export {
  STAGE_DEFINITIONS,
  STAGE_PRECEDENCE,
  CADENCE_TREND_DEFINITIONS,
  DURATION_TREND_DEFINITIONS,
} from './definitions.js';
export * as RELATIONSHIP_THRESHOLDS from './definitions.js';
export { groupByAccount, hasSalesMeetings } from './accounts.js';
export { analyseAccount, analyseRelationships } from './analyse.js';
export { summariseAccount, summariseRelationships } from './summary.js';
export { accountKeyFor, DOMAIN_KEY_PREFIX, type AccountKeyInput } from './account-key.js';
export { toRelationshipMeeting } from './from-analysis.js';
export { profileTitle, type TitleProfile } from './titles.js';
export { reasonText, type Reason, type ReasonPart } from './reason-parts.js';
