/**
 * Signals in the text that word lists miss: a ticket or incident number marks a support case,
 * not a sale, although the customer and its account executive attend.
 */

/**
 * A ticket or incident reference in folded text: "Ticket HA-SUP-2291", "#INC-2291", "SUP-10502",
 * "PagerDuty #88213" fold to a keyword, at most two short codes, then a number.
 */
const TICKET =
  /(?:^|\s)(?:tickets?|case|inc|sup|incident|incidencia|pagerduty|jira)(?:\s[a-z]{2,5}){0,2}\s\d{3,}(?![a-z0-9])/;

/** Whether the folded text (normaliseText) cites a ticket or incident number. */
export function citesTicket(normalised: string): boolean {
  return TICKET.test(normalised);
}
