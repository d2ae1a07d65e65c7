/**
 * What a run says about hrefs a CalDAV server sent that are not URLs (see readHref): each such
 * href once, and each object whose fetch may have been answered under one. The object behind a
 * malformed href cannot be asked for or matched to what is stored, so the run goes on with the
 * others and deletes nothing that href may have named.
 */
import type { SyncIssue } from '../provider.js';

export class MalformedHrefIssues {
  private readonly said = new Set<string>();

  /** An issue for each href not said before in this run. */
  malformed(hrefs: readonly string[]): SyncIssue[] {
    const issues: SyncIssue[] = [];
    for (const href of hrefs) {
      if (this.said.has(href)) continue;
      this.said.add(href);
      issues.push({
        message:
          `the CalDAV server named a calendar object "${href}", which is not a URL; it was ` +
          'left out, nothing was taken as deleted for it, and it is asked for again on the next sync',
        line: null,
        providerEventId: null,
      });
    }
    return issues;
  }

  /** An object asked for whose answer may be the one under a malformed href: its events stay. */
  unanswered(href: string): SyncIssue {
    return {
      message:
        `${href}: the CalDAV server's answer for it came under an href that is not a URL; its ` +
        'stored events are kept, and it is fetched again on the next sync',
      line: null,
      providerEventId: href,
      keepsSeries: true,
    };
  }
}
