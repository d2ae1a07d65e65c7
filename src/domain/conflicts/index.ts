/** Scheduling conflicts: overlaps, travel, duplicates, and the suggestions that resolve them. */
export type {
  Availability,
  BusyRange,
  Conflict,
  ConflictAttendee,
  ConflictEvent,
  ConflictKind,
  MeetingFacts,
  Place,
  PlaceSource,
  ResponseStatus,
  Severity,
  Suggestion,
  SuggestionAction,
  TimeRange,
  TravelDetails,
  TravelMode,
} from './types.js';
export {
  conflictSettings,
  DEFAULT_CONFLICT_SETTINGS,
  DEFAULT_TRAVEL,
  DEFAULT_WORKING_HOURS,
  type ConflictSettings,
  type ConflictSettingsInput,
  type Office,
  type TravelSettings,
  type WorkingHours,
} from './settings.js';
export { availabilityFromEvents, busyRangeOf, isCopyOf, NO_AVAILABILITY } from './availability.js';
export { blocksTime, isFirm, isOrganisedByOwner, isTentative, sameEmail } from './blocking.js';
export { conflictIdentity, conflictKey, identityOf } from './conflict.js';
export { detectConflicts } from './detect.js';
export { findDuplicates, type DuplicateCluster } from './duplicates.js';
export {
  gazetteerFrom,
  offlineGazetteer,
  OFFLINE_GAZETTEER,
  type Gazetteer,
  type GazetteerAirport,
  type GazetteerCity,
} from './gazetteer.js';
export { findOverlapGroups, overlapSpan } from './overlap-sweep.js';
export { findOverlappingEvents, type OverlapGroup } from './overlaps.js';
export { isOnOwnCalendar, isOwnHold } from './people.js';
export { conflictStateAt, isOver, type ConflictState, type StoredConflictStatus } from './past.js';
export { resolvePlace, virtualReason, whereaboutsOf, type Whereabouts } from './places.js';
export { meetingPriority, type Priority } from './priority.js';
export { nextFreeSlot, type SlotRequest } from './slots.js';
export { shortenedAt } from './suggestions.js';
export {
  haversineKm,
  modelTravelEstimator,
  type TravelEstimate,
  type TravelTimeEstimator,
} from './travel-model.js';
export { makeConflictEvent, type ConflictEventInput } from './make-event.js';
export { isTrip } from './trips.js';
export { formatLocal, isValidZone, startOfDate } from './zones.js';
export { toldAt, wording, wordingText, type ToldInstant, type WordingPart } from './wording.js';
export {
  explainClearance,
  type Clearance,
  type CurrentEvent,
  type EventChange,
  type EventSnapshot,
} from './clearance.js';
