/**
 * Every threshold of relationship analysis, and the definitions the API docs quote. Changing a
 * number here changes the behaviour and its documentation together.
 */
import type { DurationTrend, RelationshipStage, Trend } from './model.js';

export { DAY_MS, MINUTE_MS } from './units.js';

/** A first sales meeting less than this long ago makes the relationship `new`. */
export const NEW_DAYS = 30;
/** No held sales meeting for this long or longer (and none booked soon): `dormant`. */
export const DORMANT_DAYS = 90;
/**
 * A sales meeting booked to start within this many days of now is contact: it keeps the account
 * from `dormant` and from `at_risk` for lack of meetings (a follow-up already in the calendar is
 * the surest sign the relationship goes on). Farther out, it is not yet: a meeting booked for
 * next quarter does not make months of silence steady.
 */
export const BOOKED_HORIZON_DAYS = 30;
/**
 * While the usual interval is not known yet (fewer than CADENCE_MIN_INTERVALS intervals), no
 * held sales meeting for this long since the last meeting day is going quiet (`at_risk`): the
 * first month is `new`, and one meeting with nothing after it for a month is not developing.
 */
export const QUIET_DAYS = NEW_DAYS;
/** `established` needs held sales meetings spanning at least this long... */
export const ESTABLISHED_SPAN_DAYS = 90;
/** ...and at least this many touchpoints (meeting days). */
export const ESTABLISHED_MIN_TOUCHPOINTS = 4;
/** The window of "recent": new stakeholders, seniority, steadiness of the cadence. */
export const RECENT_DAYS = 90;
/** A gap longer than this many usual intervals breaks the cadence (`at_risk`)... */
export const BROKEN_CADENCE_FACTOR = 2;
/** ...but never a gap shorter than this (a daily proof-of-concept week pausing is no risk). */
export const BROKEN_CADENCE_MIN_DAYS = 14;
/**
 * A steady cadence (`established`) forgives one such gap in the recent window, a one-off, once
 * the cadence has resumed: at least this many intervals between meeting days after the meeting
 * day that ended it (each no longer than the allowed gap). A second gap, or one not yet followed
 * by as many, is not steady.
 */
export const ONE_OFF_GAP_RESUME_INTERVALS = 2;
/** Declines rising: of the external invitations of the last this many past meetings... */
export const DECLINE_WINDOW_MEETINGS = 3;
/** ...counted together, at least this share declined... */
export const DECLINE_RISK_SHARE = 0.5;
/** ...and this much more than over the meetings before them (at least two of those). */
export const DECLINE_RISE = 0.25;
/** Widening: at least this many external people took part for the first time recently. */
export const EXPANSION_MIN_NEW_PEOPLE = 2;

/** Meetings starting within this of a touchpoint's first meeting are the same touchpoint. */
export const TOUCHPOINT_MERGE_HOURS = 12;
/** The usual interval is the median of the last this many intervals between touchpoints. */
export const CADENCE_WINDOW = 12;
/** Fewer intervals than this give no usual interval (and no broken cadence). */
export const CADENCE_MIN_INTERVALS = 2;
/** Trends are fitted on the last this many points, and need at least TREND_MIN_POINTS. */
export const TREND_WINDOW = 12;
export const TREND_MIN_POINTS = 4;
/** Cadence trend: fitted interval at the end over the start, beyond which it is not steady. */
export const CADENCE_TREND_RATIO = 1.5;
/**
 * A change the fit cannot see yet: the last this many intervals all past CADENCE_TREND_RATIO of
 * the median of the ones before them in the window (the fit takes up to about 29% of its points
 * for outliers, so a change of the last three of twelve reads steady to it).
 */
export const CADENCE_SHIFT_INTERVALS = 3;
/** Duration trend: fitted duration at the end over the start, beyond which it is not stable. */
export const DURATION_TREND_RATIO = 1.25;

/** An occurrence more than this far from its slot has moved. */
export const MOVED_TOLERANCE_MINUTES = 15;
/**
 * A series' time of day stepping by an hour and back within this many days moved (the zone of
 * a series changes its offset twice a year); a step that lasts longer is a daylight-saving shift.
 */
export const CLOCK_SHIFT_MIN_DAYS = 90;
/** Who stopped coming: attended at least twice, then missed each of the last this many. */
export const STOPPED_AFTER_OCCURRENCES = 2;
/** An implicit series: at least this many meetings of the same people... */
export const IMPLICIT_MIN_MEETINGS = 4;
/** ...this share of whose intervals are within IMPLICIT_TOLERANCE of the median interval. */
export const IMPLICIT_REGULAR_SHARE = 0.75;
export const IMPLICIT_TOLERANCE = 0.25;
/**
 * A steady group of a series' people less one (or plus one) continues the series when its first
 * meeting is at most this many of the series' intervals after the series' last: up to two
 * occurrences skipped at the change, as a weekly meeting skips over the holidays (the merged
 * series counts them as skipped). Farther, the meeting had lapsed (a gap past twice the interval
 * is already a broken cadence: BROKEN_CADENCE_FACTOR), and what starts then is a new one.
 */
export const IMPLICIT_CONTINUATION_INTERVALS = 3;

/**
 * What each stage means; rules apply in this order, the first that holds wins. A held sales
 * meeting (timeline.ts tookPlace) is one that some external person took part in: a meeting every
 * external person invited declined is no touchpoint (first and last meeting, new, dormant,
 * cadence) and counts only for declines rising. A booked sales meeting (timeline.ts firstBooked)
 * is one that starts after now, is not cancelled and not declined by every external person
 * invited; only the first one counts, and only within BOOKED_HORIZON_DAYS.
 */
const BOOKED =
  `sales meeting booked within the next ${BOOKED_HORIZON_DAYS} days (starting after now, not ` +
  `cancelled, not declined by every external person invited)`;

export const STAGE_DEFINITIONS: Record<RelationshipStage, string> = {
  dormant:
    `No held sales meeting for ${DORMANT_DAYS} days or more, and no ${BOOKED}. A sales ` +
    `meeting is held once it has started, is not cancelled and at least one external person ` +
    `invited did not decline it (or none is listed); one that every external person declined ` +
    `counts for no rule but declines rising.`,
  new: `The first held sales meeting was less than ${NEW_DAYS} days ago.`,
  at_risk:
    `The cadence is broken or people are pulling back: a lapse, with no ${BOOKED}: no held ` +
    `sales meeting for more than ${BROKEN_CADENCE_FACTOR} times the usual interval ` +
    `(median of the last ${CADENCE_WINDOW} intervals between meeting days, at least ` +
    `${CADENCE_MIN_INTERVALS} of them; never less than ${BROKEN_CADENCE_MIN_DAYS} days) or, ` +
    `while the usual interval is not known yet (meetings on fewer than ` +
    `${CADENCE_MIN_INTERVALS + 1} days), for ${QUIET_DAYS} days or more since the last meeting ` +
    `day began (gone quiet after first contact: one meeting a month ago and none since is at ` +
    `risk, not developing); or external declines rising (of the external ` +
    `invitations of the last ${DECLINE_WINDOW_MEETINGS} sales meetings that have started, ` +
    `whether held or declined by every external person, counted together, at least ` +
    `${DECLINE_RISK_SHARE * 100}% declined, ${DECLINE_RISE * 100} points more than of those of ` +
    `the meetings before, at least two of them); or ` +
    `seniority dropping (the most senior external attendee of the last ${RECENT_DAYS} days ranks ` +
    `below the most senior rank, director or higher, that at least two meetings of the ` +
    `${RECENT_DAYS} days before reached; a senior person seen at one meeting, or longer ago, ` +
    `does not count). Declines rising and seniority dropping make it at risk whatever is booked.`,
  expanding:
    `Established, and widening over the last ${RECENT_DAYS} days: at least ` +
    `${EXPANSION_MIN_NEW_PEOPLE} external people took part for the first time, or a new one is ` +
    `more senior than anyone before, or a department took part for the first time.`,
  established:
    `A steady cadence over ${ESTABLISHED_SPAN_DAYS} days or more, robust to a one-off gap: held ` +
    `sales meetings on at least ${ESTABLISHED_MIN_TOUCHPOINTS} days spanning ` +
    `${ESTABLISHED_SPAN_DAYS} days or more, and no interval between meeting days ending in the ` +
    `last ${RECENT_DAYS} days longer than ${BROKEN_CADENCE_FACTOR} times the usual interval ` +
    `(never less than ${BROKEN_CADENCE_MIN_DAYS} days), but one: a single such gap is allowed ` +
    `once the cadence has resumed after it, with at least ${ONE_OFF_GAP_RESUME_INTERVALS} ` +
    `intervals no longer than that after the meeting day that ended it. Two such gaps in the ` +
    `last ${RECENT_DAYS} days, or one not yet followed by ${ONE_OFF_GAP_RESUME_INTERVALS} ` +
    `intervals, are not steady; a gap still running past that length is at_risk, or developing ` +
    `when a meeting is booked.`,
  developing:
    `Past the first month, not dormant, not at risk and not yet established; or re-engaging: a ` +
    `lapse that would make it dormant or at risk (${DORMANT_DAYS} days without a held meeting, ` +
    `the cadence broken, gone quiet) with a ${BOOKED}. The calendar does not say when a meeting ` +
    `was booked, so the stage history replays each past instant from the meetings held by then ` +
    `and counts a booking only in the current stage (a change it makes is dated at the analysis).`,
};

/** The order in which STAGE_DEFINITIONS are tried. */
export const STAGE_PRECEDENCE: readonly RelationshipStage[] = [
  'dormant',
  'new',
  'at_risk',
  'expanding',
  'established',
  'developing',
];

const trendFit =
  `a Theil-Sen line through the last ${TREND_WINDOW} points (at least ${TREND_MIN_POINTS}, ` +
  `else unknown) of the logarithm over time`;

export const CADENCE_TREND_DEFINITIONS: Record<Trend, string> = {
  accelerating: `Intervals between meeting days shrink: each of the last ${CADENCE_SHIFT_INTERVALS} intervals is at most 1/${CADENCE_TREND_RATIO} of the median of the earlier ones in the window (at least ${TREND_MIN_POINTS} of them); or, when the last ${CADENCE_SHIFT_INTERVALS} do not agree so, ${trendFit} gives an end interval at most 1/${CADENCE_TREND_RATIO} of the start one.`,
  slowing: `Intervals between meeting days grow: each of the last ${CADENCE_SHIFT_INTERVALS} intervals is at least ${CADENCE_TREND_RATIO} times the median of the earlier ones; or, when they do not agree so, the fitted end interval is at least ${CADENCE_TREND_RATIO} times the start one.`,
  steady: 'Neither accelerating nor slowing.',
  unknown: `Fewer than ${TREND_MIN_POINTS} intervals between held meeting days.`,
};

export const DURATION_TREND_DEFINITIONS: Record<DurationTrend, string> = {
  growing: `Meetings get longer: ${trendFit} of the durations gives an end duration at least ${DURATION_TREND_RATIO} times the start one.`,
  shrinking: `Meetings get shorter: the fitted end duration is at most 1/${DURATION_TREND_RATIO} of the start one.`,
  stable: 'Neither growing nor shrinking.',
  unknown: `Fewer than ${TREND_MIN_POINTS} held meetings.`,
};
