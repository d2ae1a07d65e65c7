/**
 * One load of an organisation's analysis for all who ask for it before its reads begin. A CRM
 * write queues detection for every user of the organisation, and their jobs start together: each
 * read and indexed the whole CRM (three copies of 55,000 accounts, each read one synchronous
 * stretch on SQLite). A load begins its reads a turn of the event loop after it is first asked
 * for, and whoever asks until then shares it: its reads begin after they asked, so they see every
 * write committed before they asked (the write that queued their job included). Whoever asks
 * once the reads have begun starts a load of their own.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { MeetingModels } from '../../domain/detection/analyse.js';
import type { OrgScope, Store } from '../../store/store.js';
import { loadOrganisationAnalysis, type OrganisationAnalysis } from './organisation-analysis.js';

interface WaitingLoad {
  modelVersion: string;
  analysis: Promise<OrganisationAnalysis>;
}

export class SharedOrganisationLoads {
  /** By organisation id: the load whose reads have not begun, which an asker may join. */
  private readonly waiting = new Map<string, WaitingLoad>();

  constructor(private readonly store: Store) {}

  load(scope: OrgScope, models: MeetingModels): Promise<OrganisationAnalysis> {
    const joinable = this.waiting.get(scope.orgId);
    if (joinable?.modelVersion === models.version) return joinable.analysis;
    const load: WaitingLoad = {
      modelVersion: models.version,
      analysis: this.afterATurn(scope.orgId, () => load, models),
    };
    this.waiting.set(scope.orgId, load);
    return load.analysis;
  }

  private async afterATurn(
    orgId: string,
    self: () => WaitingLoad,
    models: MeetingModels,
  ): Promise<OrganisationAnalysis> {
    await nextTurn();
    // From here on the reads may miss a write made before someone asks: nobody joins.
    if (this.waiting.get(orgId) === self()) this.waiting.delete(orgId);
    return loadOrganisationAnalysis(this.store, { orgId }, models);
  }
}
